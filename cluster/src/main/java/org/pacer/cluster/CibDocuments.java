package org.pacer.cluster;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import javax.xml.xpath.XPathFactoryConfigurationException;

import org.pacer.cib.CibVersion;
import org.pacer.cib.XmlElement;
import org.pacer.cib.XmlWriter;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Pure functions on whole CIB documents: the empty CIB, digests, XPath selection, and the edits behind
 * {@link CibOperation}s. Nothing here changes state; the replicator decides what becomes current.
 */
public final class CibDocuments {
    private CibDocuments() {
    }

    /** The CIB of a cluster that has never been configured. */
    public static XmlElement empty() {
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("admin_epoch", "0");
        attrs.put("epoch", "0");
        attrs.put("num_updates", "0");
        attrs.put("validate-with", "pacemaker-3.9");
        attrs.put("crm_feature_set", "3.17.4");
        XmlElement configuration = XmlElement.of("configuration", Map.of(), List.of(
                XmlElement.of("crm_config", Map.of()), XmlElement.of("nodes", Map.of()),
                XmlElement.of("resources", Map.of()), XmlElement.of("constraints", Map.of())));
        return XmlElement.of("cib", attrs, List.of(configuration, XmlElement.of("status", Map.of())));
    }

    /** SHA-256 of the document's compact form: equal documents, equal digests. */
    public static String digest(XmlElement cib) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(XmlWriter.toCompactXml(cib).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Checks a document is a CIB at all: a {@code <cib>} root with a {@code <configuration>}. */
    public static void requireCib(XmlElement cib, String source) {
        if (!cib.name().equals("cib")) {
            throw new ClusterException(source + ": the root element is <" + cib.name() + ">, expected <cib>");
        }
        if (cib.child("configuration").isEmpty()) {
            throw new ClusterException(source + ": <cib> has no <configuration>");
        }
        CibVersion.of(cib);
    }

    /** The configuration part: root attributes other than the version counters, and the configuration. */
    static boolean sameConfiguration(XmlElement a, XmlElement b) {
        return Objects.equals(a.child("configuration"), b.child("configuration"))
                && Objects.equals(stripVersion(a.attributes()), stripVersion(b.attributes()));
    }

    private static Map<String, String> stripVersion(Map<String, String> attributes) {
        Map<String, String> copy = new LinkedHashMap<>(attributes);
        for (String counter : List.of("admin_epoch", "epoch", "num_updates", "have-quorum", "dc-uuid",
                "cib-last-written", "update-origin", "update-client", "update-user")) {
            copy.remove(counter);
        }
        return copy;
    }

    /** The elements an XPath expression selects, in document order. */
    public static List<XmlElement> select(XmlElement cib, String xpath) {
        Document dom = newDocument();
        Map<Node, XmlElement> origin = new IdentityHashMap<>();
        dom.appendChild(toDom(dom, cib, origin));
        NodeList nodes;
        try {
            XPathFactory factory = XPathFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            nodes = (NodeList) factory.newXPath().evaluate(xpath, dom, XPathConstants.NODESET);
        } catch (XPathExpressionException e) {
            throw new ClusterException("--xpath '" + xpath + "': not a valid XPath expression"
                    + (e.getMessage() == null ? "" : ": " + firstLine(e)));
        } catch (XPathFactoryConfigurationException e) {
            throw new IllegalStateException(e);
        }
        List<XmlElement> selected = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            XmlElement element = origin.get(nodes.item(i));
            if (element == null) {
                throw new ClusterException("--xpath '" + xpath + "': selects something other than elements");
            }
            selected.add(element);
        }
        return selected;
    }

    private static String firstLine(Exception e) {
        Throwable t = e.getCause() != null ? e.getCause() : e;
        String message = Objects.requireNonNullElse(t.getMessage(), t.toString());
        return message.lines().findFirst().orElse("");
    }

