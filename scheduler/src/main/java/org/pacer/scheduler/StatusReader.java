package org.pacer.scheduler;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.pacer.cib.XmlElement;

/**
 * Reads the status half of a CIB: node membership (online, unclean and why, pending, shutdown), transient
 * attributes, tickets, and each resource's state on each node from its operation history.
 */
final class StatusReader {
    private final Cluster cluster;
    private final ConfigReader config;

    StatusReader(Cluster cluster, ConfigReader config) {
        this.cluster = cluster;
        this.config = config;
    }

    void read() {
        XmlElement status = cluster.cib.child("status").orElse(null);
        Map<Node, XmlElement> states = new java.util.LinkedHashMap<>();
        if (status != null) {
            for (XmlElement ns : status.children("node_state")) {
                Node node = nodeFor(ns);
                if (node != null) {
                    states.put(node, ns);
                }
            }
            status.child("tickets").ifPresent(t -> t.children("ticket_state")
                    .forEach(ts -> cluster.tickets.put(ts.id(), ts.attributes())));
        }
        for (Node node : cluster.nodes) {
            XmlElement ns = states.get(node);
            if (ns != null) {
                ns.child("transient_attributes").ifPresent(ta ->
                        config.nvsets(ta, "instance_attributes", RuleEvaluator.Context.at(cluster.now), node.attributes));
            }
            membership(node, ns);
            node.standby = node.standby || Scores.isTrue(node.attributes.get("standby"));
            node.maintenance = Scores.isTrue(node.attributes.get("maintenance"));
            String shutdown = node.attributes.get("shutdown");
            if (shutdown != null && !shutdown.equals("0") && !shutdown.isEmpty()) {
                node.shutdown = true;
            }
        }
        // Resource history is read after every node's state is known, in the status section's order (which
        // decides how anonymous clone instances are numbered). On an unclean node that is not up, a resource that
        // does not require fencing is presumed inactive until proven otherwise: its history is read after the
        // others', so its copy there is the one left over when there are more copies than instances.
        // Remote and guest nodes come last: whether they are up depends on their connections' history.
        List<Map.Entry<Node, XmlElement>> presumedInactive = new ArrayList<>();
        for (Map.Entry<Node, XmlElement> state : states.entrySet()) {
            Node node = state.getKey();
            if (node.connection == null && node.online) {
                readHistory(node, state.getValue());
            } else if (node.connection == null && node.unclean) {
                HistoryReader reader = new HistoryReader(cluster, config);
                state.getValue().path("lrm", "lrm_resources").ifPresent(lrm -> {
                    for (XmlElement lr : lrm.children("lrm_resource")) {
                        if (reader.requiresFencing(lr.id())) {
                            reader.read(node, lr);
                        } else {
                            presumedInactive.add(Map.entry(node, lr));
                        }
                    }
                });
            } else if (node.connection == null && cluster.stonithEnabled && !node.remote) {
                // A node that left cleanly but still seems to run something must be fenced to be sure it does not.
                readHistoryOfLostNode(node, state.getValue());
            }
        }
        for (Map.Entry<Node, XmlElement> deferred : presumedInactive) {
            new HistoryReader(cluster, config).read(deferred.getKey(), deferred.getValue());
        }
        // A guest may live in a container on a remote node: read in rounds, each node once its connection (and
        // container) are known to run, then (with fencing) whatever is left.
        RemoteNodes remotes = new RemoteNodes(cluster);
        java.util.Set<Node> read = new java.util.HashSet<>();
        boolean progress = true;
        while (progress) {
            progress = false;
            remotes.decideOnline();
            for (Map.Entry<Node, XmlElement> state : states.entrySet()) {
                Node node = state.getKey();
                if (node.connection != null && !read.contains(node) && remotes.isReachable(node)) {
                    readHistory(node, state.getValue());
                    read.add(node);
                    progress = true;
                }
            }
        }
        remotes.decideOnline();
        for (Map.Entry<Node, XmlElement> state : states.entrySet()) {
            Node node = state.getKey();
            if (node.connection != null && !read.contains(node) && remotes.historyCounts(node, state.getValue())) {
                readHistory(node, state.getValue());
            }
        }
        remotes.afterHistory();
    }

