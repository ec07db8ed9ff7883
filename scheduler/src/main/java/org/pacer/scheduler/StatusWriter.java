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
        List<String> remoteOnline = new ArrayList<>();
        List<String> remoteOffline = new ArrayList<>();
        List<String> guestOnline = new ArrayList<>();
        List<Node> sorted = new ArrayList<>(cluster.nodes);
        sorted.sort((a, b) -> naturalCompare(a.name, b.name));
        for (Node n : sorted) {
            boolean fenced = revised && n.fenceScheduled;
            boolean guest = n.containerId != null;
            boolean remote = !guest && (n.remote || n.connection != null);
            String kind = guest ? "GuestNode " : remote ? "RemoteNode " : "Node ";
            boolean up = n.connection == null ? n.online
                    : revised ? n.connection.assigned != null && n.connection.nextRole.isActive() : n.online;
            if (n.unclean && !fenced) {
                out.append("    * ").append(kind).append(n.name).append(": UNCLEAN (")
                        .append(n.online ? "online" : "offline").append(")\n");
            } else if (guest && (fenced || !up)) {
                // crm_simulate does not list guest nodes that are down.
                continue;
            } else if (remote && (fenced || !up)) {
                remoteOffline.add(n.name);
            } else if (fenced || !up && !n.pending) {
                offline.add(n.name);
            } else if (n.pending) {
                out.append("    * Node ").append(n.name).append(": pending\n");
            } else if (n.standby) {
                out.append("    * Node ").append(n.name).append(": standby").append(!revised && hasActive(cluster, n)
                        ? " (with active resources)" : "").append('\n');
            } else if (n.maintenance) {
                out.append("    * Node ").append(n.name).append(": maintenance\n");
            } else {
                (guest ? guestOnline : remote ? remoteOnline : online).add(n.name);
            }
        }
        list(out, "Online", online);
        list(out, "OFFLINE", offline);
        list(out, "RemoteOnline", remoteOnline);
        list(out, "RemoteOFFLINE", remoteOffline);
        list(out, "GuestOnline", guestOnline);
        out.append("\n  * Full List of Resources:\n");
        for (Resource r : cluster.resources) {
            resource(out, r, "    ", revised);
        }
        return out.toString();
    }

    private static void list(StringBuilder out, String label, List<String> names) {
        if (!names.isEmpty()) {
            out.append("    * ").append(label).append(": [ ").append(String.join(" ", names)).append(" ]\n");
        }
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
            case BUNDLE -> bundle(out, r, indent, revised);
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

    /** A bundle as crm_simulate shows it: one line per replica, named after its guest node or its container. */
    private static void bundle(StringBuilder out, Resource b, String indent, boolean revised) {
        String image = Bundles.containerOf(b.xml).map(c -> c.attr("image", "")).orElse("");
        List<Resource> replicas = b.children.isEmpty() ? List.of() : b.children.get(0).children;
        out.append(indent).append("* Container bundle").append(replicas.size() > 1 ? " set: " : ": ").append(b.id)
                .append(" [").append(image).append("]:\n");
        List<Resource> instances = b.children.size() > 1 ? b.children.get(1).children : List.of();
        for (int i = 0; i < replicas.size(); i++) {
            Resource container = null;
            Resource connection = null;
            for (Resource p : replicas.get(i).primitives()) {
                if (p.remoteNode != null) {
                    connection = p;
                } else if (!p.fillers.isEmpty() || container == null && !"IPaddr2".equals(p.type)) {
                    container = p;
                }
            }
            if (container == null) {
                continue;
            }
            Resource shown = i < instances.size() ? instances.get(i) : container;
            String name = connection != null ? connection.id : container.id;
            Node host = revised ? container.assigned : container.currentNode();
            Role role = revised ? (shown.assigned == null ? Role.STOPPED : shown.nextRole) : shown.role();
            if (role == Role.UNKNOWN) {
                role = Role.STARTED;
            }
            String state = host == null || role == Role.STOPPED ? "Stopped" : role.text + " " + host.name;
            out.append(indent).append("  * ").append(name).append('\t').append(agent(shown)).append(":\t ")
                    .append(state).append('\n');
        }
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
