package org.pacer.scheduler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.pacer.cib.XmlElement;

/**
 * A resource as one scheduling run works on it: its configuration (kind, meta attributes, children), what the
 * operation history says about it, and the placement the run decides. Clone instances are resources of their
 * own (id {@code base:N}). Mutable only during the run that created it.
 */
final class Resource {
    enum Kind { PRIMITIVE, GROUP, CLONE, BUNDLE }

    final String id;
    final Kind kind;
    final XmlElement xml;
    Resource parent;
    final List<Resource> children = new ArrayList<>();
    /** The id in the configuration and history (without the clone instance suffix). */
    String baseId;
    Map<String, String> meta = new HashMap<>();
    Map<String, String> params = new HashMap<>();
    Map<String, Long> utilization = new LinkedHashMap<>();
    String agentClass;
    String provider;
    String type;
    List<XmlElement> ops = List.of();

    // Clone settings.
    boolean promotable;
    boolean unique;
    boolean interleave;
    boolean ordered;
    int cloneMax;
    int cloneNodeMax = 1;
    int promotedMax = 1;
    int promotedNodeMax = 1;
    int cloneMin;

    // Behaviour settings from meta attributes.
    int priority;
    int stickiness;
    Role targetRole = Role.UNKNOWN;
    boolean managed = true;
    int migrationThreshold = Scores.INFINITY;
    long failureTimeoutMs;
    boolean allowMigrate;
    String multipleActive = "stop_start";
    boolean critical = true;
    boolean orphan;
    /** The resource this one runs inside (meta attribute container, or a guest node's connection). */
    Resource container;
    /** The resources that run inside this one. */
    final List<Resource> fillers = new ArrayList<>();
    /** Nodes where it must stop (and start again if it stays): a resource inside it failed there. */
    final Set<Node> stopRequiredOn = new LinkedHashSet<>();
    /** Nodes where its stop failed inside a container, which restarting the container settles. */
    final Set<Node> restartContainerOn = new LinkedHashSet<>();
    /** The only node it may run on (a bundle's instance on its replica's guest node), or null. */
    Node pinned;
    /** Recovered wherever it runs, even from a node being fenced (a guest node's container being reset). */
    boolean recovering;
    /** For a remote or guest connection resource: the node it brings online. */
    Node remoteNode;
    /** Stopped everywhere because a failure's on-fail says stop. */
    boolean forceStop;

    // State from the operation history (primitives).
    final Map<Node, Role> running = new LinkedHashMap<>();
    final Set<Node> failedOn = new LinkedHashSet<>();
    final Map<Node, String> onFail = new HashMap<>();
    final Set<Node> bannedByHistory = new LinkedHashSet<>();
    final Set<Node> pendingOn = new LinkedHashSet<>();
    /** Nodes where a stop failed with no fencing to recover: the resource is blocked there. */
    final Set<Node> blockedOn = new LinkedHashSet<>();
    final Map<Node, Integer> failcount = new HashMap<>();
    /** A live migration begun but not finished: source and target. */
    Node migrationSource;
    Node migrationTarget;
    boolean migrationFailed;
    boolean startFailedOnly;
    boolean blocked;
    /** Nodes where the resource runs with parameters other than those configured now (a restart is due). */
    final Set<Node> definitionChanged = new LinkedHashSet<>();
    /** Nodes where it runs as another agent (class, provider or type) than configured now: it restarts there. */
    final Set<Node> agentChanged = new LinkedHashSet<>();

    // Placement.
    Map<Node, Integer> allowed = new HashMap<>();
    Node assigned;
    Role nextRole = Role.UNKNOWN;
    boolean assigning;
    boolean assignedDone;
    /** A Promoted role decided by promotion (clone instances). */
    boolean promote;

    Resource(String id, Kind kind, XmlElement xml) {
        this.id = id;
        this.kind = kind;
        this.xml = xml;
        this.baseId = id;
    }

    boolean isPrimitive() {
        return kind == Kind.PRIMITIVE;
    }

    boolean isClone() {
        return kind == Kind.CLONE;
    }

    /** The nearest clone above this resource, or null. */
    Resource cloneAncestor() {
        for (Resource r = parent; r != null; r = r.parent) {
            if (r.kind == Kind.CLONE) {
                return r;
            }
        }
        return null;
    }

    /** The top-level resource this one belongs to. */
    Resource top() {
        Resource r = this;
        while (r.parent != null) {
            r = r.parent;
        }
        return r;
    }

    /** All primitives in this subtree, in configuration order. */
    List<Resource> primitives() {
        List<Resource> out = new ArrayList<>();
        collectPrimitives(out);
        return out;
    }

    private void collectPrimitives(List<Resource> out) {
        if (kind == Kind.PRIMITIVE) {
            out.add(this);
        }
        for (Resource c : children) {
            c.collectPrimitives(out);
        }
    }

    /** The node this resource (or, for a collective, its first active primitive) runs on, or null. */
    Node currentNode() {
        if (kind == Kind.PRIMITIVE) {
            return running.isEmpty() ? null : running.keySet().iterator().next();
        }
        for (Resource c : children) {
            Node n = c.currentNode();
            if (n != null) {
                return n;
            }
        }
        return null;
    }

    boolean isActive() {
        if (kind == Kind.PRIMITIVE) {
            return !running.isEmpty();
        }
        for (Resource c : children) {
            if (c.isActive()) {
                return true;
            }
        }
        return false;
    }

    boolean isFailed() {
        if (kind == Kind.PRIMITIVE) {
            return !failedOn.isEmpty();
        }
        for (Resource c : children) {
            if (c.isFailed()) {
                return true;
            }
        }
        return false;
    }

    /** The current role: the highest of the roles on the nodes it is active on. */
    Role role() {
        if (kind == Kind.PRIMITIVE) {
            Role best = Role.STOPPED;
            for (Role r : running.values()) {
                if (r.compareTo(best) > 0) {
                    best = r;
                }
            }
            return best;
        }
        Role best = Role.STOPPED;
        for (Resource c : children) {
            Role r = c.role();
            if (r.compareTo(best) > 0) {
                best = r;
            }
        }
        return best;
    }

    int score(Node node) {
        Integer s = allowed.get(node);
        return s == null ? -Scores.INFINITY : s;
    }

    void addScore(Node node, int delta) {
        Integer s = allowed.get(node);
        allowed.put(node, Scores.add(s == null ? 0 : s, delta));
    }

    @Override
    public String toString() {
        return id;
    }
}
