package org.pacer.scheduler;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns an assignment into actions: stops, starts, promotions, demotions and fencing, linked by the orderings
 * that groups, clones and order constraints imply. Requirements and unrunnability then spread along those
 * orderings (a required start of a resource that stays put becomes a restart), and the summary lines are read off
 * the result.
 */
final class Planner {
    private final Cluster cluster;
    final List<Action> actions = new ArrayList<>();
    private final Map<Resource, Action> start = new HashMap<>();
    private final Map<Resource, List<Action>> stops = new HashMap<>();
    private final Map<Resource, Action> promote = new HashMap<>();
    private final Map<Resource, List<Action>> demotes = new HashMap<>();
    private final Map<Resource, Map<String, Action>> pseudo = new HashMap<>();
    final List<Action> fencing = new ArrayList<>();

    Planner(Cluster cluster) {
        this.cluster = cluster;
    }

    private boolean startsBlockedByQuorum() {
        return !cluster.haveQuorum && !cluster.noQuorumPolicy.equals("ignore");
    }

    private Action add(Resource r, String task, Node node, boolean isPseudo) {
        Action a = new Action(actions.size(), r, task, node, isPseudo);
        actions.add(a);
        return a;
    }

    private void edge(Action first, Action then, int flags) {
        if (first == null || then == null || first == then) {
            return;
        }
        Action.Edge e = new Action.Edge(first, then, flags);
        first.out.add(e);
        then.in.add(e);
    }

    void plan() {
        for (Node n : cluster.nodes) {
            if (n.unclean && cluster.canFence(n)) {
                Action f = add(null, "stonith", n, false);
                f.required = true;
                f.reason = n.uncleanReason;
                fencing.add(f);
                n.fenceScheduled = true;
            } else if (n.requiresReset && !n.unclean) {
                // A guest node is reset by recovering its container: a fencing no device carries out.
                Resource container = cluster.resourcesById.get(n.containerId);
                Action f = add(null, "stonith", n, true);
                f.required = true;
                f.reason = "guest is unclean";
                n.fenceAction = container != null && container.assigned != null ? "reboot" : "off";
                fencing.add(f);
                n.fenceScheduled = true;
            }
        }
        for (Resource r : cluster.resourcesById.values()) {
            if (r.isPrimitive()) {
                primitiveActions(r);
            } else {
                Map<String, Action> p = new HashMap<>();
                for (String t : new String[] {"start", "running", "stop", "stopped", "promote", "promoted", "demote",
                        "demoted"}) {
                    p.put(t, add(r, t, null, true));
                }
                pseudo.put(r, p);
            }
        }
        for (Resource r : cluster.resourcesById.values()) {
            if (!r.isPrimitive()) {
                collectiveEdges(r);
            }
        }
        for (Cluster.Ordering o : cluster.orderings) {
            orderEdges(o);
        }
        remoteEdges();
        propagate();
    }

