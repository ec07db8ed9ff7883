package org.pacer.cib.model;

import org.pacer.cib.XmlElement;

/** One {@code <nvpair>}: a name and value (value may be absent, as in a reference by {@code id-ref}). */
public record NvPair(String id, String idRef, String name, String value, XmlElement source) {
    public static NvPair from(XmlElement element) {
        return new NvPair(element.id(), element.attr("id-ref"), element.attr("name"), element.attr("value"), element);
    }
}
