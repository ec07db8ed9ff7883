package org.pacer.cluster.controller;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.pacer.cib.XmlElement;
import org.pacer.cluster.CibOperation;

/**
 * The status-section changes the controller writes, shaped as Pacemaker writes them: operation history
 * under {@code node_state/lrm}, transient node attributes (fail counts, shutdown) under
 * {@code transient_attributes}, and a fenced node's state. Every change is a {@link CibOperation} on the
 * replicated CIB; nothing here writes anything itself.
 */
final class StatusRecords {
    private StatusRecords() {
    }

    /** Merges operation entries into {@code node}'s history of {@code primitive}. */
    static CibOperation history(String nodeId, String node, XmlElement primitive, String resourceId,
                                List<XmlElement> ops) {
        return history(nodeId, node, primitive, resourceId, ops, Map.of());
    }

    /** Operation entries and, in the same change, transient attributes (a failure's fail count). */
    static CibOperation history(String nodeId, String node, XmlElement primitive, String resourceId,
                                List<XmlElement> ops, Map<String, String> attributes) {
        Map<String, String> rsc = new LinkedHashMap<>();
        rsc.put("id", resourceId);
        rsc.put("type", primitive.attr("type", ""));
        rsc.put("class", primitive.attr("class", "ocf"));
        if (primitive.attr("provider") != null) {
            rsc.put("provider", primitive.attr("provider"));
        }
        XmlElement lrm = XmlElement.of("lrm", Map.of("id", nodeId), List.of(XmlElement.of("lrm_resources", Map.of(),
                List.of(XmlElement.of("lrm_resource", rsc, ops)))));
        if (attributes.isEmpty()) {
            return nodeState(nodeId, node, Map.of(), List.of(lrm));
        }
        return nodeState(nodeId, node, Map.of(), List.of(lrm, transientAttributes(nodeId, attributes)));
    }

    private static XmlElement transientAttributes(String nodeId, Map<String, String> values) {
        List<XmlElement> pairs = values.entrySet().stream().map(e -> XmlElement.of("nvpair", Map.of(
                "id", "status-" + nodeId + "-" + e.getKey().replace('#', '.'), "name", e.getKey(),
                "value", e.getValue()))).toList();
        XmlElement set = XmlElement.of("instance_attributes", Map.of("id", "status-" + nodeId), pairs);
        return XmlElement.of("transient_attributes", Map.of("id", nodeId), List.of(set));
    }

    /** Sets transient attributes of {@code node} (fail counts, last failures, shutdown). */
    static CibOperation attributes(String nodeId, String node, Map<String, String> values) {
        return nodeState(nodeId, node, Map.of(), List.of(transientAttributes(nodeId, values)));
    }

    /** Removes the transient attribute {@code name} of {@code node}. */
    static CibOperation removeAttribute(String node, String name) {
        return new CibOperation.Delete("/cib/status/node_state[@uname='" + checkedName(node) + "']"
                + "/transient_attributes/instance_attributes/nvpair[@name='" + checkedName(name) + "']");
    }

    /** Sets attributes of the node's {@code node_state}. */
    static CibOperation nodeState(String nodeId, String node, Map<String, String> attributes,
                                  List<XmlElement> children) {
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("id", nodeId);
        attrs.put("uname", node);
        attrs.putAll(attributes);
        XmlElement state = XmlElement.of("node_state", attrs, children);
        return new CibOperation.Modify(XmlElement.of("cib", Map.of(), List.of(
                XmlElement.of("status", Map.of(), List.of(state)))));
    }

    /** The state Pacemaker records once a node is confirmed fenced: down, expected down, not a member. */
    static CibOperation fenced(String nodeId, String node) {
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("in_ccm", "false");
        attrs.put("crmd", "offline");
        attrs.put("join", "down");
        attrs.put("expected", "down");
        attrs.put("crm-debug-origin", "send_stonith_update");
        return nodeState(nodeId, node, attrs, List.of());
    }

    /** Deletes the node's operation history and transient attributes (after fencing, or at controller start). */
    static CibOperation forgetNode(String node) {
        String state = "/cib/status/node_state[@uname='" + checkedName(node) + "']";
        return new CibOperation.Delete(state + "/lrm | " + state + "/transient_attributes");
    }

