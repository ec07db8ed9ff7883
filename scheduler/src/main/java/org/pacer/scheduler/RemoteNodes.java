package org.pacer.scheduler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.pacer.cib.XmlElement;

/**
 * Remote and guest nodes: nodes that are up exactly when their connection resource runs. A remote node's
 * connection is an {@code ocf:pacemaker:remote} primitive named like the node; a guest node's is implied by the
 * {@code remote-node} meta attribute of the resource that contains it (a VM or container), and runs colocated
 * with and after that container. A remote node is fenced through the cluster's fence devices; a guest node is
 * "fenced" by recovering its container, a fencing that needs no device.
 */
final class RemoteNodes {
    private final Cluster cluster;

    RemoteNodes(Cluster cluster) {
        this.cluster = cluster;
    }

    /** Whether a primitive's agent is Pacemaker's remote connection agent. */
    static boolean isConnectionAgent(String agentClass, String provider, String type) {
        return "ocf".equals(agentClass) && "pacemaker".equals(provider) && "remote".equals(type);
    }

    /**
     * The remote and guest nodes the configuration implies, by name, with the container of each guest (null for
     * a remote node). Read from the raw XML before resources are unpacked, because clones count every node.
     */
    static Map<String, String> declared(XmlElement resources) {
        Map<String, String> out = new LinkedHashMap<>();
        resources.descendantsAndSelf().forEach(e -> {
            if (e.name().equals("bundle") && e.id() != null) {
                Bundles.guestNodes(e).forEach(out::putIfAbsent);
                return;
            }
            if (!e.name().equals("primitive") || e.id() == null) {
                return;
            }
            if (isConnectionAgent(e.attr("class"), e.attr("provider"), e.attr("type"))) {
                out.putIfAbsent(e.id(), null);
            }
            for (XmlElement set : e.children("meta_attributes")) {
                for (XmlElement pair : set.children("nvpair")) {
                    if ("remote-node".equals(pair.attr("name")) && pair.attr("value") != null) {
                        out.putIfAbsent(pair.attr("value"), e.id());
                    }
                }
            }
        });
        return out;
    }

    /** Adds the implied nodes (those not already listed in the configuration's nodes section). */
    static void declareNodes(Cluster cluster, ConfigReader config, XmlElement resources) {
        for (Map.Entry<String, String> d : declared(resources).entrySet()) {
            Node node = cluster.node(d.getKey());
            if (node == null) {
                node = new Node(d.getKey(), d.getKey(), d.getValue() == null ? "remote" : "guest");
                config.addNode(node);
            }
            node.remote = true;
            if (d.getValue() != null) {
                node.containerId = d.getValue();
                node.attributes.put("#kind", "container");
            } else {
                node.attributes.put("#kind", "remote");
            }
        }
    }

    /**
     * Links connection resources with their nodes, creating the connection resource of each guest node, and
     * links resources with the container they run in.
     */
    void link(ConfigReader config) {
        for (Resource r : new ArrayList<>(cluster.resourcesById.values())) {
            if (!r.isPrimitive()) {
                continue;
            }
            String guest = r.meta.get("remote-node");
            if (guest != null && cluster.node(guest) != null && !cluster.resourcesById.containsKey(guest)) {
                Resource connection = config.implicitPrimitive(guestConnection(r, guest));
                connection.container = r;
                r.fillers.add(connection);
            }
        }
        for (Resource r : cluster.resourcesById.values()) {
            if (r.isPrimitive() && isConnectionAgent(r.agentClass, r.provider, r.type)) {
                Node node = cluster.node(r.id);
                if (node != null) {
                    node.connection = r;
                    r.remoteNode = node;
                    if (!r.meta.containsKey("allow-migrate") && r.container == null) {
                        // A remote connection can move without disturbing what runs on the remote node.
                        r.allowMigrate = true;
                    }
                }
            }
            String container = r.meta.get("container");
            if (r.isPrimitive() && container != null && r.container == null) {
                Resource c = cluster.resourcesById.get(container);
                if (c != null && c != r) {
                    r.container = c;
                    c.fillers.add(r);
                }
            }
        }
    }

