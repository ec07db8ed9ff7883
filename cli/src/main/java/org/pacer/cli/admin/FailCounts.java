package org.pacer.cli.admin;

import java.util.ArrayList;
import java.util.List;

import org.pacer.cib.XmlElement;

/**
 * Fail counts as the cluster records them: transient node attributes {@code fail-count-RSC#OP_INTERVAL}
 * (and the older {@code fail-count-RSC}) with {@code last-failure-...} beside them, in each node_state.
 */
public final class FailCounts {
    /** One recorded fail count; {@code operation} is {@code OP_INTERVAL} or empty for the old form. */
    public record Entry(String node, String resource, String operation, String count, String nvpairId) {
    }

    private FailCounts() {
    }

    /** The fail counts, optionally only of one resource (clone instances included) and one node. */
    public static List<Entry> entries(XmlElement cib, String resource, String node) {
        List<Entry> entries = new ArrayList<>();
        XmlElement status = cib.child("status").orElse(null);
        if (status == null) {
            return entries;
        }
        for (XmlElement state : status.children("node_state")) {
            String uname = state.attr("uname", state.id());
            if (node != null && !node.equals(uname)) {
                continue;
            }
            state.child("transient_attributes").ifPresent(t -> t.descendantsAndSelf()
                    .filter(e -> e.name().equals("nvpair") && e.attr("name", "").startsWith("fail-count-"))
                    .forEach(pair -> {
                        String rest = pair.attr("name").substring("fail-count-".length());
                        int hash = rest.indexOf('#');
                        String rsc = hash < 0 ? rest : rest.substring(0, hash);
                        String op = hash < 0 ? "" : rest.substring(hash + 1);
                        if (resource == null || matches(rsc, resource)) {
                            entries.add(new Entry(uname, rsc, op, pair.attr("value", "0"), pair.id()));
                        }
                    }));
        }
        return entries;
    }

    private static boolean matches(String recorded, String resource) {
        return recorded.equals(resource) || recorded.startsWith(resource + ":");
    }

    /**
     * The ids of the status nvpairs that reset removes: the fail counts and their {@code last-failure-}
     * partners, for this resource (and node when given).
     */
    public static List<String> resetIds(XmlElement cib, String resource, String node) {
        List<String> ids = new ArrayList<>();
        XmlElement status = cib.child("status").orElse(null);
        if (status == null) {
            return ids;
        }
        for (XmlElement state : status.children("node_state")) {
            if (node != null && !node.equals(state.attr("uname", state.id()))) {
                continue;
            }
            state.child("transient_attributes").ifPresent(t -> t.descendantsAndSelf()
                    .filter(e -> e.name().equals("nvpair") && e.id() != null)
                    .forEach(pair -> {
                        String name = pair.attr("name", "");
                        for (String prefix : List.of("fail-count-", "last-failure-")) {
                            if (name.startsWith(prefix)) {
                                String rest = name.substring(prefix.length());
                                int hash = rest.indexOf('#');
                                if (matches(hash < 0 ? rest : rest.substring(0, hash), resource)) {
                                    ids.add(pair.id());
                                }
                            }
                        }
                    }));
        }
        return ids;
    }

    /** The CIB without the status nvpairs of these ids. */
    public static XmlElement without(XmlElement cib, List<String> ids) {
        XmlElement status = cib.child("status").orElse(null);
        if (status == null || ids.isEmpty()) {
            return cib;
        }
        return cib.withChild("status", prune(status, new java.util.HashSet<>(ids)));
    }

    private static XmlElement prune(XmlElement element, java.util.Set<String> ids) {
        List<XmlElement> kept = new ArrayList<>();
        for (XmlElement child : element.children()) {
            if (child.name().equals("nvpair") && ids.contains(child.id())) {
                continue;
            }
            kept.add(prune(child, ids));
        }
        return element.withChildren(kept);
    }
}
