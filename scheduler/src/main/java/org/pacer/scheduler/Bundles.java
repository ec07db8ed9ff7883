package org.pacer.scheduler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.pacer.cib.XmlElement;

/**
 * Expands a bundle into what Pacemaker runs for it. Each replica {@code i} is a group of an optional IP address
 * ({@code B-ip-ADDR}), a container ({@code B-docker-i}, {@code B-podman-i} or {@code B-rkt-i}) and, when the bundle
 * wraps a primitive, the connection {@code B-i} of the guest node {@code B-i} living in that container. The
 * replicas form a unique clone placed like any clone (at most replicas-per-host per node); the wrapped primitive
 * is an anonymous clone whose instance {@code P:i} may only run on guest node {@code B-i}.
 */
final class Bundles {
    private static final List<String> CONTAINER_KINDS = List.of("docker", "podman", "rkt");

    private Bundles() {
    }

    /** The container element of a bundle (docker, podman or rkt), if any. */
    static Optional<XmlElement> containerOf(XmlElement bundle) {
        for (XmlElement c : bundle.children()) {
            if (CONTAINER_KINDS.contains(c.name())) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** The number of replicas: as configured, else promoted-max when positive, else one. */
    static int replicas(XmlElement bundle) {
        XmlElement c = containerOf(bundle).orElse(null);
        if (c == null) {
            return 0;
        }
        int promoted = promotedMax(c);
        return Math.max(0, Scores.parse(c.attr("replicas"), promoted > 0 ? promoted : 1));
    }

    private static int promotedMax(XmlElement container) {
        return Scores.parse(container.attr("promoted-max", container.attr("masters")), 0);
    }

    /** The guest nodes a bundle implies (one per replica when it wraps a primitive), with their containers. */
    static Map<String, String> guestNodes(XmlElement bundle) {
        Map<String, String> out = new LinkedHashMap<>();
        XmlElement c = containerOf(bundle).orElse(null);
        if (c == null || bundle.child("primitive").isEmpty()) {
            return out;
        }
        for (int i = 0; i < replicas(bundle); i++) {
            out.put(bundle.id() + "-" + i, bundle.id() + "-" + c.name() + "-" + i);
        }
        return out;
    }

    /** Fills a bundle resource with its replicas and its wrapped primitive's instances. */
    static void expand(Cluster cluster, ConfigReader config, Resource bundle) {
        XmlElement e = bundle.xml;
        XmlElement container = containerOf(e).orElse(null);
        if (container == null) {
            return;
        }
        int replicas = replicas(e);
        XmlElement network = e.child("network").orElse(null);
        XmlElement wrapped = e.child("primitive").orElse(null);

        Resource replicaSet = collective(cluster, bundle, bundle.id + "-replicas", Resource.Kind.CLONE, e);
        replicaSet.unique = true;
        replicaSet.cloneMax = replicas;
        replicaSet.cloneNodeMax = Math.max(1, Scores.parse(container.attr("replicas-per-host"), 1));
        String ip = network == null ? null : network.attr("ip-range-start");
        for (int i = 0; i < replicas; i++) {
            Resource replica = collective(cluster, replicaSet, bundle.id + "-replica-" + i, Resource.Kind.GROUP, e);
            if (ip != null) {
                String address = addressAt(ip, i);
                Map<String, String> params = new LinkedHashMap<>();
                params.put("ip", address);
                if (network.attr("host-interface") != null) {
                    params.put("nic", network.attr("host-interface"));
                }
                if (network.attr("host-netmask") != null) {
                    params.put("cidr_netmask", network.attr("host-netmask"));
                }
                replica.children.add(config.implicitChild(
                        primitive(bundle.id + "-ip-" + address, "heartbeat", "IPaddr2", params), replica));
            }
            Map<String, String> containerParams = new LinkedHashMap<>();
            containerParams.put("image", container.attr("image", ""));
            Resource box = config.implicitChild(primitive(bundle.id + "-" + container.name() + "-" + i, "heartbeat",
                    container.name(), containerParams), replica);
            replica.children.add(box);
            if (wrapped != null) {
                Map<String, String> params = new LinkedHashMap<>();
                String port = network == null ? null : network.attr("control-port");
                if (port != null) {
                    params.put("port", port);
                }
                Resource connection = config.implicitChild(primitive(bundle.id + "-" + i, "pacemaker", "remote",
                        params), replica);
                connection.container = box;
                box.fillers.add(connection);
                replica.children.add(connection);
            }
        }
        if (wrapped == null) {
            return;
        }
        Resource instances = collective(cluster, bundle, bundle.id + "-clone", Resource.Kind.CLONE, e);
        int promoted = promotedMax(container);
        instances.promotable = promoted > 0;
        instances.promotedMax = Math.max(promoted, 1);
        instances.cloneMax = replicas;
        for (int i = 0; i < replicas; i++) {
            Resource inst = config.addInstance(instances, wrapped, i);
            inst.pinned = cluster.node(bundle.id + "-" + i);
        }
    }

    private static Resource collective(Cluster cluster, Resource parent, String id, Resource.Kind kind,
                                       XmlElement xml) {
        Resource r = new Resource(id, kind, xml);
        r.parent = parent;
        r.meta = new java.util.HashMap<>(parent.meta);
        r.managed = parent.managed;
        r.targetRole = parent.targetRole;
        r.stickiness = parent.stickiness;
        parent.children.add(r);
        cluster.resourcesById.putIfAbsent(id, r);
        return r;
    }

    private static XmlElement primitive(String id, String provider, String type, Map<String, String> params) {
        List<XmlElement> pairs = new ArrayList<>();
        params.forEach((k, v) -> pairs.add(XmlElement.of("nvpair",
                Map.of("id", id + "-instance_attributes-" + k, "name", k, "value", v))));
        List<XmlElement> children = pairs.isEmpty() ? List.of()
                : List.of(XmlElement.of("instance_attributes", Map.of("id", id + "-instance_attributes"), pairs));
        return XmlElement.of("primitive", Map.of("id", id, "class", "ocf", "provider", provider, "type", type),
                children);
    }

    /** The IPv4 address {@code offset} after {@code start}. */
    static String addressAt(String start, int offset) {
        String[] parts = start.trim().split("\\.");
        if (parts.length != 4) {
            throw new SchedulerException("bundle ip-range-start is not an IPv4 address: '" + start + "'");
        }
        long value = 0;
        for (String p : parts) {
            value = value * 256 + Scores.parse(p, 0);
        }
        value += offset;
        return ((value >> 24) & 255) + "." + ((value >> 16) & 255) + "." + ((value >> 8) & 255) + "." + (value & 255);
    }

    /**
     * Once a bundle's replicas are placed: a connection to a container on a remote node runs where that remote
     * node's connection runs; one whose container cannot be placed stays where it is, to be stopped with it.
     */
    static void placeConnections(Resource bundle) {
        if (bundle.children.isEmpty()) {
            return;
        }
        for (Resource replica : bundle.children.get(0).children) {
            for (Resource p : replica.primitives()) {
                if (p.remoteNode == null || p.container == null || !p.assignedDone) {
                    continue;
                }
                Node host = p.container.assigned;
                if (host != null && host.connection != null && p.assigned == host) {
                    host.assigned--;
                    p.assigned = host.connection.assigned;
                    if (p.assigned != null) {
                        p.assigned.assigned++;
                    }
                } else if (host == null && p.assigned == null && p.managed) {
                    // Still placed (where it runs if it can stay), so that it stops, or waits to start, because
                    // its container cannot start.
                    p.assigned = p.currentNode() != null && p.currentNode().canRun() ? p.currentNode()
                            : anyClusterNode(p);
                    p.nextRole = p.assigned == null ? Role.STOPPED : Role.STARTED;
                    if (p.assigned != null) {
                        p.assigned.assigned++;
                    }
                }
            }
        }
        if (bundle.children.size() > 1) {
            for (Resource inst : bundle.children.get(1).children) {
                pinInstance(inst);
            }
        }
    }

    private static Node anyClusterNode(Resource r) {
        Node best = null;
        for (Map.Entry<Node, Integer> e : r.allowed.entrySet()) {
            Node n = e.getKey();
            if (n.connection == null && !n.remote && n.canRun() && e.getValue() >= 0 && (best == null
                    || n.assigned < best.assigned || n.assigned == best.assigned && n.name.compareTo(best.name) < 0)) {
                best = n;
            }
        }
        return best;
    }

    /**
     * An instance stays assigned to its replica's guest node even when that node cannot take it now: its start
     * then waits, unrunnable, on the container or connection that is missing.
     */
    private static void pinInstance(Resource inst) {
        if (!inst.isPrimitive() || inst.assigned != null || inst.pinned == null || !inst.assignedDone
                || !inst.managed || inst.score(inst.pinned) < 0 || inst.pinned.connection == null) {
            return;
        }
        inst.assigned = inst.pinned;
        inst.nextRole = inst.role() == Role.STOPPED ? Role.STARTED : inst.role();
    }
}