    private void primitiveActions(Resource r) {
        Node next = r.assigned;
        boolean frozen = !r.managed || !r.blockedOn.isEmpty();
        Action st = add(r, "start", next, false);
        start.put(r, st);
        if (next == null || frozen) {
            st.runnable = next != null && (!frozen || r.running.containsKey(next) && !r.failedOn.contains(next));
        }
        boolean needsQuorum = !"nothing".equals(r.meta.get("requires"));
        // Frozen by lost quorum, a resource already active may still move; only inactive ones may not start.
        boolean frozenButActive = cluster.noQuorumPolicy.equals("freeze") && r.isActive();
        if (startsBlockedByQuorum() && needsQuorum && next != null && !frozen && !frozenButActive) {
            st.runnable = false;
            st.reason = cluster.noQuorumPolicy.equals("freeze") ? "quorum freeze" : "no quorum";
        }
        List<Action> myStops = new ArrayList<>();
        boolean multiple = r.running.size() > 1;
        for (Map.Entry<Node, Role> e : r.running.entrySet()) {
            Node n = e.getKey();
            Action sp = add(r, "stop", n, n.fenceScheduled);
            myStops.add(sp);
            if (frozen) {
                sp.runnable = false;
                continue;
            }
            boolean failedHere = r.failedOn.contains(n) && !"ignore".equals(r.onFail.get(n)) && !demotesOnly(r, n);
            if (n != next || failedHere || multiple) {
                sp.required = true;
                if (next == null) {
                    // Nowhere to go is the node's doing; only a resource that could run elsewhere stops for quorum.
                    sp.reason = "node availability";
                }
            }
            if (r.stopRequiredOn.contains(n)) {
                // A restart in place: the start is required first, so what follows names it as the reason.
                sp.required = true;
                st.required |= n == next;
            }
            if (n.unclean && !n.fenceScheduled) {
                sp.runnable = false;
            }
            if (startsBlockedByQuorum() && cluster.noQuorumPolicy.equals("stop") && !frozen
                    && !"nothing".equals(r.meta.get("requires")) && (next != null || !n.fenceScheduled)) {
                sp.required = true;
                sp.reason = "no quorum";
            }
            if (e.getValue() == Role.PROMOTED) {
                Action d = add(r, "demote", n, n.fenceScheduled);
                demotes.computeIfAbsent(r, k -> new ArrayList<>()).add(d);
                if (n != next || r.nextRole != Role.PROMOTED || failedHere || demotesOnly(r, n)) {
                    d.required = true;
                }
                edge(d, sp, Action.Edge.IMPLIES_FIRST);
            }
            edge(sp, st, 0);
        }
        stops.put(r, myStops);
        if (multiple && r.multipleActive.equals("stop_unexpected") && !frozen) {
            st.reason = "being multiply active";
        }
        if (next != null && !frozen && (!r.running.containsKey(next) || multiple
                || r.failedOn.contains(next) && !"ignore".equals(r.onFail.get(next)) && !demotesOnly(r, next))) {
            st.required = true;
        }
        boolean otherAgent = r.agentChanged.contains(next);
        if (!frozen && next != null && (r.definitionChanged.contains(next) || otherAgent)
                && r.running.containsKey(next)) {
            // A new agent is a new resource: it restarts without naming a parameter change.
            String why = otherAgent ? null : "resource definition change";
            st.required = true;
            st.reason = why == null ? st.reason : why;
            for (Action sp : myStops) {
                if (sp.node == next) {
                    sp.required = true;
                    sp.reason = why == null ? sp.reason : why;
                }
            }
        }
        if (!frozen && r.nextRole == Role.PROMOTED && next != null) {
            Action pr = add(r, "promote", next, false);
            promote.put(r, pr);
            if (r.running.get(next) != Role.PROMOTED || st.required || demotesOnly(r, next)) {
                pr.required = true;
            }
            edge(st, pr, Action.Edge.IMPLIES_THEN | Action.Edge.RUNNABLE_LEFT);
        }
    }

    /** A promoted instance that failed with on-fail=demote is demoted (and promoted again), never restarted. */
    private static boolean demotesOnly(Resource r, Node n) {
        return r.failedOn.contains(n) && "demote".equals(r.onFail.get(n)) && r.running.get(n) == Role.PROMOTED;
    }

