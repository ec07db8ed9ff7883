package org.pacer.cli.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import org.pacer.cib.Duration;
import org.pacer.cib.Score;
import org.pacer.cib.XmlElement;
import org.pacer.cli.CommandFailure;
import org.pacer.cli.ExitCode;

/**
 * Pure operations on a CIB's configuration section that every edit needs: finding elements by id,
 * replacing them, making fresh ids, and setting name/value pairs. Each returns a new tree; none writes.
 */
public final class ConfigTree {
    /** The elements that define a resource. */
    public static final Set<String> RESOURCE_ELEMENTS = Set.of("primitive", "group", "clone", "master", "bundle");

    private ConfigTree() {
    }

    /** The configuration's {@code <NAME>} section, empty when missing. */
    public static XmlElement section(XmlElement cib, String name) {
        return configuration(cib).child(name).orElse(XmlElement.of(name, Map.of()));
    }

    static XmlElement configuration(XmlElement cib) {
        return cib.child("configuration").orElseThrow(() ->
                new CommandFailure(ExitCode.FAILED, "the CIB has no <configuration>"));
    }

    /** The CIB with its configuration section {@code NAME} replaced (or added). */
    public static XmlElement withSection(XmlElement cib, XmlElement section) {
        return cib.withChild("configuration", configuration(cib).withChild(section.name(), section));
    }

    /** The configuration element with this id, if any (constraint and resource ids share one namespace). */
    public static Optional<XmlElement> find(XmlElement cib, String id) {
        return configuration(cib).descendantsAndSelf()
                .filter(e -> id.equals(e.id()) && !e.name().equals("resource_ref") && !e.name().equals("node"))
                .findFirst();
    }

    /** The resource (primitive, group, clone, bundle) with this id, or a not-found failure. */
    public static XmlElement resource(XmlElement cib, String id) {
        return section(cib, "resources").descendantsAndSelf()
                .filter(e -> RESOURCE_ELEMENTS.contains(e.name()) && id.equals(e.id())).findFirst()
                .orElseThrow(() -> new CommandFailure(ExitCode.NOT_FOUND, "no resource '" + id
                        + "' in the configuration (pacer resource list shows the resources)"));
    }

    /** Whether a resource with this id exists. */
    public static boolean hasResource(XmlElement cib, String id) {
        return section(cib, "resources").descendantsAndSelf()
                .anyMatch(e -> RESOURCE_ELEMENTS.contains(e.name()) && id.equals(e.id()));
    }

    /** Every id defined in the configuration. */
    public static Set<String> ids(XmlElement cib) {
        return configuration(cib).descendantsAndSelf().map(XmlElement::id).filter(java.util.Objects::nonNull)
                .collect(Collectors.toSet());
    }

    /** {@code base} made into a valid XML id that is not used yet ({@code base}, then base-1, base-2...). */
    public static String freshId(XmlElement cib, String base) {
        return freshId(ids(cib), base);
    }

    static String freshId(Set<String> taken, String base) {
        String clean = base.replaceAll("[^A-Za-z0-9_.-]", "-");
        if (clean.isEmpty() || !Character.isLetter(clean.charAt(0)) && clean.charAt(0) != '_') {
            clean = "id-" + clean;
        }
        String candidate = clean;
        for (int n = 1; taken.contains(candidate); n++) {
            candidate = clean + "-" + n;
        }
        return candidate;
    }

    /** Refuses an id the user chose that is not a valid XML id or is in use already. */
    public static void requireNewId(XmlElement cib, String id) {
        if (!id.matches("[A-Za-z_][A-Za-z0-9_.-]*")) {
            throw new CommandFailure(ExitCode.USAGE, "'" + id + "' is not a valid id (a letter or _, then letters,"
                    + " digits, _ . -)");
        }
        find(cib, id).ifPresent(e -> {
            throw new CommandFailure(ExitCode.REFUSED, "id '" + id + "' is already used by a <" + e.name()
                    + ">; choose another");
        });
    }

    /** The CIB with the first element matching {@code which} replaced by {@code change} (null removes it). */
    public static XmlElement replace(XmlElement cib, Predicate<XmlElement> which, UnaryOperator<XmlElement> change) {
        XmlElement configuration = configuration(cib);
        Optional<XmlElement> updated = replaceIn(configuration, which, change);
        return updated.map(c -> cib.withChild("configuration", c)).orElse(cib);
    }

