package org.pacer.scheduler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The actions a transition carries out and the orderings between them. Only required, runnable actions are
 * included; each ordering names the action ids it joins, so {@code before} always precedes {@code after}.
 */
public record TransitionGraph(List<GraphAction> actions, List<Ordering> orderings) {
    public TransitionGraph {
        actions = List.copyOf(actions);
        orderings = List.copyOf(orderings);
    }

    /** One action: a resource operation on a node, a pseudo action, or a fencing of a node. */
    public record GraphAction(int id, String resource, String task, String node, boolean pseudo) {
        /** How crm_simulate lists it under "Executing Cluster Transition". */
        public String describe() {
            if (task.equals("stonith")) {
                return "Fencing " + node + " (reboot)";
            }
            if (pseudo) {
                return "Pseudo action:   " + resource + "_" + task + "_0";
            }
            return String.format("Resource action: %-15s %s on %s", resource, task, node);
        }
    }

    /** {@code before} must complete before {@code after} starts. */
    public record Ordering(int before, int after) {
    }

    static TransitionGraph from(Planner plan) {
        List<GraphAction> out = new ArrayList<>();
        Map<Action, Integer> ids = new HashMap<>();
        for (Action a : topological(plan.actions)) {
            if (!a.required || !a.runnable || a.pseudo && a.rsc != null && a.rsc.isPrimitive()) {
                continue;
            }
            if (a.pseudo && a.rsc != null && !hasRequiredNeighbour(a)) {
                continue;
            }
            if (!a.pseudo && a.node == null) {
                continue;
            }
            int id = out.size();
            ids.put(a, id);
            out.add(new GraphAction(id, a.rsc == null ? null : a.rsc.id, a.task, a.node == null ? null : a.node.name,
                    a.pseudo));
        }
        List<Ordering> orderings = new ArrayList<>();
        for (Action a : plan.actions) {
            for (Action.Edge e : a.out) {
                Integer f = ids.get(e.first());
                Integer t = ids.get(e.then());
                if (f != null && t != null) {
                    orderings.add(new Ordering(f, t));
                }
            }
        }
        return new TransitionGraph(out, orderings);
    }

    private static boolean hasRequiredNeighbour(Action a) {
        for (Action.Edge e : a.in) {
            if (e.first().required && e.first().runnable) {
                return true;
            }
        }
        for (Action.Edge e : a.out) {
            if (e.then().required && e.then().runnable) {
                return true;
            }
        }
        return false;
    }

    /** Kahn's algorithm over the ordering edges; actions in cycles keep their creation order at the end. */
    private static List<Action> topological(List<Action> actions) {
        Map<Action, Integer> indegree = new HashMap<>();
        for (Action a : actions) {
            indegree.put(a, a.in.size());
        }
        ArrayList<Action> ready = new ArrayList<>();
        for (Action a : actions) {
            if (a.in.isEmpty()) {
                ready.add(a);
            }
        }
        List<Action> order = new ArrayList<>();
        java.util.Set<Action> done = new java.util.HashSet<>();
        int i = 0;
        while (i < ready.size()) {
            Action a = ready.get(i++);
            order.add(a);
            done.add(a);
            for (Action.Edge e : a.out) {
                int d = indegree.merge(e.then(), -1, Integer::sum);
                if (d == 0) {
                    ready.add(e.then());
                }
            }
        }
        for (Action a : actions) {
            if (!done.contains(a)) {
                order.add(a);
            }
        }
        return order;
    }
}
