package org.pacer.cib.model;

import java.util.List;

import org.pacer.cib.XmlElement;

/** A configured {@code <node>}: id, name, type (member, remote, ping) and its permanent attributes. */
public record Node(String id, String uname, String type, String description, List<NvSet> attributes,
                   List<NvSet> utilization, XmlElement source) {
    public static Node from(XmlElement e) {
        return new Node(e.id(), e.attr("uname"), e.attr("type", "member"), e.attr("description"),
                NvSet.under(e, "instance_attributes"), NvSet.under(e, "utilization"), e);
    }
}
