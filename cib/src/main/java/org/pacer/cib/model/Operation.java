package org.pacer.cib.model;

import java.util.List;
import java.util.Map;

import org.pacer.cib.XmlElement;

/**
 * A configured operation ({@code <op>}) of a resource: an action name and interval (raw, in Pacemaker's
 * duration syntax; "0" for one-shot), its timeout, role and on-fail policy, plus its own meta and instance
 * attribute sets. {@code attributes} holds every XML attribute, including ones without an accessor.
 */
public record Operation(String id, String name, String interval, String timeout, String role, String onFail,
                        String enabled, Map<String, String> attributes, List<NvSet> meta, List<NvSet> instance,
                        XmlElement source) {
    public static Operation from(XmlElement element) {
        return new Operation(element.id(), element.attr("name"), element.attr("interval", "0"),
                element.attr("timeout"), element.attr("role"), element.attr("on-fail"), element.attr("enabled"),
                element.attributes(), NvSet.under(element, "meta_attributes"),
                NvSet.under(element, "instance_attributes"), element);
    }

    /** The {@code <op>} children of a resource's {@code <operations>}, in order. */
    static List<Operation> under(XmlElement resource) {
        return resource.child("operations").map(ops -> ModelReading.each(ops, "op", Operation::from))
                .orElse(List.of());
    }
}