    /** The CIB without the elements the XPath selects; refuses to delete the root. */
    public static XmlElement delete(XmlElement cib, String xpath) {
        List<XmlElement> selected = select(cib, xpath);
        if (selected.isEmpty()) {
            throw new ClusterException(ClusterException.Kind.NOT_FOUND, "--xpath '" + xpath + "' selects nothing");
        }
        Set<XmlElement> doomed = Collections.newSetFromMap(new IdentityHashMap<>());
        doomed.addAll(selected);
        if (doomed.contains(cib)) {
            throw new ClusterException(ClusterException.Kind.REFUSED, "--xpath '" + xpath + "' selects the whole <cib>; use replace");
        }
        return without(cib, doomed);
    }

    private static XmlElement without(XmlElement element, Set<XmlElement> doomed) {
        List<XmlElement> kept = new ArrayList<>();
        boolean changed = false;
        for (XmlElement child : element.children()) {
            if (doomed.contains(child)) {
                changed = true;
                continue;
            }
            XmlElement updated = without(child, doomed);
            changed |= updated != child;
            kept.add(updated);
        }
        return changed ? element.withChildren(kept) : element;
    }

    /**
     * Merges a fragment into the first element with the same name and id (the root when the fragment is a
     * {@code <cib>}): its attributes are set, and its children merged the same way or appended.
     */
    public static XmlElement modify(XmlElement cib, XmlElement fragment) {
        if (fragment.name().equals("cib")) {
            return merge(cib, fragment);
        }
        Optional<XmlElement> updated = modifyFirst(cib, fragment);
        return updated.orElseThrow(() -> new ClusterException(ClusterException.Kind.NOT_FOUND,
                "no <" + fragment.name() + (fragment.id() == null ? "" : " id=\"" + fragment.id() + "\"")
                        + "> in the CIB to modify"));
    }

    private static Optional<XmlElement> modifyFirst(XmlElement element, XmlElement fragment) {
        List<XmlElement> children = element.children();
        for (int i = 0; i < children.size(); i++) {
            XmlElement child = children.get(i);
            Optional<XmlElement> replaced = matches(child, fragment)
                    ? Optional.of(merge(child, fragment)) : modifyFirst(child, fragment);
            if (replaced.isPresent()) {
                List<XmlElement> copy = new ArrayList<>(children);
                copy.set(i, replaced.get());
                return Optional.of(element.withChildren(copy));
            }
        }
        return Optional.empty();
    }

    private static boolean matches(XmlElement candidate, XmlElement fragment) {
        return candidate.name().equals(fragment.name())
                && (fragment.id() == null || fragment.id().equals(candidate.id()));
    }

    private static XmlElement merge(XmlElement target, XmlElement fragment) {
        Map<String, String> attrs = new LinkedHashMap<>(target.attributes());
        attrs.putAll(fragment.attributes());
        List<XmlElement> children = new ArrayList<>(target.children());
        for (XmlElement part : fragment.children()) {
            int match = -1;
            for (int i = 0; i < children.size(); i++) {
                if (matches(children.get(i), part) && (part.id() != null || children.get(i).id() == null)) {
                    match = i;
                    break;
                }
            }
            if (match >= 0) {
                children.set(match, merge(children.get(match), part));
            } else {
                children.add(part);
            }
        }
        XmlElement merged = target.withAttributes(attrs).withChildren(children);
        return fragment.text() != null ? merged.withText(fragment.text()) : merged;
    }

    private static Document newDocument() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            return factory.newDocumentBuilder().newDocument();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Element toDom(Document dom, XmlElement element, Map<Node, XmlElement> origin) {
        Element node = dom.createElement(element.name());
        element.attributes().forEach(node::setAttribute);
        if (element.text() != null) {
            node.appendChild(dom.createTextNode(element.text()));
        }
        for (XmlElement child : element.children()) {
            node.appendChild(toDom(dom, child, origin));
        }
        origin.put(node, element);
        return node;
    }
}
