package org.pacer.cib.model;

import java.util.List;

import org.pacer.cib.XmlElement;

/** A {@code <tag>}: a name for a list of configuration elements ({@code obj_ref}s), usable in constraints. */
public record Tag(String id, List<String> references, XmlElement source) {
    public static Tag from(XmlElement e) {
        return new Tag(e.id(), e.children("obj_ref").stream().map(XmlElement::id).toList(), e);
    }
}
