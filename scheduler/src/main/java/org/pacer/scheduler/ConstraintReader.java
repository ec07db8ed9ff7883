package org.pacer.scheduler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.pacer.cib.XmlElement;

/**
 * Reads {@code <constraints>}: location preferences become node scores on the resources they name (roles kept
 * for promotion), colocations and orderings become {@link Cluster.Colocation} and {@link Cluster.Ordering}
 * records (resource sets expanded), and tickets that are not granted ban their resources.
 */
final class ConstraintReader {
    /** A location preference, kept per resource until placement starts. */
    record Location(Node node, int score, Role role) {
    }

    private final Cluster cluster;
    final Map<Resource, List<Location>> locations = new HashMap<>();
    /** Per resource, the nodes its resource-discovery=exclusive constraints match: it may run nowhere else. */
    private final Map<Resource, java.util.Set<Node>> exclusive = new java.util.LinkedHashMap<>();
    private boolean readingExclusive;

    ConstraintReader(Cluster cluster) {
        this.cluster = cluster;
    }

    void read() {
        XmlElement constraints = cluster.cib.path("configuration", "constraints").orElse(null);
        if (constraints == null) {
            return;
        }
        for (XmlElement c : constraints.children()) {
            switch (c.name()) {
                case "rsc_location" -> location(c);
                case "rsc_colocation" -> colocation(c);
                case "rsc_order" -> order(c);
                case "rsc_ticket" -> ticket(c);
                default -> {
                }
            }
        }
        readingExclusive = false;
        exclusive.forEach((r, matched) -> {
            for (Node n : cluster.nodes) {
                if (!matched.contains(n)) {
                    add(r, new Location(n, -Scores.INFINITY, Role.UNKNOWN));
                }
            }
        });
    }

    private List<Resource> refs(String id) {
        List<Resource> out = new ArrayList<>();
        if (id == null) {
            return out;
        }
        Resource r = cluster.resourcesById.get(id);
        if (r != null) {
            out.add(r);
        } else if (cluster.tags.containsKey(id)) {
            for (String t : cluster.tags.get(id)) {
                Resource x = cluster.resourcesById.get(t);
                if (x != null) {
                    out.add(x);
                }
            }
        } else {
            XmlElement template = cluster.templates.get(id);
            if (template != null) {
                for (Resource x : cluster.resourcesById.values()) {
                    if (x.isPrimitive() && id.equals(x.xml.attr("template")) && x.cloneAncestor() == null) {
                        out.add(x);
                    }
                }
            }
        }
        return out;
    }

    private List<List<Resource>> sets(XmlElement c, List<XmlElement> setElements) {
        List<List<Resource>> out = new ArrayList<>();
        for (XmlElement set : setElements) {
            List<Resource> members = new ArrayList<>();
            for (XmlElement ref : set.children("resource_ref")) {
                members.addAll(refs(ref.id()));
            }
            out.add(members);
        }
        return out;
    }

    private void location(XmlElement c) {
        List<Resource> targets = new ArrayList<>();
        String rsc = c.attr("rsc");
        String pattern = c.attr("rsc-pattern");
        if (rsc != null) {
            targets.addAll(refs(rsc));
        } else if (pattern != null) {
            // As regexec: the pattern may match anywhere in the id, and a leading "!" selects the ids it misses.
            boolean inverted = pattern.startsWith("!");
            Pattern p = Pattern.compile(inverted ? pattern.substring(1) : pattern);
            for (Resource r : cluster.resources) {
                if (p.matcher(r.id).find() != inverted) {
                    targets.add(r);
                }
            }
        }
        for (XmlElement set : c.children("resource_set")) {
            for (XmlElement ref : set.children("resource_ref")) {
                targets.addAll(refs(ref.id()));
            }
        }
        Role role = Role.parse(c.attr("role"));
        readingExclusive = "exclusive".equals(c.attr("resource-discovery"));
        if (readingExclusive) {
            targets.forEach(r -> exclusive.computeIfAbsent(r, k -> new java.util.LinkedHashSet<>()));
        }
        if ("never".equals(c.attr("resource-discovery")) && c.attr("score") == null && c.children("rule").isEmpty()) {
            return;
        }
        for (Resource r : targets) {
            if (c.attr("node") != null) {
                Node node = cluster.node(c.attr("node"));
                if (node != null) {
                    add(r, new Location(node, Scores.parse(c.attr("score"), 0), role));
                }
                continue;
            }
            for (XmlElement rule : c.children("rule")) {
                XmlElement resolved = cluster.rules.resolve(rule);
                Role ruleRole = resolved.attr("role") != null ? Role.parse(resolved.attr("role")) : role;
                for (Node node : cluster.nodes) {
                    RuleEvaluator.Context ctx = new RuleEvaluator.Context(node.attributes, cluster.now, r.params,
                            r.meta, r.agentClass, r.provider, r.type, null, -1);
                    if (!cluster.rules.matches(resolved, ctx)) {
                        continue;
                    }
                    int score;
                    if (resolved.attr("score-attribute") != null) {
                        String v = node.attributes.get(resolved.attr("score-attribute"));
                        if (v == null) {
                            continue;
                        }
                        score = Scores.parse(v, 0);
                    } else {
                        score = Scores.parse(resolved.attr("score"), 0);
                    }
                    add(r, new Location(node, score, ruleRole));
                }
            }
        }
    }

