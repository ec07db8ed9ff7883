package org.pacer.cib;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * An immutable XML element: name, attributes in document order, child elements and any non-blank text.
 * It is the lossless substrate of the CIB: the typed model reads from it, and whatever Pacer does not
 * know yet stays in it untouched. Equality ignores the source position, which is kept only for messages.
 */
public final class XmlElement {
    private final String name;
    private final Map<String, String> attributes;
    private final List<XmlElement> children;
    private final String text;
    private final SourcePosition position;
    private int hash;

    private XmlElement(String name, Map<String, String> attributes, List<XmlElement> children, String text,
                       SourcePosition position) {
        this.name = Objects.requireNonNull(name, "name");
        this.attributes = attributes;
        this.children = children;
        this.text = text;
        this.position = position;
    }

    /** A new element; the maps and lists are copied. {@code text} is null when the element has none. */
    public static XmlElement of(String name, Map<String, String> attributes, List<XmlElement> children,
                                String text, SourcePosition position) {
        return new XmlElement(name,
                Attributes.copyOf(attributes),
                List.copyOf(children),
                text == null || text.isBlank() ? null : text,
                position == null ? SourcePosition.UNKNOWN : position);
    }

    /** The parser's way in: {@code attributes} and {@code children} are handed over, not copied. */
    static XmlElement parsed(String name, Attributes attributes, List<XmlElement> children, String text,
                             SourcePosition position) {
        return new XmlElement(name, attributes, children, text, position);
    }

    public static XmlElement of(String name, Map<String, String> attributes, List<XmlElement> children) {
        return of(name, attributes, children, null, SourcePosition.UNKNOWN);
    }

    public static XmlElement of(String name, Map<String, String> attributes) {
        return of(name, attributes, List.of());
    }

    public String name() {
        return name;
    }

    /** Attributes in document order. */
    public Map<String, String> attributes() {
        return attributes;
    }

    public List<XmlElement> children() {
        return children;
    }

    /** The element's own non-blank text, or null. */
    public String text() {
        return text;
    }

    public SourcePosition position() {
        return position;
    }

    /** The attribute's value, or null when absent. */
    public String attr(String attribute) {
        return attributes.get(attribute);
    }

    public String attr(String attribute, String fallback) {
        String value = attributes.get(attribute);
        return value == null ? fallback : value;
    }

    public Optional<String> optAttr(String attribute) {
        return Optional.ofNullable(attributes.get(attribute));
    }

    /** The {@code id} attribute, or null. */
    public String id() {
        return attributes.get("id");
    }

    /** Child elements with the given name, in document order. */
    public List<XmlElement> children(String childName) {
        List<XmlElement> matches = new ArrayList<>();
        for (XmlElement child : children) {
            if (child.name.equals(childName)) {
                matches.add(child);
            }
        }
        return matches;
    }

    /** The first child with the given name. */
    public Optional<XmlElement> child(String childName) {
        for (XmlElement child : children) {
            if (child.name.equals(childName)) {
                return Optional.of(child);
            }
        }
        return Optional.empty();
    }

    /** Follows a path of child names, taking the first match at each step. */
    public Optional<XmlElement> path(String... names) {
        XmlElement at = this;
        for (String step : names) {
            Optional<XmlElement> next = at.child(step);
            if (next.isEmpty()) {
                return Optional.empty();
            }
            at = next.get();
        }
        return Optional.of(at);
    }

    /** This element and all its descendants, depth first, in document order. */
    public Stream<XmlElement> descendantsAndSelf() {
        // One walk with a stack of child iterators: nested concat/flatMap streams cost a stream pipeline per
        // element, which on a CIB with tens of thousands of history entries was a visible part of a scheduler run.
        return StreamSupport.stream(new Spliterators.AbstractSpliterator<XmlElement>(Long.MAX_VALUE,
                Spliterator.ORDERED | Spliterator.NONNULL) {
            private final Deque<Iterator<XmlElement>> pending = new ArrayDeque<>();
            private XmlElement first = XmlElement.this;

            @Override
            public boolean tryAdvance(Consumer<? super XmlElement> action) {
                XmlElement next = first;
                if (next != null) {
                    first = null;
                } else {
                    while (!pending.isEmpty() && !pending.peek().hasNext()) {
                        pending.pop();
                    }
                    if (pending.isEmpty()) {
                        return false;
                    }
                    next = pending.peek().next();
                }
                if (!next.children.isEmpty()) {
                    pending.push(next.children.iterator());
                }
                action.accept(next);
                return true;
            }
        }, false);
    }

    public XmlElement withAttribute(String attribute, String value) {
        Map<String, String> copy = new LinkedHashMap<>(attributes);
        if (value == null) {
            copy.remove(attribute);
        } else {
            copy.put(attribute, value);
        }
        return new XmlElement(name, Attributes.copyOf(copy), children, text, position);
    }

    public XmlElement withAttributes(Map<String, String> newAttributes) {
        return new XmlElement(name, Attributes.copyOf(newAttributes), children, text, position);
    }

    public XmlElement withChildren(List<XmlElement> newChildren) {
        return new XmlElement(name, attributes, List.copyOf(newChildren), text, position);
    }

    public XmlElement withText(String newText) {
        return new XmlElement(name, attributes, children,
                newText == null || newText.isBlank() ? null : newText, position);
    }

    /** A copy with the first child of the given name replaced (or appended when there is none). */
    public XmlElement withChild(String childName, XmlElement replacement) {
        List<XmlElement> copy = new ArrayList<>(children);
        for (int i = 0; i < copy.size(); i++) {
            if (copy.get(i).name.equals(childName)) {
                copy.set(i, replacement);
                return withChildren(copy);
            }
        }
        copy.add(replacement);
        return withChildren(copy);
    }

    /** A copy without the children that match. */
    public XmlElement withoutChildren(Predicate<XmlElement> which) {
        return withChildren(children.stream().filter(which.negate()).toList());
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof XmlElement other)) {
            return false;
        }
        return hashCode() == other.hashCode()
                && name.equals(other.name)
                && attributes.equals(other.attributes)
                && Objects.equals(text, other.text)
                && children.equals(other.children);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = Objects.hash(name, attributes, text, children);
            hash = h == 0 ? 1 : h;
        }
        return hash;
    }

    @Override
    public String toString() {
        return XmlWriter.toXml(this);
    }
}