    /** The primitive Pacemaker creates for a guest node, from its container's remote-* meta attributes. */
    private static XmlElement guestConnection(Resource container, String name) {
        Map<String, String> params = new LinkedHashMap<>();
        if (container.meta.containsKey("remote-addr")) {
            params.put("addr", container.meta.get("remote-addr"));
        }
        if (container.meta.containsKey("remote-port")) {
            params.put("port", container.meta.get("remote-port"));
        }
        List<XmlElement> pairs = new ArrayList<>();
        params.forEach((k, v) -> pairs.add(XmlElement.of("nvpair",
                Map.of("id", name + "-instance_attributes-" + k, "name", k, "value", v))));
        List<XmlElement> children = new ArrayList<>();
        if (!pairs.isEmpty()) {
            children.add(XmlElement.of("instance_attributes", Map.of("id", name + "-instance_attributes"), pairs));
        }
        String timeout = container.meta.get("remote-connect-timeout");
        if (timeout != null) {
            children.add(XmlElement.of("operations", Map.of(), List.of(XmlElement.of("op",
                    Map.of("id", name + "-start-interval-0", "name", "start", "interval", "0", "timeout", timeout)))));
        }
        return XmlElement.of("primitive", Map.of("id", name, "class", "ocf", "provider", "pacemaker",
                "type", "remote"), children);
    }

    /** Marks remote and guest nodes up when their connection (and container) run without failure. */
    void decideOnline() {
        linkOrphanConnections();
        for (Node n : cluster.nodes) {
            Resource c = n.connection;
            if (c == null) {
                continue;
            }
            Resource container = c.container;
            n.online = c.isActive();
            if (container != null && !container.failedOn.isEmpty()) {
                n.online = false;
                n.requiresReset = true;
            } else if (!c.failedOn.isEmpty()) {
                n.online = false;
            } else if (!c.isActive() || container != null && !container.isActive()) {
                n.online = false;
            } else if (container != null && hostIsLost(container)) {
                // The guest dies with its host: it is reset once its container is recovered elsewhere.
                n.online = false;
                resetGuest(n);
            }
        }
    }

    /**
     * A remote or guest node known only from the status section, whose connection is no longer configured: the
     * connection found in the history (with the container it recorded) still decides whether the node is up.
     */
    private void linkOrphanConnections() {
        for (Node n : cluster.nodes) {
            Resource r = n.connection == null && n.remote ? cluster.resourcesById.get(n.name) : null;
            if (r == null || !r.isPrimitive() || !r.orphan || !isConnectionAgent(r.agentClass, r.provider, r.type)) {
                continue;
            }
            n.connection = r;
            r.remoteNode = n;
            Resource container = r.xml.attr("container") == null ? null
                    : cluster.resourcesById.get(r.xml.attr("container"));
            if (container != null) {
                r.container = container;
                container.fillers.add(r);
                n.containerId = container.id;
            }
        }
    }

    /** Whether a container runs on a node due to be fenced (even one still in the cluster's view): it dies there. */
    private static boolean hostIsLost(Resource container) {
        for (Node host : container.running.keySet()) {
            if (host.unclean) {
                return true;
            }
        }
        return false;
    }