    private void add(Resource r, Location l) {
        if (readingExclusive) {
            exclusive.get(r).add(l.node());
        }
        locations.computeIfAbsent(r, k -> new ArrayList<>()).add(l);
    }

    private void colocation(XmlElement c) {
        int score = Scores.parse(c.attr("score"), 0);
        // An explicit influence overrides the dependent's "critical"; one that is not a boolean is ignored.
        String influenceText = c.attr("influence");
        String attr = c.attr("node-attribute");
        List<XmlElement> setEls = c.children("resource_set");
        if (setEls.isEmpty()) {
            for (Resource d : refs(c.attr("rsc"))) {
                for (Resource p : refs(c.attr("with-rsc"))) {
                    cluster.colocations.add(new Cluster.Colocation(c.id(), d, p, score,
                            Role.parse(c.attr("rsc-role")), Role.parse(c.attr("with-rsc-role")), attr,
                            Scores.strictBool(influenceText, d.critical)));
                }
            }
            return;
        }
        List<List<Resource>> sets = sets(c, setEls);
        for (int i = 0; i < sets.size(); i++) {
            XmlElement setEl = setEls.get(i);
            int setScore = setEl.attr("score") != null ? Scores.parse(setEl.attr("score"), score) : score;
            Role role = Role.parse(setEl.attr("role"));
            List<Resource> members = sets.get(i);
            if (Scores.bool(setEl.attr("sequential"), true)) {
                for (int k = 1; k < members.size(); k++) {
                    cluster.colocations.add(new Cluster.Colocation(c.id(), members.get(k), members.get(k - 1),
                            setScore, role, role, attr, Scores.strictBool(influenceText, members.get(k).critical)));
                }
            }
            if (i + 1 < sets.size()) {
                XmlElement nextEl = setEls.get(i + 1);
                List<Resource> next = sets.get(i + 1);
                Role nextRole = Role.parse(nextEl.attr("role"));
                List<Resource> primaries = Scores.bool(nextEl.attr("sequential"), true) && !next.isEmpty()
                        ? List.of(next.get(next.size() - 1)) : next;
                List<Resource> dependents = Scores.bool(setEl.attr("sequential"), true) && !members.isEmpty()
                        ? List.of(members.get(0)) : members;
                for (Resource d : dependents) {
                    for (Resource p : primaries) {
                        cluster.colocations.add(new Cluster.Colocation(c.id(), d, p, score, role, nextRole, attr,
                                Scores.strictBool(influenceText, d.critical)));
                    }
                }
            }
        }
    }