    private boolean stoppedByTicket(Resource r) {
        for (Cluster.TicketBan b : cluster.ticketBans) {
            for (Resource x = r; x != null; x = x.parent) {
                if (b.resource() == x && b.role() != Role.PROMOTED) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The action that stands for "resource did task" when this resource comes first in an ordering. */
    private List<Action> firstActions(Resource r, String task) {
        if (!r.isPrimitive()) {
            String t = switch (task) {
                case "start" -> "running";
                case "stop" -> "stopped";
                case "promote" -> "promoted";
                case "demote" -> "demoted";
                default -> task;
            };
            Action a = pseudo.get(r).get(t);
            return a == null ? List.of() : List.of(a);
        }
        return primitiveActions(r, task);
    }

    private List<Action> thenActions(Resource r, String task) {
        if (!r.isPrimitive()) {
            Action a = pseudo.get(r).get(task);
            return a == null ? List.of() : List.of(a);
        }
        return primitiveActions(r, task);
    }

    private List<Action> primitiveActions(Resource r, String task) {
        return switch (task) {
            case "start" -> start.containsKey(r) ? List.of(start.get(r)) : List.of();
            case "stop" -> stops.getOrDefault(r, List.of());
            case "promote" -> promote.containsKey(r) ? List.of(promote.get(r)) : List.of();
            case "demote" -> demotes.getOrDefault(r, List.of());
            default -> List.of();
        };
    }

    private void collectiveEdges(Resource r) {
        Map<String, Action> p = pseudo.get(r);
        // A new clone instance starting does not restart what is ordered after the clone; a group member does.
        int childToParent = r.isClone() ? Action.Edge.ONE_OR_MORE
                : Action.Edge.IMPLIES_THEN | Action.Edge.RUNNABLE_LEFT;
        for (Resource c : r.children) {
            for (Action a : thenActions(c, "start")) {
                edge(p.get("start"), a, Action.Edge.IMPLIES_THEN | Action.Edge.RUNNABLE_LEFT
                        | Action.Edge.STOP_IF_UNRUNNABLE);
            }
            for (Action a : firstActions(c, "start")) {
                // An instance starting again where it already runs (a restart) does restart what follows the clone.
                boolean restarts = r.isClone() && c.isPrimitive() && a.node != null && c.running.containsKey(a.node);
                edge(a, p.get("running"), childToParent | (restarts ? Action.Edge.IMPLIES_THEN : 0));
            }
            for (Action a : thenActions(c, "stop")) {
                edge(p.get("stop"), a, Action.Edge.IMPLIES_THEN);
            }
            for (Action a : firstActions(c, "stop")) {
                edge(a, p.get("stopped"), Action.Edge.IMPLIES_THEN);
            }
            for (Action a : thenActions(c, "promote")) {
                edge(p.get("promote"), a, 0);
            }
            for (Action a : firstActions(c, "promote")) {
                edge(a, p.get("promoted"), Action.Edge.IMPLIES_THEN);
            }
            for (Action a : thenActions(c, "demote")) {
                edge(p.get("demote"), a, 0);
            }
            for (Action a : firstActions(c, "demote")) {
                edge(a, p.get("demoted"), Action.Edge.IMPLIES_THEN);
            }
        }
        if (r.kind == Resource.Kind.GROUP) {
            for (int i = 1; i < r.children.size(); i++) {
                Resource before = r.children.get(i - 1);
                Resource after = r.children.get(i);
                for (Action f : firstActions(before, "start")) {
                    for (Action t : thenActions(after, "start")) {
                        edge(f, t, Action.Edge.IMPLIES_THEN | Action.Edge.RUNNABLE_LEFT
                                | Action.Edge.STOP_IF_UNRUNNABLE);
                    }
                }
                for (Action f : firstActions(after, "stop")) {
                    for (Action t : thenActions(before, "stop")) {
                        // A bundle's connection stops because its container cannot start, not merely before it.
                        edge(f, t, r.top().kind == Resource.Kind.BUNDLE ? 0 : Action.Edge.IMPLIES_FIRST);
                    }
                }
            }
        }
    }

    private void orderEdges(Cluster.Ordering o) {
        if (o.kind() == Cluster.OrderKind.SERIALIZE) {
            return;
        }
        boolean mandatory = o.kind() == Cluster.OrderKind.MANDATORY;
        int flags = mandatory ? Action.Edge.IMPLIES_THEN | Action.Edge.RUNNABLE_LEFT
                | (o.symmetrical() ? Action.Edge.STOP_IF_UNRUNNABLE | Action.Edge.IMPLIES_THEN_EVEN_UNRUNNABLE : 0) : 0;
        if (!o.requireAll()) {
            flags = mandatory ? Action.Edge.IMPLIES_THEN | Action.Edge.ONE_OR_MORE : 0;
        }
        if (!interleavedStarts(o, flags)) {
            for (Action f : firstActions(o.first(), o.firstAction())) {
                for (Action t : thenActions(o.then(), o.thenAction())) {
                    edge(f, t, flags);
                }
            }
        }
        if (mandatory && o.first().isClone() && o.first().cloneMin > 0 && o.firstAction().equals("start")
                && o.first().children.stream().allMatch(Resource::isPrimitive)) {
            cloneMinGate(o);
        }
        if (o.symmetrical()) {
            String fi = inverse(o.firstAction());
            String ti = inverse(o.thenAction());
            if (fi == null || ti == null) {
                return;
            }
            for (Action f : firstActions(o.then(), ti)) {
                for (Action t : thenActions(o.first(), fi)) {
                    edge(f, t, mandatory ? Action.Edge.IMPLIES_FIRST : 0);
                }
            }
        }
    }

    /**
     * An interleaved clone ordered after another clone's start waits, instance by instance, only for the instance
     * of the first clone placed on the same node. Returns false (nothing done) when that does not apply.
     * An instance with no such partner still waits for the whole first clone (Pacemaker leaves it stopped instead:
     * not done here yet, as that belongs to placement).
     */
    private boolean interleavedStarts(Cluster.Ordering o, int flags) {
        Resource first = o.first();
        Resource then = o.then();
        if (!then.isClone() || !then.interleave || !first.isClone() || !o.requireAll()
                || !o.firstAction().equals("start") || !o.thenAction().equals("start")
                || !first.children.stream().allMatch(Resource::isPrimitive)
                || !then.children.stream().allMatch(Resource::isPrimitive)) {
            return false;
        }
        for (Resource t : then.children) {
            Action ts = start.get(t);
            if (ts == null || t.assigned == null) {
                continue;
            }
            Resource match = null;
            for (Resource f : first.children) {
                if (f.assigned == t.assigned) {
                    match = f;
                    break;
                }
            }
            if (match != null && start.get(match) != null) {
                edge(start.get(match), ts, flags);
            } else {
                for (Action f : firstActions(first, "start")) {
                    edge(f, ts, flags);
                }
            }
        }
        return true;
    }

    /**
     * With clone-min, what is ordered after a clone's start can only run while at least clone-min instances will
     * be running: a pseudo action counts the instances' runnable starts, and what comes after it stops when too
     * few are left.
     */
    private void cloneMinGate(Cluster.Ordering o) {
        Action gate = add(null, "clone-one-or-more:" + o.id(), null, true);
        gate.minRunnableFirst = o.first().cloneMin;
        for (Resource instance : o.first().children) {
            for (Action a : primitiveActions(instance, "start")) {
                edge(a, gate, Action.Edge.ONE_OR_MORE);
            }
        }
        for (Action t : thenActions(o.then(), o.thenAction())) {
            edge(gate, t, Action.Edge.RUNNABLE_LEFT | Action.Edge.STOP_IF_UNRUNNABLE);
        }
    }

    /** Nothing starts on a remote or guest node before its connection is up. */
    private void remoteEdges() {
        for (Resource r : cluster.resourcesById.values()) {
            Node n = r.isPrimitive() ? r.assigned : null;
            if (n == null || n.connection == null || n.connection == r) {
                continue;
            }
            Resource container = n.connection.container;
            if (container != null && (container.top().kind != Resource.Kind.BUNDLE || n.connection.assigned != null)) {
                // What runs in a guest cannot start (or keep running) unless its container does, and starts again
                // when the container restarts.
                edge(start.get(container), start.get(r), Action.Edge.RUNNABLE_LEFT | Action.Edge.STOP_IF_UNRUNNABLE
                        | Action.Edge.IMPLIES_THEN);
            }
            edge(start.get(n.connection), start.get(r), Action.Edge.RUNNABLE_LEFT | Action.Edge.STOP_IF_UNRUNNABLE);
        }
    }

    private static String inverse(String task) {
        return switch (task) {
            case "start" -> "stop";
            case "stop" -> "start";
            case "promote" -> "demote";
            case "demote" -> "promote";
            default -> null;
        };
    }

    /**
     * Spreads requirements, then unrunnability, then requirements again: a stop already required by an ordering
     * keeps no reason, while one forced only because its start cannot run names the action that blocks it.
     */
    private void propagate() {
        Deque<Action> work = new ArrayDeque<>();
        for (Action a : actions) {
            if (a.required) {
                work.add(a);
            }
        }
        spreadRequired(work);
        for (Action a : actions) {
            if (a.runnable && a.minRunnableFirst > 1 && noRunnableFirst(a)) {
                a.runnable = false;
            }
            if (!a.runnable) {
                work.add(a);
            }
        }
        while (!work.isEmpty()) {
            Action a = work.poll();
            for (Action.Edge e : a.out) {
                Action t = e.then();
                if (!t.runnable) {
                    continue;
                }
                if ((e.flags() & Action.Edge.RUNNABLE_LEFT) != 0
                        || (e.flags() & Action.Edge.ONE_OR_MORE) != 0 && noRunnableFirst(t)) {
                    t.runnable = false;
                    if (t.reason == null || !t.required) {
                        t.reason = unrunnableThrough(a);
                    }
                    work.add(t);
                    if ((e.flags() & Action.Edge.STOP_IF_UNRUNNABLE) != 0) {
                        stopWhatCannotStart(t);
                    }
                }
            }
        }
        for (Action a : actions) {
            if (a.required) {
                work.add(a);
            }
        }
        spreadRequired(work);
    }

    private void spreadRequired(Deque<Action> work) {
        while (!work.isEmpty()) {
            Action a = work.poll();
            for (Action.Edge e : a.out) {
                // An action that is required but cannot run still requires what a symmetrical ordering puts after
                // it: that is why a resource ordered after a stopping one stops too.
                boolean spreads = a.runnable || a.pseudo || (e.flags() & Action.Edge.IMPLIES_THEN_EVEN_UNRUNNABLE) != 0;
                if (spreads && (e.flags() & Action.Edge.IMPLIES_THEN) != 0 && !e.then().required) {
                    require(e.then(), reasonThrough(a), work);
                } else if (e.then().coupledOnly && e.then().reason == null
                        && (e.flags() & Action.Edge.IMPLIES_THEN_EVEN_UNRUNNABLE) != 0) {
                    // Required only by its own stop, the start still names the ordering that requires it too.
                    e.then().coupledOnly = false;
                    e.then().reason = reasonThrough(a);
                }
            }
            for (Action.Edge e : a.in) {
                if ((e.flags() & Action.Edge.IMPLIES_FIRST) != 0 && !e.first().required) {
                    require(e.first(), null, work);
                }
            }
            restartCoupling(a, work);
        }
    }

    /**
     * Why an action that {@code a} requires is required: {@code a} itself, except that a bundle's own pseudo
     * actions (and those of the replicas it is made of) pass on why they were required.
     */
    private static String reasonThrough(Action a) {
        if (a.pseudo && a.rsc != null && a.reason != null && a.reason.startsWith("required ")
                && (a.rsc.top().kind == Resource.Kind.BUNDLE || a.rsc.isClone())
                && List.of("start", "stop", "promote", "demote").contains(a.task)) {
            return a.reason;
        }
        return "required " + a.label();
    }

    /** Why an action that {@code a} blocks cannot run: a clone's or group's own start passes on what blocks it. */
    private static String unrunnableThrough(Action a) {
        if (a.pseudo && a.rsc != null && (a.rsc.isClone() || a.rsc.kind == Resource.Kind.GROUP)
                && a.task.equals("start") && a.reason != null
                && a.reason.startsWith("unrunnable ")) {
            return a.reason;
        }
        return "unrunnable " + a.label();
    }

    /** A running resource whose start became unrunnable must stop where it runs. */
    private void stopWhatCannotStart(Action t) {
        if (t.rsc == null || !t.task.equals("start")) {
            return;
        }
        if (!t.rsc.isPrimitive()) {
            for (Resource p : t.rsc.primitives()) {
                Action st = start.get(p);
                if (st != null && !st.runnable) {
                    stopWhatCannotStart(st);
                }
            }
            return;
        }
        if (t.node == null) {
            return;
        }
        for (Action sp : stops.getOrDefault(t.rsc, List.of())) {
            if (sp.node == t.node && !sp.required && sp.runnable) {
                sp.required = true;
                sp.reason = t.reason;
            }
        }
    }

    /** Whether fewer of the actions ordered before {@code t} as one-or-more are runnable than it needs. */
    private boolean noRunnableFirst(Action t) {
        boolean any = false;
        int runnable = 0;
        for (Action.Edge e : t.in) {
            if ((e.flags() & Action.Edge.ONE_OR_MORE) != 0) {
                any = true;
                if (e.first().runnable && (e.first().node != null || e.first().pseudo)
                        && ++runnable >= t.minRunnableFirst) {
                    return false;
                }
            }
        }
        return any || t.minRunnableFirst > 1;
    }

    private void require(Action a, String reason, Deque<Action> work) {
        a.required = true;
        if (reason != null && a.reason == null) {
            a.reason = reason;
        }
        work.add(a);
    }

    /** A resource that must start where it already runs must stop first, and vice versa. */
    private void restartCoupling(Action a, Deque<Action> work) {
        Resource r = a.rsc;
        if (r == null || !r.isPrimitive()) {
            return;
        }
        if (a.task.equals("start") && a.node != null && r.running.containsKey(a.node)) {
            for (Action sp : stops.getOrDefault(r, List.of())) {
                if (sp.node == a.node && !sp.required) {
                    require(sp, null, work);
                }
            }
        } else if (a.task.equals("stop") && a.node != null && (a.node == r.assigned || r.assigned == null)) {
            Action st = start.get(r);
            if (st != null && !st.required) {
                st.coupledOnly = true;
                require(st, null, work);
            }
        }
        if (a.task.equals("start") && a.node != null) {
            Action pr = promote.get(r);
            if (pr != null && !pr.required) {
                require(pr, null, work);
            }
        }
        if (a.task.equals("stop") && a.node != null) {
            for (Action d : demotes.getOrDefault(r, List.of())) {
                if (d.node == a.node && !d.required) {
                    require(d, null, work);
                }
            }
        }
    }

    Action startOf(Resource r) {
        return start.get(r);
    }

    List<Action> stopsOf(Resource r) {
        return stops.getOrDefault(r, List.of());
    }

    Action promoteOf(Resource r) {
        return promote.get(r);
    }

    List<Action> demotesOf(Resource r) {
        return demotes.getOrDefault(r, List.of());
    }
}
