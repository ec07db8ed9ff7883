package org.pacer.cib.model;

import java.util.List;
import java.util.Map;

import org.pacer.cib.XmlElement;

/**
 * A {@code <node_state>} in the status section: membership as the cluster layer saw it ({@code in_ccm},
 * {@code crmd}, {@code join}, {@code expected}, as recorded: booleans or timestamps), the node's resource
 * history and its transient attributes.
 */
public record NodeState(String id, String uname, String inCcm, String crmd, String join, String expected,
                        Map<String, String> attributes, List<LrmResource> resources,
                        List<NvSet> transientAttributes, XmlElement source) {
    public static NodeState from(XmlElement e) {
        List<LrmResource> resources = e.path("lrm", "lrm_resources")
                .map(r -> ModelReading.each(r, "lrm_resource", LrmResource::from)).orElse(List.of());
        List<NvSet> transients = e.child("transient_attributes")
                .map(t -> NvSet.under(t, "instance_attributes")).orElse(List.of());
        return new NodeState(e.id(), e.attr("uname"), e.attr("in_ccm"), e.attr("crmd"), e.attr("join"),
                e.attr("expected"), e.attributes(), resources, transients, e);
    }

    /** Whether the membership layer saw the node: {@code in_ccm} is true or a (non-zero) timestamp. */
    public boolean inMembership() {
        return truthOrTimestamp(inCcm);
    }

    /** Whether the node's controller was up: {@code crmd} is online or a (non-zero) timestamp. */
    public boolean controllerOnline() {
        return "online".equals(crmd) || truthOrTimestamp(crmd);
    }

    private static boolean truthOrTimestamp(String value) {
        if (value == null) {
            return false;
        }
        if (value.chars().allMatch(Character::isDigit) && !value.isEmpty()) {
            return Long.parseLong(value) > 0;
        }
        return ModelReading.parseBoolean(value);
    }
}