    private void order(XmlElement c) {
        Cluster.OrderKind kind = kind(c);
        boolean symmetrical = Scores.bool(c.attr("symmetrical"), kind != Cluster.OrderKind.SERIALIZE);
        List<XmlElement> setEls = c.children("resource_set");
        if (setEls.isEmpty()) {
            for (Resource f : refs(c.attr("first"))) {
                for (Resource t : refs(c.attr("then"))) {
                    String fa = c.attr("first-action", "start");
                    String ta = c.attr("then-action", fa);
                    cluster.orderings.add(new Cluster.Ordering(c.id(), f, fa, t, ta, kind, symmetrical, true));
                }
            }
            return;
        }
        List<List<Resource>> sets = sets(c, setEls);
        for (int i = 0; i < sets.size(); i++) {
            XmlElement setEl = setEls.get(i);
            String action = setEl.attr("action", "start");
            List<Resource> members = sets.get(i);
            Cluster.OrderKind setKind = setEl.attr("kind") != null ? kind(setEl) : kind;
            if (Scores.bool(setEl.attr("sequential"), true)) {
                for (int k = 1; k < members.size(); k++) {
                    cluster.orderings.add(new Cluster.Ordering(c.id(), members.get(k - 1), action, members.get(k),
                            action, setKind, symmetrical, true));
                }
            }
            if (i + 1 < sets.size()) {
                XmlElement nextEl = setEls.get(i + 1);
                List<Resource> next = sets.get(i + 1);
                String nextAction = nextEl.attr("action", "start");
                boolean requireAll = Scores.bool(setEl.attr("require-all"), true);
                List<Resource> firsts = Scores.bool(setEl.attr("sequential"), true) && !members.isEmpty() && requireAll
                        ? List.of(members.get(members.size() - 1)) : members;
                List<Resource> thens = Scores.bool(nextEl.attr("sequential"), true) && !next.isEmpty()
                        ? List.of(next.get(0)) : next;
                for (Resource f : firsts) {
                    for (Resource t : thens) {
                        cluster.orderings.add(new Cluster.Ordering(c.id(), f, action, t, nextAction, kind,
                                symmetrical, requireAll));
                    }
                }
            }
        }
    }

    private static Cluster.OrderKind kind(XmlElement c) {
        String kind = c.attr("kind");
        if (kind != null) {
            return switch (kind.toLowerCase(java.util.Locale.ROOT)) {
                case "optional" -> Cluster.OrderKind.OPTIONAL;
                case "serialize" -> Cluster.OrderKind.SERIALIZE;
                default -> Cluster.OrderKind.MANDATORY;
            };
        }
        String score = c.attr("score");
        if (score != null && Scores.parse(score, 1) == 0) {
            return Cluster.OrderKind.OPTIONAL;
        }
        return Cluster.OrderKind.MANDATORY;
    }

    private void ticket(XmlElement c) {
        String ticket = c.attr("ticket");
        Map<String, String> state = cluster.tickets.getOrDefault(ticket, Map.of());
        boolean granted = Scores.isTrue(state.get("granted")) && !Scores.isTrue(state.get("standby"));
        if (granted) {
            return;
        }
        String lossPolicy = c.attr("loss-policy", "stop");
        List<Resource> targets = new ArrayList<>(refs(c.attr("rsc")));
        List<Role> roles = new ArrayList<>();
        targets.forEach(t -> roles.add(Role.parse(c.attr("rsc-role"))));
        for (XmlElement set : c.children("resource_set")) {
            for (XmlElement ref : set.children("resource_ref")) {
                for (Resource r : refs(ref.id())) {
                    targets.add(r);
                    roles.add(Role.parse(set.attr("role")));
                }
            }
        }
        boolean standbyOnly = Scores.isTrue(state.get("granted")) && Scores.isTrue(state.get("standby"));
        for (int i = 0; i < targets.size(); i++) {
            Resource r = targets.get(i);
            Role role = roles.get(i);
            String policy = lossPolicy;
            if (standbyOnly) {
                // A ticket in standby is not lost: nothing is fenced or frozen, resources just leave.
                policy = policy.equals("fence") && role == Role.PROMOTED ? "demote"
                        : policy.equals("fence") || policy.equals("freeze") ? "stop" : policy;
            }
            boolean revoked = state.containsKey("granted") && !Scores.isTrue(state.get("granted"));
            if (policy.equals("fence") && revoked && cluster.stonithEnabled) {
                for (Resource p : r.primitives()) {
                    for (Node n : p.running.keySet()) {
                        if (role == Role.UNKNOWN || p.running.get(n) == role) {
                            n.unclean = true;
                            n.uncleanReason = "deadman ticket was lost";
                        }
                    }
                }
            }
            cluster.ticketBans.add(new Cluster.TicketBan(r, role, policy,
                    !Scores.isTrue(state.get("granted")) && state.containsKey("granted") || standbyOnly));
        }
    }
}
