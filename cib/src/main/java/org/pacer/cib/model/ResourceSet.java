package org.pacer.cib.model;

import java.util.List;

import org.pacer.cib.XmlElement;

/** A {@code <resource_set>} inside a constraint: resources (by id) with their own ordering and role. */
public record ResourceSet(String id, String idRef, List<String> resources, Boolean sequential, Boolean requireAll,
                          String ordering, String action, String role, String score, String kind,
                          XmlElement source) {
    public static ResourceSet from(XmlElement e) {
        return new ResourceSet(e.id(), e.attr("id-ref"),
                e.children("resource_ref").stream().map(XmlElement::id).toList(),
                ModelReading.boolAttr(e, "sequential"), ModelReading.boolAttr(e, "require-all"), e.attr("ordering"),
                e.attr("action"), e.attr("role"), e.attr("score"), e.attr("kind"), e);
    }

    static List<ResourceSet> under(XmlElement constraint) {
        return ModelReading.each(constraint, "resource_set", ResourceSet::from);
    }
}