    /**
     * The orderings and colocations the model implies: a resource runs with and after its container (a guest
     * node's connection with and after its VM).
     */
    void implyConstraints() {
        for (int i = 0; i < cluster.colocations.size(); i++) {
            Cluster.Colocation c = cluster.colocations.get(i);
            if (c.dependent().kind == Resource.Kind.BUNDLE && !c.dependent().children.isEmpty()) {
                // A bundle placed with something places its containers there.
                cluster.colocations.set(i, new Cluster.Colocation(c.id(), c.dependent().children.get(0), c.primary(),
                        c.score(), c.dependentRole(), c.primaryRole(), c.nodeAttribute(), c.influence()));
            }
        }
        for (Resource r : cluster.resourcesById.values()) {
            if (r.container == null) {
                continue;
            }
            // Failures inside a container count against the container's own migration-threshold.
            r.failcount.forEach((n, count) -> r.container.failcount.merge(n, count, Scores::add));
            if (r.parent != null && r.parent == r.container.parent && r.parent.kind == Resource.Kind.GROUP) {
                // The group already orders and colocates its members.
                continue;
            }
            if (r.remoteNode == null && guestOf(r.container) != null) {
                // Inside a container that is a guest node: it runs on that guest node, not beside the container.
                cluster.orderings.add(new Cluster.Ordering("container:" + r.id, r.container, "start", r, "start",
                        Cluster.OrderKind.MANDATORY, true, true));
                continue;
            }
            cluster.colocations.add(new Cluster.Colocation("container:" + r.id, r, r.container, Scores.INFINITY,
                    Role.UNKNOWN, Role.UNKNOWN, null, true));
            cluster.orderings.add(new Cluster.Ordering("container:" + r.id, r.container, "start", r, "start",
                    Cluster.OrderKind.MANDATORY, true, true));
        }
    }

    /** The guest node a container provides, or null. */
    private static Node guestOf(Resource container) {
        for (Resource f : container.fillers) {
            if (f.remoteNode != null) {
                return f.remoteNode;
            }
        }
        return null;
    }