    private void readHistoryOfLostNode(Node node, XmlElement ns) {
        ns.path("lrm", "lrm_resources").ifPresent(lrm -> {
            for (XmlElement lr : lrm.children("lrm_resource")) {
                new HistoryReader(cluster, config).read(node, lr);
                if (node.unclean) {
                    continue;
                }
                // The first resource found active names the reason, as the history is read in order, unless the
                // node was expected to be up: then it simply dropped out of the cluster.
                boolean expectedUp = "member".equals(ns.attr("expected"));
                for (Resource r : cluster.resourcesById.values()) {
                    if (r.isPrimitive() && r.managed && r.running.containsKey(node)) {
                        unclean(node, expectedUp ? "peer is no longer part of the cluster"
                                : r.id + " is thought to be active there", false);
                        break;
                    }
                }
            }
        });
    }

    private void readHistory(Node node, XmlElement ns) {
        ns.path("lrm", "lrm_resources").ifPresent(lrm -> {
            for (XmlElement lr : lrm.children("lrm_resource")) {
                new HistoryReader(cluster, config).read(node, lr);
            }
        });
    }

    private Node nodeFor(XmlElement ns) {
        String uname = ns.attr("uname");
        Node node = uname == null ? null : cluster.node(uname);
        if (node == null) {
            node = cluster.nodesById.get(ns.id());
        }
        if (node == null && Scores.isTrue(ns.attr("remote_node")) && uname != null) {
            node = new Node(ns.id(), uname, "remote");
            node.remote = true;
            config.addNode(node);
        }
        return node;
    }

    private void membership(Node node, XmlElement ns) {
        if (node.remote || !node.type.equals("member")) {
            if (node.connection == null) {
                // A remote node with no connection resource configured can never be up.
                node.online = false;
            }
            // Otherwise it is up when its connection resource runs: RemoteNodes decides once that is known.
            return;
        }
        if (ns == null) {
            if (cluster.stonithEnabled && Scores.bool(cluster.options.get("startup-fencing"), true)) {
                // Never seen since the cluster started: it may be running anything, so it must be fenced.
                unclean(node, "node is unclean", false);
            }
            return;
        }
        String inCcm = ns.attr("in_ccm");
        boolean member = inCcm != null && (Scores.isTrue(inCcm) || isTimestamp(inCcm));
        String crmd = ns.attr("crmd");
        boolean crmdOnline = crmd != null && (crmd.equals("online") || isTimestamp(crmd));
        String join = ns.attr("join", "down");
        String expected = ns.attr("expected");
        String shutdown = ns.attr("shutdown");
        if (shutdown != null && !shutdown.equals("0") && !shutdown.isEmpty()) {
            node.shutdown = true;
        }
        if (!cluster.stonithEnabled) {
            node.online = member && crmdOnline && join.equals("member");
            if (member && crmdOnline && !join.equals("member")) {
                node.pending = !join.equals("banned");
            }
            return;
        }
        if (inCcm == null) {
            unclean(node, "peer has not been seen by the cluster", false);
            return;
        }
        if (join.equals("banned")) {
            unclean(node, "peer failed Pacemaker membership criteria", member && crmdOnline);
        } else if (expected == null || expected.equals("down")) {
            if (member && crmdOnline && join.equals("member")) {
                node.online = true;
            } else if (member || crmdOnline) {
                node.pending = true;
            }
        } else if (!member) {
            if (!crmdOnline && join.equals("down")) {
                return;
            }
            unclean(node, "peer is no longer part of the cluster", crmdOnline);
        } else if (!crmdOnline) {
            unclean(node, "peer process is no longer available", true);
        } else if (join.equals("member")) {
            node.online = true;
        } else {
            node.pending = true;
        }
    }

    private static void unclean(Node node, String reason, boolean online) {
        node.unclean = true;
        node.uncleanReason = reason;
        node.online = online;
    }

    private static boolean isTimestamp(String v) {
        try {
            return Long.parseLong(v) > 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Operation history entries of one lrm_resource, oldest first. */
    static List<XmlElement> sortedOps(XmlElement lrmResource) {
        List<XmlElement> ops = new ArrayList<>(lrmResource.children("lrm_rsc_op"));
        ops.sort(Comparator.comparingLong(StatusReader::callId));
        return ops;
    }

    static long callId(XmlElement op) {
        try {
            long id = Long.parseLong(op.attr("call-id", "0"));
            return id < 0 ? Long.MAX_VALUE : id;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