    private static Optional<XmlElement> replaceIn(XmlElement element, Predicate<XmlElement> which,
                                                  UnaryOperator<XmlElement> change) {
        List<XmlElement> children = element.children();
        for (int i = 0; i < children.size(); i++) {
            XmlElement child = children.get(i);
            if (which.test(child)) {
                List<XmlElement> copy = new ArrayList<>(children);
                XmlElement replacement = change.apply(child);
                if (replacement == null) {
                    copy.remove(i);
                } else {
                    copy.set(i, replacement);
                }
                return Optional.of(element.withChildren(copy));
            }
            Optional<XmlElement> inner = replaceIn(child, which, change);
            if (inner.isPresent()) {
                List<XmlElement> copy = new ArrayList<>(children);
                copy.set(i, inner.get());
                return Optional.of(element.withChildren(copy));
            }
        }
        return Optional.empty();
    }

    /** The CIB with the configuration element of this id replaced by {@code change} (null removes it). */
    public static XmlElement replaceById(XmlElement cib, String id, UnaryOperator<XmlElement> change) {
        return replace(cib, e -> id.equals(e.id()) && !e.name().equals("resource_ref"), change);
    }

    /**
     * {@code owner} with name/value pairs set in its first {@code <SET_NAME>} (created when needed); a null
     * value removes the pair, and a set left empty is removed. Ids are made from the owner's id.
     */
    public static XmlElement withPairs(XmlElement owner, String setName, Map<String, String> changes, Set<String> taken) {
        List<XmlElement> children = new ArrayList<>(owner.children());
        int index = -1;
        for (int i = 0; i < children.size(); i++) {
            if (children.get(i).name().equals(setName)) {
                index = i;
                break;
            }
        }
        java.util.HashSet<String> used = new java.util.HashSet<>(taken);
        XmlElement set;
        if (index >= 0) {
            set = children.get(index);
        } else {
            String setId = freshId(used, owner.id() + "-" + setName);
            used.add(setId);
            set = XmlElement.of(setName, Map.of("id", setId));
        }
        List<XmlElement> pairs = new ArrayList<>(set.children());
        for (Map.Entry<String, String> change : changes.entrySet()) {
            int at = -1;
            for (int i = 0; i < pairs.size(); i++) {
                if (pairs.get(i).name().equals("nvpair") && change.getKey().equals(pairs.get(i).attr("name"))) {
                    at = i;
                    break;
                }
            }
            if (change.getValue() == null) {
                if (at >= 0) {
                    pairs.remove(at);
                }
            } else if (at >= 0) {
                pairs.set(at, pairs.get(at).withAttribute("value", change.getValue()));
            } else {
                String pairId = freshId(used, set.id() + "-" + change.getKey());
                used.add(pairId);
                Map<String, String> attrs = new LinkedHashMap<>();
                attrs.put("id", pairId);
                attrs.put("name", change.getKey());
                attrs.put("value", change.getValue());
                pairs.add(XmlElement.of("nvpair", attrs));
            }
        }
        if (pairs.isEmpty() && set.children().stream().noneMatch(c -> !c.name().equals("nvpair"))) {
            if (index >= 0) {
                children.remove(index);
            }
            return owner.withChildren(children);
        }
        XmlElement updated = set.withChildren(pairs);
        if (index >= 0) {
            children.set(index, updated);
        } else {
            children.add(updated);
        }
        return owner.withChildren(children);
    }

    /** The name/value pairs of an element's {@code <SET_NAME>} sets, in order (later sets do not override). */
    public static Map<String, String> pairs(XmlElement owner, String setName) {
        Map<String, String> values = new LinkedHashMap<>();
        for (XmlElement set : owner.children(setName)) {
            for (XmlElement pair : set.children("nvpair")) {
                values.putIfAbsent(pair.attr("name", ""), pair.attr("value", ""));
            }
        }
        return values;
    }

    /** {@code text} as a score; a usage failure saying what a score looks like. */
    public static String score(String text, String what) {
        if (!Score.isValid(text)) {
            throw new CommandFailure(ExitCode.USAGE, what + ": '" + text
                    + "' is not a score (an integer, INFINITY or -INFINITY)");
        }
        return text.strip();
    }

    /** {@code text} as a duration; a usage failure saying what a duration looks like. */
    public static String duration(String text, String what) {
        if (!Duration.isValid(text)) {
            throw new CommandFailure(ExitCode.USAGE, what + ": '" + text
                    + "' is not a duration (e.g. 30s, 5min, 1h, PT10S)");
        }
        return text.strip();
    }

    /** Splits NAME=VALUE; a usage failure naming the argument otherwise. */
    public static Map.Entry<String, String> nameValue(String argument) {
        int eq = argument.indexOf('=');
        if (eq <= 0) {
            throw new CommandFailure(ExitCode.USAGE, "'" + argument + "' is not NAME=VALUE");
        }
        return Map.entry(argument.substring(0, eq), argument.substring(eq + 1));
    }
}
