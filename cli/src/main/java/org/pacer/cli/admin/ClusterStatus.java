package org.pacer.cli.admin;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.pacer.cib.XmlElement;
import org.pacer.cib.model.LrmOperation;
import org.pacer.cib.model.LrmResource;
import org.pacer.cib.model.NodeState;
import org.pacer.cib.model.Status;

/**
 * What {@code pacer status} shows, read from a CIB (configuration and status) and the local node's view of
 * membership: nodes by state, every resource with its role and nodes (groups and clones as trees), failed
 * actions, fail counts and recent fencing. Pure: the same inputs give the same status.
 */
public record ClusterStatus(String clusterName, String localNode, String dc, boolean quorate, int votes,
                            int expectedVotes, String cibVersion, List<NodeView> nodes, List<ResourceView> resources,
                            List<FailedAction> failures, List<FailCounts.Entry> failCounts,
                            List<Map<String, String>> fencing) {
    /** A node and its state: online, standby, maintenance, offline, unclean or pending. */
    public record NodeView(String name, String id, String state, boolean online, boolean standby, boolean maintenance,
                           boolean unclean, boolean pending, boolean dc, int resourcesRunning) {
    }

    /** Where one resource runs and in which role. */
    public record Instance(String node, String role, boolean failed) {
    }

    /**
     * A resource: a primitive with its instances, or a group, clone or bundle with its children. {@code role}
     * summarises: the role of a single instance, Stopped when none, "Started" with several.
     */
    public record ResourceView(String id, String kind, String agent, String role, List<Instance> instances,
                               boolean managed, boolean failed, String targetRole, boolean promotable,
                               List<ResourceView> children) {
    }

    /** One failed operation of the history, as crm_mon's "Failed Resource Actions". */
    public record FailedAction(String resource, String operation, long intervalMs, String node, int rc, int opStatus,
                               String exitReason, int callId, long lastRcChange) {
        public String key() {
            return resource + "_" + operation + "_" + intervalMs;
        }

        public String rcText() {
            return switch (rc) {
                case 0 -> "ok";
                case 1 -> "error";
                case 2 -> "invalid parameter";
                case 3 -> "unimplemented feature";
                case 4 -> "insufficient privileges";
                case 5 -> "not installed";
                case 6 -> "not configured";
                case 7 -> "not running";
                case 8 -> "promoted";
                case 9 -> "promoted (failed)";
                default -> "unknown error";
            };
        }

        public String statusText() {
            return switch (opStatus) {
                case 0 -> "complete";
                case 1 -> "cancelled";
                case 2 -> "Timed Out";
                case 3 -> "NOT SUPPORTED";
                case 4 -> "Error";
                case 5 -> "Not installed";
                case 6 -> "Not connected";
                case 7 -> "Invalid parameter";
                default -> "pending";
            };
        }
    }

    /** The local node's view of membership, as {@code pacer cluster members} reports it. */
    public record Membership(String localNode, String dc, boolean quorate, int votes, int expectedVotes,
                             List<String> members) {
        public static Membership of(XmlElement members) {
            String dc = members.attr("dc", "");
            return new Membership(members.attr("node"), dc.isEmpty() ? null : dc,
                    Boolean.parseBoolean(members.attr("quorate")), Integer.parseInt(members.attr("votes", "0")),
                    Integer.parseInt(members.attr("expected-votes", "0")),
                    members.children("member").stream().map(m -> m.attr("name")).toList());
        }
    }

    /** Reads the status; {@code membership} may be null (then the CIB's node states decide who is online). */
    public static ClusterStatus read(XmlElement cib, Membership membership, List<XmlElement> fenceEvents) {
        Status status = cib.child("status").map(Status::from).orElse(Status.EMPTY);
        Map<String, String> options = PropertyEdits.current(cib);
        Map<String, List<Instance>> placements = placements(status);
        List<ResourceView> resources = new ArrayList<>();
        for (XmlElement top : ConfigTree.section(cib, "resources").children()) {
            if (ConfigTree.RESOURCE_ELEMENTS.contains(top.name())) {
                resources.add(resource(top, placements, true, false));
            }
        }
        List<NodeView> nodes = nodes(cib, status, membership, placements);
        String dc = membership != null ? membership.dc() : dcFromCib(cib, status);
        String version = cib.attr("admin_epoch", "0") + "." + cib.attr("epoch", "0") + "." + cib.attr("num_updates", "0");
        List<Map<String, String>> fencing = new ArrayList<>();
        for (XmlElement event : fenceEvents) {
            fencing.add(new LinkedHashMap<>(event.attributes()));
        }
        return new ClusterStatus(options.get("cluster-name"), membership == null ? null : membership.localNode(), dc,
                membership != null ? membership.quorate() : "1".equals(cib.attr("have-quorum")),
                membership == null ? 0 : membership.votes(), membership == null ? 0 : membership.expectedVotes(),
                version, nodes, resources, failures(status), FailCounts.entries(cib, null, null), fencing);
    }

    private static String dcFromCib(XmlElement cib, Status status) {
        String uuid = cib.attr("dc-uuid");
        return status.nodes().stream().filter(n -> n.id() != null && n.id().equals(uuid)).map(NodeState::uname)
                .findFirst().orElse(null);
    }

    private static List<NodeView> nodes(XmlElement cib, Status status, Membership membership,
                                        Map<String, List<Instance>> placements) {
        List<NodeView> views = new ArrayList<>();
        for (NodeEdits.KnownNode node : NodeEdits.nodes(cib)) {
            NodeState state = status.node(node.name()).orElse(null);
            Map<String, String> attributes = new LinkedHashMap<>(node.attributes());
            if (state != null) {
                state.transientAttributes().forEach(set -> set.pairs().forEach(p -> attributes.putIfAbsent(p.name(), p.value())));
            }
            boolean online = membership != null ? membership.members().contains(node.name())
                    : state != null && state.inMembership() && state.controllerOnline();
            boolean standby = truth(attributes.get("standby"));
            boolean maintenance = truth(attributes.get("maintenance"));
            // Expected up but gone without leaving cleanly (the join never went down): it must be fenced.
            boolean unclean = !online && state != null && "member".equals(state.expected())
                    && state.join() != null && !"down".equals(state.join());
            boolean pending = online && state == null;
            String label = unclean ? "unclean" : !online ? "offline" : pending ? "pending" : standby ? "standby"
                    : maintenance ? "maintenance" : "online";
            int running = (int) placements.values().stream().flatMap(List::stream)
                    .filter(i -> i.node().equals(node.name())).count();
            boolean isDc = membership != null ? node.name().equals(membership.dc()) : false;
            views.add(new NodeView(node.name(), node.id(), label, online, standby, maintenance, unclean, pending, isDc,
                    running));
        }
        return views;
    }

    private static boolean truth(String value) {
        return value != null && Set.of("true", "on", "yes", "y", "1").contains(value.toLowerCase(java.util.Locale.ROOT));
    }

    private static ResourceView resource(XmlElement e, Map<String, List<Instance>> placements, boolean managedAbove,
                                         boolean promotableAbove) {
        Map<String, String> meta = ConfigTree.pairs(e, "meta_attributes");
        boolean managed = managedAbove && !"false".equalsIgnoreCase(meta.getOrDefault("is-managed", "true"));
        boolean promotable = promotableAbove || e.name().equals("master")
                || truth(meta.get("promotable")) && e.name().equals("clone");
        String targetRole = meta.get("target-role");
        if (e.name().equals("primitive")) {
            List<Instance> instances = new ArrayList<>();
            placements.forEach((lrmId, list) -> {
                if (lrmId.equals(e.id()) || lrmId.startsWith(e.id() + ":")) {
                    for (Instance i : list) {
                        instances.add(new Instance(i.node(), promotable && i.role().equals("Started") ? "Unpromoted"
                                : i.role(), i.failed()));
                    }
                }
            });
            instances.sort(Comparator.comparing(Instance::node));
            String agent = e.attr("class", "") + (e.attr("provider") == null ? "" : ":" + e.attr("provider"))
                    + ":" + e.attr("type", "");
            String role = instances.isEmpty() ? "Stopped" : instances.size() == 1 ? instances.get(0).role() : "Started";
            boolean failed = instances.stream().anyMatch(Instance::failed);
            return new ResourceView(e.id(), "primitive", agent, role, instances, managed, failed, targetRole, promotable,
                    List.of());
        }
        List<ResourceView> children = new ArrayList<>();
        for (XmlElement child : e.children()) {
            if (ConfigTree.RESOURCE_ELEMENTS.contains(child.name())) {
                children.add(resource(child, placements, managed, promotable));
            }
        }
        String kind = e.name().equals("master") ? "clone" : e.name();
        boolean failed = children.stream().anyMatch(ResourceView::failed);
        boolean active = children.stream().anyMatch(c -> !c.role().equals("Stopped"));
        return new ResourceView(e.id(), kind, null, active ? "Started" : "Stopped", List.of(), managed, failed,
                targetRole, promotable, children);
    }

    /** Where each recorded resource (by its lrm id) is active now, by replaying each node's history. */
    private static Map<String, List<Instance>> placements(Status status) {
        Map<String, List<Instance>> placements = new LinkedHashMap<>();
        for (NodeState node : status.nodes()) {
            for (LrmResource lrm : node.resources()) {
                Instance instance = replay(node.uname(), lrm);
                if (instance != null) {
                    placements.computeIfAbsent(lrm.id(), k -> new ArrayList<>()).add(instance);
                }
            }
        }
        return placements;
    }

    /** The resource's state on one node after its recorded operations, in call order; null when stopped. */
    static Instance replay(String node, LrmResource lrm) {
        List<LrmOperation> ops = lrm.operations().stream()
                .filter(o -> o.callId() >= 0 && (o.id() == null || !o.id().endsWith("_last_failure_0")))
                .sorted(Comparator.comparingInt(LrmOperation::callId)).toList();
        String role = "Stopped";
        boolean failed = false;
        for (LrmOperation op : ops) {
            boolean ok = op.opStatus() == 0;
            int rc = op.rcCode();
            switch (op.operation() == null ? "" : op.operation()) {
                case "start", "migrate_from" -> {
                    role = "Started";
                    failed = !(ok && rc == 0);
                }
                case "stop" -> {
                    if (ok && rc == 0) {
                        role = "Stopped";
                        failed = false;
                    } else {
                        failed = true;
                    }
                }
                case "promote" -> {
                    role = "Promoted";
                    failed = !(ok && rc == 0);
                }
                case "demote" -> {
                    role = "Started";
                    failed = !(ok && rc == 0);
                }
                case "monitor" -> {
                    if (!ok) {
                        failed = true;
                    } else if (rc == 0) {
                        role = role.equals("Stopped") || op.intervalMs() == 0 ? "Started" : role.equals("Promoted")
                                ? "Started" : role;
                        if (op.intervalMs() == 0) {
                            failed = false;
                        }
                    } else if (rc == 8) {
                        role = "Promoted";
                        if (op.intervalMs() == 0) {
                            failed = false;
                        }
                    } else if (rc == 7) {
                        if (op.intervalMs() == 0) {
                            role = "Stopped";
                            failed = false;
                        } else if (!role.equals("Stopped")) {
                            failed = true;
                        }
                    } else {
                        failed = true;
                        if (rc == 9) {
                            role = "Promoted";
                        } else if (role.equals("Stopped")) {
                            role = "Started";
                        }
                    }
                }
                default -> {
                }
            }
        }
        return role.equals("Stopped") && !failed ? null : new Instance(node, role, failed);
    }

    private static List<FailedAction> failures(Status status) {
        Map<String, FailedAction> byKey = new LinkedHashMap<>();
        for (NodeState node : status.nodes()) {
            for (LrmResource lrm : node.resources()) {
                for (LrmOperation op : lrm.operations()) {
                    Integer target = op.targetRc() != null ? op.targetRc() : targetFromKey(op.transitionKey());
                    boolean failed = op.opStatus() != 0 && op.opStatus() != -1 && op.callId() >= 0
                            || target != null && op.rcCode() != target && op.callId() >= 0
                            || op.id() != null && op.id().endsWith("_last_failure_0");
                    if (!failed) {
                        continue;
                    }
                    FailedAction action = new FailedAction(lrm.id(), op.operation(), op.intervalMs(), node.uname(),
                            op.rcCode(), op.opStatus(), op.exitReason(), op.callId(), op.lastRcChange());
                    byKey.putIfAbsent(action.key() + "@" + node.uname(), action);
                }
            }
        }
        return List.copyOf(byKey.values());
    }

    private static Integer targetFromKey(String transitionKey) {
        if (transitionKey == null) {
            return null;
        }
        String[] parts = transitionKey.split(":");
        if (parts.length < 3 || !parts[2].matches("[0-9]+")) {
            return null;
        }
        return Integer.parseInt(parts[2]);
    }

    /** Every primitive of the tree, depth first. */
    public static List<ResourceView> primitives(List<ResourceView> resources) {
        List<ResourceView> out = new ArrayList<>();
        for (ResourceView r : resources) {
            if (r.kind().equals("primitive")) {
                out.add(r);
            } else {
                out.addAll(primitives(r.children()));
            }
        }
        return out;
    }

    /** The resource with this id anywhere in the tree, or null. */
    public ResourceView resource(String id) {
        List<ResourceView> todo = new ArrayList<>(resources);
        while (!todo.isEmpty()) {
            ResourceView r = todo.remove(0);
            if (r.id().equals(id)) {
                return r;
            }
            todo.addAll(r.children());
        }
        return null;
    }
}
