package org.pacer.scheduler;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes the "Transition Summary" lines the way crm_simulate does: one line per resource that changes (Start,
 * Stop, Move, Migrate, Recover, Restart, Promote, Demote) and one per fencing, with columns that widen as longer
 * names are printed.
 */
final class TransitionSummary {
    private final Cluster cluster;
    private final Planner plan;
    private int rscWidth = 5;
    private int detailWidth = 5;
    final List<String> lines = new ArrayList<>();

    TransitionSummary(Cluster cluster, Planner plan) {
        this.cluster = cluster;
        this.plan = plan;
    }

    List<String> write() {
        for (Action f : plan.fencing) {
            Node n = f.node;
            String guest = n.containerId == null ? "" : " (resource: " + n.containerId + ")";
            lines.add("* Fence (" + n.fenceAction + ") " + n.name + guest + " '" + f.reason + "'");
        }
        for (Resource top : cluster.resources) {
            for (Resource r : top.primitives()) {
                resource(r);
            }
        }
        return lines;
    }

    private void resource(Resource r) {
        Action st = plan.startOf(r);
        List<Action> stops = new ArrayList<>();
        for (Action a : plan.stopsOf(r)) {
            if (a.required) {
                stops.add(a);
            }
        }
        Node current = r.currentNode();
        Role role = r.role();
        boolean starting = st != null && st.required && st.node != null;
        Node next = starting ? st.node : null;
        if (!stops.isEmpty() && starting && !st.runnable) {
            // Cannot come back: it is a stop.
            starting = false;
        }
        if (starting && current == null) {
            if (r.nextRole == Role.PROMOTED) {
                item("Promote", r, role, r.nextRole, null, next, st);
            } else {
                item("Start", r, role, r.nextRole, null, next, st);
            }
            return;
        }
        if (starting && !stops.isEmpty()) {
            Node from = stops.get(0).node;
            if (r.running.containsKey(next)) {
                String verb = r.failedOn.contains(next) || r.running.size() > 1
                        && r.multipleActive.equals("stop_unexpected") ? "Recover" : "Restart";
                Role nr = r.nextRole;
                item(verb, r, role, nr == Role.STARTED && role == Role.STARTED ? role : nr, next, next, st);
                return;
            }
            if (r.allowMigrate && r.failedOn.isEmpty() && role == Role.STARTED && r.running.size() == 1
                    && !from.unclean && from.online && st.reason == null) {
                item("Migrate", r, role, r.nextRole, from, next, st);
                return;
            }
            String verb = r.failedOn.contains(from) || r.recovering ? "Recover" : "Move";
            item(verb, r, role, r.nextRole, from, next, st);
            return;
        }
        if (!stops.isEmpty()) {
            for (Action sp : stops) {
                if (sp.reason == null && st != null && st.required && !st.runnable && st.reason != null
                        && r.top().kind == Resource.Kind.BUNDLE) {
                    // A bundle's connection placed elsewhere stops here because it cannot start there.
                    sp.reason = st.reason;
                }
                // A resource active on several nodes is shown in its overall (highest) role on each.
                Role shown = r.running.size() > 1 && r.cloneAncestor() == null ? role
                        : r.running.getOrDefault(sp.node, role);
                // A stop with no reason of its own gives its start's, as crm_simulate does.
                Action why = sp.reason == null && st != null && st.reason != null ? st : sp;
                item("Stop", r, shown, Role.STOPPED, sp.node, null, why, sp,
                        sp.runnable);
            }
            return;
        }
        Action pr = plan.promoteOf(r);
        if (pr != null && pr.required) {
            boolean demotedFirst = plan.demotesOf(r).stream().anyMatch(d -> d.required && d.node == pr.node);
            item(demotedFirst ? "Re-promote" : "Promote", r, role, Role.PROMOTED, pr.node, pr.node, pr);
            return;
        }
        for (Action d : plan.demotesOf(r)) {
            if (d.required) {
                item("Demote", r, role, Role.UNPROMOTED, d.node, d.node, d);
                return;
            }
        }
        if (st != null && st.required && st.node != null) {
            item("Start", r, role, r.nextRole, null, st.node, st);
        }
    }

    private void item(String verb, Resource r, Role role, Role nextRole, Node origin, Node dest, Action source) {
        item(verb, r, role, nextRole, origin, dest, source, source);
    }

    private void item(String verb, Resource r, Role role, Role nextRole, Node origin, Node dest, Action source,
                      Action action) {
        item(verb, r, role, nextRole, origin, dest, source, action,
                action.runnable && (source == action || source.runnable));
    }

    private void item(String verb, Resource r, Role role, Role nextRole, Node origin, Node dest, Action source,
                      Action action, boolean runnable) {
        boolean needRole = role.compareTo(Role.STARTED) > 0 || nextRole.compareTo(Role.UNPROMOTED) > 0;
        boolean sameHost = origin != null && dest != null && origin == dest;
        boolean sameRole = role == nextRole;
        String details;
        if (needRole && origin == null) {
            details = role.text + " -> " + nextRole.text + " " + dest.name;
        } else if (origin == null) {
            details = dest.name;
        } else if (needRole && dest == null) {
            details = role.text + " " + origin.name;
        } else if (dest == null) {
            details = origin.name;
        } else if (needRole && sameRole && sameHost) {
            details = role.text + " " + origin.name;
        } else if (sameRole && sameHost) {
            details = origin.name;
        } else if (needRole && sameRole) {
            details = origin.name + " -> " + dest.name + " " + role.text;
        } else if (sameRole || !needRole && !sameHost) {
            details = origin.name + " -> " + dest.name;
        } else if (sameHost) {
            details = role.text + " -> " + nextRole.text + " " + origin.name;
        } else {
            details = role.text + " " + origin.name + " -> " + nextRole.text + " " + dest.name;
        }
        if (r.id.length() > rscWidth) {
            rscWidth = r.id.length() + 2;
        }
        if (details.length() > detailWidth) {
            detailWidth = details.length();
        }
        String reason = "";
        if (source.reason != null && !runnable) {
            reason = "  due to " + source.reason + " (blocked)";
        } else if (source.reason != null) {
            reason = "  due to " + source.reason;
        } else if (!runnable) {
            reason = "  blocked";
        }
        lines.add(String.format("* %-8s   %-" + rscWidth + "s   ( %" + detailWidth + "s )%s", verb, r.id, details,
                reason));
    }
}