    /** Deletes failures of {@code resource} (null: all) on {@code node}: history and fail counts. */
    static CibOperation cleanup(String node, String resource) {
        String state = node == null ? "/cib/status/node_state"
                : "/cib/status/node_state[@uname='" + checkedName(node) + "']";
        if (resource == null) {
            return new CibOperation.Delete(state + "/lrm/lrm_resources/lrm_resource | " + state
                    + "/transient_attributes/instance_attributes/nvpair[starts-with(@name,'fail-count-')"
                    + " or starts-with(@name,'last-failure-')]");
        }
        String r = checkedName(resource);
        return new CibOperation.Delete(state + "/lrm/lrm_resources/lrm_resource[@id='" + r + "'] | " + state
                + "/transient_attributes/instance_attributes/nvpair[starts-with(@name,'fail-count-" + r + "#')"
                + " or starts-with(@name,'last-failure-" + r + "#')]");
    }

    /**
     * Forgets the expired failures of {@code resource} on {@code node}: its fail counts and last failures, and
     * the failed entries of its history (the last failure, failed recurring monitors), so that nothing of the
     * failure is left for the scheduler to count.
     */
    static CibOperation expireFailures(String node, String resource) {
        String r = checkedName(resource);
        String state = "/cib/status/node_state[@uname='" + checkedName(node) + "']";
        return new CibOperation.Delete(state + "/transient_attributes/instance_attributes/nvpair[starts-with(@name,"
                + "'fail-count-" + r + "#') or starts-with(@name,'last-failure-" + r + "#')] | " + state
                + "/lrm/lrm_resources/lrm_resource[@id='" + r + "']/lrm_rsc_op[@id='" + r + "_last_failure_0'"
                + " or (@interval!='0' and @rc-code!='0' and @rc-code!='8')]");
    }

    /** Names go into XPath expressions: only plain names, never a quote. */
    static String checkedName(String name) {
        if (name == null || !name.matches("[A-Za-z0-9_][A-Za-z0-9_.:@-]{0,127}")) {
            throw new org.pacer.cluster.ClusterException(org.pacer.cluster.ClusterException.Kind.FAILED,
                    "'" + name + "' is not a plain node or resource name");
        }
        return name;
    }

    /** The node's transient attribute, or null. */
    static String attribute(XmlElement cib, String node, String name) {
        return nodeStateOf(cib, node).flatMap(ns -> ns.child("transient_attributes"))
                .flatMap(ta -> ta.children("instance_attributes").stream()
                        .flatMap(ia -> ia.children("nvpair").stream())
                        .filter(nv -> name.equals(nv.attr("name"))).map(nv -> nv.attr("value")).findFirst())
                .orElse(null);
    }

    static java.util.Optional<XmlElement> nodeStateOf(XmlElement cib, String node) {
        return cib.child("status").flatMap(s -> s.children("node_state").stream()
                .filter(ns -> node.equals(ns.attr("uname"))).findFirst());
    }

    /** The operation history entries of {@code resource} on {@code node}. */
    static List<XmlElement> ops(XmlElement cib, String node, String resource) {
        return nodeStateOf(cib, node).flatMap(ns -> ns.path("lrm", "lrm_resources"))
                .map(lr -> lr.children("lrm_resource").stream().filter(r -> resource.equals(r.id()))
                        .flatMap(r -> r.children("lrm_rsc_op").stream()).toList())
                .orElse(List.of());
    }

    /** The node's operations recorded as in flight (a start or promote awaiting its result). */
    static List<XmlElement> pendingOps(XmlElement cib, String node) {
        return nodeStateOf(cib, node).flatMap(ns -> ns.path("lrm", "lrm_resources"))
                .map(lr -> lr.children("lrm_resource").stream().flatMap(r -> r.children("lrm_rsc_op").stream())
                        .filter(op -> "-1".equals(op.attr("call-id")) && "-1".equals(op.attr("op-status")))
                        .toList())
                .orElse(List.of());
    }

    static boolean hasHistory(XmlElement cib, String node, String resource) {
        return nodeStateOf(cib, node).flatMap(ns -> ns.path("lrm", "lrm_resources"))
                .map(lr -> lr.children("lrm_resource").stream().anyMatch(r -> resource.equals(r.id())))
                .orElse(false);
    }
}
