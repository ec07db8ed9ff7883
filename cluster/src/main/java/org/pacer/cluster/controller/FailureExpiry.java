package org.pacer.cluster.controller;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.pacer.cib.XmlElement;

/**
 * When recorded failures expire by their resource's {@code failure-timeout}: read from the fail counts'
 * {@code last-failure-RSC#op_interval} attributes (seconds) and the resource's meta attribute (its own, then
 * its group's or clone's, then {@code rsc_defaults}; rules in those sets are not evaluated).
 * The DC expires failures itself: at the moment one expires it clears the fail counts and the failed history
 * (as Pacemaker's {@code clear_failcount} does) and runs the scheduler, which by then also counts the failure as
 * expired.
 */
record FailureExpiry(String node, String resource, long expiresAtMs) {

    /** Every failure with a failure-timeout in the CIB, one per node and resource (its latest failure). */
    static List<FailureExpiry> all(XmlElement cib) {
        List<FailureExpiry> out = new ArrayList<>();
        Map<String, Long> timeouts = new HashMap<>();
        for (XmlElement ns : cib.child("status").map(s -> s.children("node_state")).orElse(List.of())) {
            Map<String, Long> latest = new HashMap<>();
            ns.child("transient_attributes").ifPresent(ta -> ta.children("instance_attributes").forEach(ia ->
                    ia.children("nvpair").forEach(nv -> {
                        String name = nv.attr("name", "");
                        if (name.startsWith("last-failure-")) {
                            String resource = name.substring("last-failure-".length()).replaceFirst("#.*$", "");
                            latest.merge(resource, seconds(nv.attr("value")), Math::max);
                        }
                    })));
            latest.forEach((resource, lastFailure) -> {
                long timeout = timeouts.computeIfAbsent(resource, r -> failureTimeoutMs(cib, r));
                if (timeout > 0 && lastFailure > 0) {
                    out.add(new FailureExpiry(ns.attr("uname"), resource, lastFailure * 1000 + timeout));
                }
            });
        }
        return out;
    }

    /** The resource's failure-timeout in ms, 0 when none (failures never expire). */
    static long failureTimeoutMs(XmlElement cib, String resource) {
        String base = resource.contains(":") ? resource.substring(0, resource.indexOf(':')) : resource;
        Optional<XmlElement> resources = cib.path("configuration", "resources");
        List<XmlElement> chain = resources.map(r -> ancestry(r, base)).orElse(List.of());
        for (XmlElement e : chain) {
            String value = meta(e, "failure-timeout");
            if (value != null) {
                return ResourceDefinition.intervalMs(value);
            }
        }
        if (chain.isEmpty()) {
            return 0;
        }
        String defaults = cib.path("configuration", "rsc_defaults").map(d -> meta(d, "failure-timeout")).orElse(null);
        return defaults == null ? 0 : ResourceDefinition.intervalMs(defaults);
    }

    /** The element with {@code id} and its ancestors inside {@code resources}, innermost first; empty if absent. */
    private static List<XmlElement> ancestry(XmlElement parent, String id) {
        for (XmlElement child : parent.children()) {
            if (id.equals(child.attr("id")) && !child.name().endsWith("_attributes")) {
                return new ArrayList<>(List.of(child));
            }
            List<XmlElement> below = ancestry(child, id);
            if (!below.isEmpty()) {
                below.add(child);
                return below;
            }
        }
        return List.of();
    }

    private static String meta(XmlElement owner, String name) {
        for (XmlElement set : owner.children("meta_attributes")) {
            for (XmlElement nv : set.children("nvpair")) {
                if (name.equals(nv.attr("name")) && nv.attr("value") != null) {
                    return nv.attr("value");
                }
            }
        }
        return null;
    }

    private static long seconds(String value) {
        try {
            return Long.parseLong(value == null ? "0" : value.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
