package org.pacer.cluster.controller;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.pacer.cib.Score;
import org.pacer.cib.XmlElement;
import org.pacer.executor.AgentName;
import org.pacer.executor.OperationRequest;
import org.pacer.executor.Standard;

/**
 * What the controller needs to run a primitive's operations, read from its {@code <primitive>}: the agent,
 * instance parameters, meta attributes and configured operations. The scheduler's graph names only the
 * resource and task; interval, timeout and parameters come from here.
 */
record ResourceDefinition(String id, XmlElement primitive, AgentName agent, Map<String, String> params,
                          Map<String, String> meta, List<XmlElement> ops) {

    /** The primitive behind a graph resource id ({@code rsc} or a clone instance {@code rsc:N}). */
    static Optional<XmlElement> findPrimitive(XmlElement cib, String resourceId) {
        String base = resourceId.contains(":") ? resourceId.substring(0, resourceId.indexOf(':')) : resourceId;
        return cib.path("configuration", "resources").flatMap(resources -> resources.descendantsAndSelf()
                .filter(e -> e.name().equals("primitive") && base.equals(e.id())).findFirst());
    }

    /** All primitives configured, top level and inside groups and clones. */
    static List<XmlElement> primitives(XmlElement cib) {
        return cib.path("configuration", "resources").map(r -> r.descendantsAndSelf()
                .filter(e -> e.name().equals("primitive")).toList()).orElse(List.of());
    }

    static ResourceDefinition of(String resourceId, XmlElement primitive) {
        String cls = primitive.attr("class", "ocf");
        String provider = primitive.attr("provider");
        String type = primitive.attr("type");
        AgentName agent = AgentName.parse(provider == null ? cls + ":" + type : cls + ":" + provider + ":" + type);
        return new ResourceDefinition(resourceId, primitive, agent, nvpairs(primitive, "instance_attributes"),
                nvpairs(primitive, "meta_attributes"),
                primitive.child("operations").map(o -> o.children("op")).orElse(List.of()));
    }

    boolean fencing() {
        return agent.standard() == Standard.STONITH;
    }

    private static Map<String, String> nvpairs(XmlElement primitive, String setName) {
        Map<String, String> values = new LinkedHashMap<>();
        for (XmlElement set : primitive.children(setName)) {
            for (XmlElement nv : set.children("nvpair")) {
                if (nv.attr("name") != null && nv.attr("value") != null) {
                    values.putIfAbsent(nv.attr("name"), nv.attr("value"));
                }
            }
        }
        return values;
    }

    /** The recurring monitors to run while the resource is active (not those for other roles). */
    List<Duration> monitorIntervals() {
        List<Duration> intervals = new ArrayList<>();
        for (XmlElement op : ops) {
            long ms = intervalMs(op.attr("interval", "0"));
            String role = op.attr("role", "Started");
            if ("monitor".equals(op.attr("name")) && ms > 0 && !"false".equals(op.attr("enabled"))
                    && (role.equals("Started") || role.equals("Unpromoted") || role.equals("Slave"))) {
                intervals.add(Duration.ofMillis(ms));
            }
        }
        return intervals;
    }

    /** The configured timeout of {@code task} at {@code intervalMs}, else the op default of 20 s. */
    Duration timeout(String task, long intervalMs) {
        for (XmlElement op : ops) {
            if (task.equals(op.attr("name")) && intervalMs(op.attr("interval", "0")) == intervalMs
                    && op.attr("timeout") != null) {
                return Duration.ofMillis(intervalMs(op.attr("timeout")));
            }
        }
        return OperationRequest.DEFAULT_TIMEOUT;
    }

    OperationRequest request(String task, Duration interval, Duration timeout, String transitionKey, String node) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("on_node", node);
        return new OperationRequest(id, agent, task, interval, timeout, params, m, transitionKey);
    }

    static long intervalMs(String text) {
        try {
            return org.pacer.cib.Duration.parseMillis(text);
        } catch (RuntimeException e) {
            return 0;
        }
    }

    static boolean isInfinity(String value) {
        try {
            return Math.abs(Score.parse(value)) >= Score.INFINITY;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
