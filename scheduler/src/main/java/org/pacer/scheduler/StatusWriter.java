package org.pacer.scheduler;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders the "Node List" and "Full List of Resources" of a cluster status in crm_simulate's layout, either as
 * the history says it is now or as it will be once the planned transition has run.
 */
final class StatusWriter {
    private StatusWriter() {
    }

    static String write(Cluster cluster, boolean revised) {
        StringBuilder out = new StringBuilder("  * Node List:\n");
        List<String> online = new ArrayList<>();
        List<String> offline = new ArrayList<>();
        List<Node> sorted = new ArrayList<>(cluster.nodes);
        sorted.sort((a, b) -> naturalCompare(a.name, b.name));
        for (Node n : sorted) {
            boolean fenced = revised && n.fenceScheduled;
            if (n.unclean && !fenced) {
                out.append("    * Node ").append(n.name).append(": UNCLEAN (").append(n.online ? "online" : "offline")
                        .append(")\n");
            } else if (fenced || !n.online && !n.pending) {
                offline.add(n.name);
            } else if (n.pending) {
                out.append("    * Node ").append(n.name).append(": pending\n");
            } else if (n.standby) {
                out.append("    * Node ").append(n.name).append(": standby").append(!revised && hasActive(cluster, n)
                        ? " (with active resources)" : "").append('\n');
            } else if (n.maintenance) {
                out.append("    * Node ").append(n.name).append(": maintenance\n");
            } else {
                online.add(n.name);
            }
        }
        if (!online.isEmpty()) {
            out.append("    * Online: [ ").append(String.join(" ", online)).append(" ]\n");
        }
        if (!offline.isEmpty()) {
            out.append("    * OFFLINE: [ ").append(String.join(" ", offline)).append(" ]\n");
        }
        out.append("\n  * Full List of Resources:\n");
        for (Resource r : cluster.resources) {
            resource(out, r, "    ", revised);
        }
        return out.toString();
    }

    /** Compares names with embedded numbers by value, as crm_simulate lists nodes (pcmk-2 before pcmk-10). */
    static int naturalCompare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char x = a.charAt(i);
            char y = b.charAt(j);
            if (Character.isDigit(x) && Character.isDigit(y)) {
                int si = i;
                int sj = j;
                while (i < a.length() && Character.isDigit(a.charAt(i))) {
                    i++;
                }
                while (j < b.length() && Character.isDigit(b.charAt(j))) {
                    j++;
                }
                int c = new java.math.BigInteger(a.substring(si, i)).compareTo(new java.math.BigInteger(b.substring(sj, j)));
                if (c != 0) {
                    return c;
                }
            } else {
                if (x != y) {
                    return Character.compare(x, y);
                }
                i++;
                j++;
            }
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private static boolean hasActive(Cluster cluster, Node n) {
        for (Resource r : cluster.resourcesById.values()) {
            if (r.isPrimitive() && r.running.containsKey(n)) {
                return true;
            }
        }
        return false;
    }

    private static String agent(Resource r) {
        return "(" + r.agentClass + (r.provider == null ? "" : ":" + r.provider) + ":" + r.type + ")";
    }

    private static void resource(StringBuilder out, Resource r, String indent, boolean revised) {
        switch (r.kind) {
            case PRIMITIVE -> out.append(indent).append("* ").append(r.id).append('\t').append(agent(r)).append(":\t ")
                    .append(state(r, revised)).append('\n');
            case GROUP -> {
                out.append(indent).append("* Resource Group: ").append(r.id).append(":\n");
                for (Resource c : r.children) {
                    resource(out, c, indent + "  ", revised);
                }
            }
            case CLONE -> clone(out, r, indent, revised);
            case BUNDLE -> out.append(indent).append("* Container bundle: ").append(r.id).append(":\n");
            default -> {
            }
        }
    }

    private static String state(Resource r, boolean revised) {
        if (!revised) {
            if (r.running.isEmpty()) {
                return "Stopped" + (r.managed ? "" : " (unmanaged)");
            }
            Node n = r.running.keySet().iterator().next();
            Role role = r.running.get(n);
            String text = r.failedOn.contains(n) ? "FAILED " + n.name : role.text + " " + n.name;
            if (!r.managed) {
                text += " (unmanaged)";
            } else if (!r.blockedOn.isEmpty()) {
                text += " (blocked)";
            }
            return text;
        }
        if (r.assigned == null) {
            return "Stopped";
        }
        Role role = r.nextRole == Role.UNKNOWN ? Role.STARTED : r.nextRole;
        return role.text + " " + r.assigned.name;
    }

    private static void clone(StringBuilder out, Resource clone, String indent, boolean revised) {
        String child = clone.children.isEmpty() ? "" : clone.children.get(0).baseId;
        out.append(indent).append("* Clone Set: ").append(clone.id).append(" [").append(child).append("]")
                .append(clone.promotable ? " (promotable)" : "").append(clone.unique ? " (unique)" : "").append(":\n");
        if (clone.unique) {
            for (Resource inst : clone.children) {
                resource(out, inst, indent + "  ", revised);
            }
            return;
        }
        Map<String, List<String>> byState = new TreeMap<>();
        List<String> seen = new ArrayList<>();
        for (Resource inst : clone.children) {
            Resource p = inst.isPrimitive() ? inst : inst.primitives().isEmpty() ? null : inst.primitives().get(0);
            if (p == null) {
                continue;
            }
            String s = state(p, revised);
            int space = s.lastIndexOf(' ');
            if (s.startsWith("Stopped")) {
                continue;
            }
            String label = s.substring(0, space);
            label = label.equals("Started") ? "Started" : label;
            byState.computeIfAbsent(label, k -> new ArrayList<>()).add(s.substring(space + 1));
            seen.add(s.substring(space + 1));
        }
        for (Map.Entry<String, List<String>> e : byState.entrySet()) {
            List<String> nodes = e.getValue();
            nodes.sort(null);
            out.append(indent).append("  * ").append(e.getKey()).append(": [ ").append(String.join(" ", nodes))
                    .append(" ]\n");
        }
    }
}
