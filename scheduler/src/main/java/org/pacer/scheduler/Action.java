package org.pacer.scheduler;

import java.util.ArrayList;
import java.util.List;

/**
 * One action of a transition while it is being planned: a resource action on a node, a pseudo action of a
 * collective, or a fencing. {@code required} and {@code runnable} only ever change one way (optional to
 * required, runnable to unrunnable), which is what lets ordering propagation terminate.
 */
final class Action {
    final int id;
    final Resource rsc;
    final String task;
    final Node node;
    final boolean pseudo;
    boolean required;
    boolean runnable = true;
    String reason;
    /** Required so far only because the same resource stops where it would start (a restart), with no reason. */
    boolean coupledOnly;
    /** How many of the actions ordered before it with {@link Edge#ONE_OR_MORE} must be runnable (clone-min). */
    int minRunnableFirst = 1;
    final List<Edge> out = new ArrayList<>();
    final List<Edge> in = new ArrayList<>();

    Action(int id, Resource rsc, String task, Node node, boolean pseudo) {
        this.id = id;
        this.rsc = rsc;
        this.task = task;
        this.node = node;
        this.pseudo = pseudo;
    }

    /** How Pacemaker names the action in reasons: "rsc task". */
    String label() {
        return (rsc == null ? "" : rsc.id + " ") + task;
    }

    /** An ordering between two actions with what it implies. */
    record Edge(Action first, Action then, int flags) {
        static final int IMPLIES_THEN = 1;
        static final int IMPLIES_FIRST = 2;
        static final int RUNNABLE_LEFT = 4;
        static final int ONE_OR_MORE = 8;
        /** A running "then" resource whose start becomes unrunnable through this edge must stop. */
        static final int STOP_IF_UNRUNNABLE = 16;
        /**
         * A symmetrical order constraint: "first" being required makes "then" required even when "first" cannot
         * run (a resource stopping for good still requires what is ordered after its start).
         */
        static final int IMPLIES_THEN_EVEN_UNRUNNABLE = 32;
    }

    @Override
    public String toString() {
        return label() + (node == null ? "" : " on " + node.name);
    }
}