    /**
     * Bans that come with remote nodes: connections run only on cluster nodes, a guest's container never on a
     * guest node, and fence devices never on remote or guest nodes.
     */
    boolean bannedFrom(Resource r, Node n) {
        if (r.pinned != null && r.pinned != n) {
            return true;
        }
        if (r.pinned == null && n.connection != null && n.connection.top().kind == Resource.Kind.BUNDLE) {
            // A bundle's guest nodes run the bundle's own instances and nothing else.
            return true;
        }
        if (!n.remote && n.connection == null) {
            return false;
        }
        if (r.remoteNode != null && r.container != null && r.top().kind == Resource.Kind.BUNDLE) {
            // A bundle's connection goes with its container, through a remote node's connection if need be.
            return n.containerId != null;
        }
        if (r.remoteNode != null || "stonith".equals(r.agentClass)) {
            return true;
        }
        if (r.pinned != null) {
            return r.pinned != n;
        }
        if (n.containerId != null) {
            if (r.top().kind == Resource.Kind.BUNDLE) {
                // A bundle's containers and addresses run on cluster or remote nodes, never nested in a guest.
                return true;
            }
            for (Resource f : r.fillers) {
                if (f.remoteNode != null) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The node whose attributes a resource on {@code n} reads: with container-attribute-target=host, a guest
     * node's resources read those of the host its container runs on.
     */
    static Node attributeNode(Resource r, Node n) {
        if (n == null || n.connection == null || n.connection.container == null
                || !"host".equals(r.meta.get("container-attribute-target"))) {
            return n;
        }
        Resource container = n.connection.container;
        Node host = container.assigned != null ? container.assigned : container.currentNode();
        return host == null ? n : host;
    }

    /** Whether a remote or guest node's connection (and container) are known to run, so its history can be read. */
    boolean isReachable(Node node) {
        Resource c = node.connection;
        return c.isActive() && (c.container == null || c.container.isActive());
    }

    /**
     * Whether a remote or guest node's history is read: when its connection runs, or (with fencing enabled)
     * anyway, so that whatever it still seems to run gets it fenced.
     */
    boolean historyCounts(Node node, XmlElement nodeState) {
        return node.connection.isActive() || cluster.stonithEnabled;
    }

    /**
     * After every history is read: a connection that failed with a reconnect interval set is given up and its
     * node fenced; resources that seem active on a node that is not up get that node fenced (a guest by
     * recovering its container; a remote node whose connection did not fail only if the connection cannot be
     * re-established elsewhere).
     */
    void afterHistory() {
        for (Resource r : cluster.resourcesById.values()) {
            Resource clone = r.cloneAncestor();
            if (r.isPrimitive() && r.top().kind == Resource.Kind.BUNDLE && clone != null && clone.unique) {
                // Parameters Pacer generates for a bundle's containers differ from Pacemaker's: not a change.
                r.definitionChanged.clear();
            }
        }
        for (Resource r : cluster.resourcesById.values()) {
            if (r.container == null || r.remoteNode != null || !r.isPrimitive()) {
                continue;
            }
            List<Node> failed = new ArrayList<>(r.restartContainerOn);
            for (Node n : r.failedOn) {
                String onFail = r.onFail.getOrDefault(n, "restart");
                if (onFail.equals("restart") || onFail.equals("restart-container")) {
                    failed.add(n);
                }
            }
            for (Node n : failed) {
                if (r.container.running.containsKey(n)) {
                    // A failure inside a container is recovered by restarting the container.
                    r.container.stopRequiredOn.add(n);
                }
            }
        }
        for (Node n : cluster.nodes) {
            Resource c = n.connection;
            if (c == null) {
                continue;
            }
            if (n.containerId != null && n.unclean) {
                // Fencing a guest node means recovering its container.
                n.unclean = false;
                resetGuest(n);
            }
            if (c.container == null && n.shutdown && c.isActive()) {
                // A remote node asked to shut down: its connection is stopped (after what runs there).
                c.forceStop = true;
            }
            if (c.container == null && !c.failedOn.isEmpty()
                    && Scores.intervalMs(c.params.get("reconnect_interval")) > 0) {
                c.forceStop = true;
                fenceRemote(n, "remote connection is unrecoverable");
            }
            if (c.container == null && c.onFail.containsValue("reset-remote") && cluster.stonithEnabled) {
                fenceRemote(n, "remote connection is unrecoverable");
            }
            if (n.online) {
                continue;
            }
            for (Resource r : cluster.resourcesById.values()) {
                if (!r.isPrimitive() || !r.running.containsKey(n)) {
                    continue;
                }
                if (n.containerId != null) {
                    resetGuest(n);
                    r.failedOn.add(n);
                    r.onFail.putIfAbsent(n, "restart");
                } else if (cluster.stonithEnabled) {
                    if (c.failedOn.isEmpty()) {
                        if (!n.unclean) {
                            n.unseen = true;
                        }
                        fenceRemote(n, r.id + " is active there (fencing will be revoked if remote connection can "
                                + "be re-established elsewhere)");
                    } else {
                        n.unseen = false;
                        fenceRemote(n, r.id + " is thought to be active there");
                    }
                }
            }
        }
    }

    private static void fenceRemote(Node n, String reason) {
        if (!n.unclean) {
            n.unclean = true;
            n.uncleanReason = reason;
        }
    }

    /** A guest node must be reset: its container is recovered, and what ran on it is lost. */
    private void resetGuest(Node n) {
        Resource container = cluster.resourcesById.get(n.containerId);
        if (container == null || !container.managed) {
            return;
        }
        n.requiresReset = true;
        container.recovering = true;
        for (Node host : container.running.keySet()) {
            container.failedOn.add(host);
            container.onFail.putIfAbsent(host, "restart");
        }
    }

    /**
     * Once connections are placed: a remote node whose fencing waited on its connection is not fenced when the
     * connection starts elsewhere.
     */
    void afterConnectionsAssigned() {
        for (Node n : cluster.nodes) {
            if (n.unseen && n.unclean && n.connection != null && n.connection.assigned != null) {
                n.unclean = false;
                n.unseen = false;
                n.online = true;
            }
        }
    }
}
