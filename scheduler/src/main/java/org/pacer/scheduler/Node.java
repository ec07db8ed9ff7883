package org.pacer.scheduler;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A cluster node as one scheduling run sees it: its state (online, unclean, standby...), its attributes for
 * rules, and its running tally of assigned resources and used capacity. Mutable only while one run assigns.
 */
final class Node implements Comparable<Node> {
    final String id;
    final String name;
    final String type;
    boolean online;
    boolean unclean;
    String uncleanReason;
    boolean standby;
    boolean maintenance;
    boolean shutdown;
    boolean pending;
    boolean expectedDown;
    boolean remote;
    /** For a guest node: the resource that is its container. */
    String containerId;
    /** For a remote or guest node: the connection resource that brings it online (see {@link RemoteNodes}). */
    Resource connection;
    /** A remote node to fence only if its connection cannot be re-established elsewhere. */
    boolean unseen;
    /** A guest node whose container is recovered to reset it (a fencing implied by the recovery). */
    boolean requiresReset;
    final Map<String, String> attributes = new HashMap<>();
    final Map<String, Long> capacity = new LinkedHashMap<>();
    final Map<String, Long> used = new HashMap<>();
    int assigned;
    boolean fenceScheduled;
    String fenceAction = "reboot";

    Node(String id, String name, String type) {
        this.id = id;
        this.name = name;
        this.type = type;
    }

    /** Whether new resources may be placed here. */
    boolean canRun() {
        // A remote or guest node can take resources once its connection is placed, even if it is not up yet.
        boolean up = connection == null ? online : connection.assigned != null && connection.nextRole.isActive();
        return up && !unclean && !standby && !shutdown && !pending && !maintenance;
    }

    long remaining(String key) {
        return capacity.getOrDefault(key, 0L) - used.getOrDefault(key, 0L);
    }

    @Override
    public int compareTo(Node other) {
        return name.compareTo(other.name);
    }

    @Override
    public String toString() {
        return name;
    }
}
