package org.pacer.scheduler;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides where each resource runs: starts from location scores, stickiness and bans, then assigns resources
 * in priority order, placing the primaries of a resource's colocations before it and folding the preferences of
 * its dependents into its own scores, as Pacemaker does. Clone instances keep their nodes when they can and
 * spread over the best nodes otherwise; promotable clones then choose which instances to promote.
 */
final class Assigner {
    private final Cluster cluster;
    private final ConstraintReader constraints;
    private final Map<Resource, List<Cluster.Colocation>> asDependent = new HashMap<>();
    private final Map<Resource, List<Cluster.Colocation>> asPrimary = new HashMap<>();
    private final Map<Resource, Map<Node, Integer>> promotionBonus = new HashMap<>();

    Assigner(Cluster cluster, ConstraintReader constraints) {
        this.cluster = cluster;
        this.constraints = constraints;
    }

    void assign() {
        indexColocations();
        for (Resource top : cluster.resources) {
            initScores(top, null);
        }
        List<Resource> order = new ArrayList<>(cluster.resources);
        order.sort(Comparator.comparingInt((Resource r) -> -r.priority));
        // Remote connections come first: where they go decides which remote nodes can take resources.
        for (Resource r : order) {
            if (r.remoteNode != null) {
                Node target = r.migrationTarget;
                if (target != null && !r.migrationFailed && r.score(target) >= 0 && target.canRun()) {
                    // A connection half-way through a live migration finishes it where it was going.
                    r.allowed.put(target, Scores.INFINITY);
                }
                assign(r);
            }
        }
        new RemoteNodes(cluster).afterConnectionsAssigned();
        for (Resource r : order) {
            assign(r);
        }
    }

    private void indexColocations() {
        for (Resource r : cluster.resourcesById.values()) {
            if (r.kind == Resource.Kind.GROUP) {
                // A noncritical member, and every member after it, cannot move the members before it.
                boolean critical = r.children.isEmpty() || r.children.get(0).critical;
                for (int i = 1; i < r.children.size(); i++) {
                    critical &= r.children.get(i).critical;
                    addColocation(new Cluster.Colocation("group:" + r.id, r.children.get(i), r.children.get(i - 1),
                            Scores.INFINITY, Role.UNKNOWN, Role.UNKNOWN, null, critical));
                }
            }
        }
        for (Cluster.Colocation c : cluster.colocations) {
            if (c.dependent() == c.primary()) {
                continue;
            }
            Resource prim = c.primary();
            if (prim.kind == Resource.Kind.GROUP && !prim.children.isEmpty()) {
                prim = c.score() >= Scores.INFINITY ? prim.children.get(prim.children.size() - 1) : prim.children.get(0);
            }
            // A group follows a colocation member by member.
            List<Resource> dependents = c.dependent().kind == Resource.Kind.GROUP ? c.dependent().children
                    : List.of(c.dependent());
            for (Resource dep : dependents) {
                addColocation(new Cluster.Colocation(c.id(), dep, prim, c.score(), c.dependentRole(),
                        c.primaryRole(), c.nodeAttribute(), c.influence() && dep == dependents.get(0)));
            }
        }
    }

    private void addColocation(Cluster.Colocation c) {
        asDependent.computeIfAbsent(c.dependent(), k -> new ArrayList<>()).add(c);
        asPrimary.computeIfAbsent(c.primary(), k -> new ArrayList<>()).add(c);
    }

    /** A resource's colocations as dependent, primaries of higher priority first (the order they are placed in). */
    private List<Cluster.Colocation> primariesByPriority(Resource r) {
        List<Cluster.Colocation> list = new ArrayList<>(asDependent.getOrDefault(r, List.of()));
        list.sort(Comparator.comparingInt((Cluster.Colocation c) -> -c.primary().top().priority));
        return list;
    }

    /** Initial scores: inherited from the parent, then own location constraints, bans and stickiness. */
    private void initScores(Resource r, Map<Node, Integer> inherited) {
        Map<Node, Integer> scores = new HashMap<>();
        // A bundle's constraints place its containers, not the connections to them: those follow their container.
        boolean bundleConnection = r.remoteNode != null && r.container != null
                && r.top().kind == Resource.Kind.BUNDLE;
        if (inherited != null && !bundleConnection) {
            scores.putAll(inherited);
        } else if (cluster.symmetric) {
            for (Node n : cluster.nodes) {
                scores.put(n, 0);
            }
        }
        for (ConstraintReader.Location l : constraints.locations.getOrDefault(r, List.of())) {
            if (l.role() == Role.PROMOTED || l.role() == Role.UNPROMOTED) {
                if (l.role() == Role.PROMOTED) {
                    promotionBonus.computeIfAbsent(r, k -> new HashMap<>()).merge(l.node(), l.score(), Scores::add);
                }
                continue;
            }
            Integer old = scores.get(l.node());
            scores.put(l.node(), Scores.add(old == null ? 0 : old, l.score()));
        }
        for (Cluster.TicketBan b : cluster.ticketBans) {
            boolean promotedOnly = b.role() == Role.PROMOTED && !b.lossPolicy().equals("stop")
                    && !b.lossPolicy().equals("fence");
            if (b.resource() == r && !promotedOnly && (!b.lossPolicy().equals("freeze") || !r.isActive())) {
                for (Node n : cluster.nodes) {
                    scores.put(n, -Scores.INFINITY);
                }
            }
        }
        if (r.targetRole == Role.STOPPED || cluster.stopAllResources || r.forceStop
                || r.orphan && cluster.stopOrphans) {
            for (Node n : cluster.nodes) {
                scores.put(n, -Scores.INFINITY);
            }
        }
        r.allowed = scores;
        if (r.isPrimitive()) {
            RemoteNodes remotes = new RemoteNodes(cluster);
            if (r.remoteNode != null && r.container != null) {
                // A guest's connection may go wherever its container may, even in an opt-in cluster.
                r.container.allowed.keySet().forEach(n -> r.allowed.putIfAbsent(n, 0));
            }
            for (Node n : cluster.nodes) {
                if (remotes.bannedFrom(r, n)) {
                    r.allowed.put(n, -Scores.INFINITY);
                }
            }
            if (r.pinned != null && r.targetRole != Role.STOPPED && !cluster.stopAllResources && !r.forceStop) {
                // Constraints on a bundle place its containers; the instance inside simply follows its replica.
                r.allowed.put(r.pinned, 0);
            }
            for (Node n : cluster.nodes) {
                int health = health(n);
                if (health != 0 && r.allowed.containsKey(n)
                        && !Scores.bool(r.meta.get("allow-unhealthy-nodes"), false)) {
                    r.allowed.put(n, Scores.add(r.allowed.get(n), health));
                }
            }
            for (Node n : r.bannedByHistory) {
                r.allowed.put(n, -Scores.INFINITY);
            }
            for (Map.Entry<Node, Integer> f : r.failcount.entrySet()) {
                if (f.getValue() >= r.migrationThreshold) {
                    r.allowed.put(f.getKey(), -Scores.INFINITY);
                }
            }
            for (Node n : r.running.keySet()) {
                if (r.stickiness != 0 && r.allowed.containsKey(n) && r.managed) {
                    r.addScore(n, r.stickiness);
                }
            }
        }
        for (Resource c : r.children) {
            initScores(c, r.allowed);
        }
        if (r.isClone()) {
            // A failure count reaching the threshold bans every instance of an anonymous clone from that node.
            for (Resource inst : r.children) {
                for (Resource p : inst.primitives()) {
                    for (Map.Entry<Node, Integer> f : p.failcount.entrySet()) {
                        if (f.getValue() >= p.migrationThreshold && !r.unique) {
                            for (Resource other : r.children) {
                                for (Resource q : other.primitives()) {
                                    if (q.baseId.equals(p.baseId)) {
                                        q.allowed.put(f.getKey(), -Scores.INFINITY);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /** The node-health score for a node under the cluster's node-health-strategy. */
    private int health(Node n) {
        String strategy = cluster.options.getOrDefault("node-health-strategy", "none");
        if (strategy.equals("none")) {
            return 0;
        }
        int red = Scores.parse(cluster.options.get("node-health-red"), -Scores.INFINITY);
        int yellow = Scores.parse(cluster.options.get("node-health-yellow"), 0);
        int green = Scores.parse(cluster.options.get("node-health-green"), 0);
        int sum = 0;
        boolean anyRed = false;
        boolean anyYellow = false;
        for (Map.Entry<String, String> a : n.attributes.entrySet()) {
            if (!a.getKey().startsWith("#health")) {
                continue;
            }
            String v = a.getValue().trim().toLowerCase(java.util.Locale.ROOT);
            switch (v) {
                case "red" -> {
                    anyRed = true;
                    sum = Scores.add(sum, red);
                }
                case "yellow" -> {
                    anyYellow = true;
                    sum = Scores.add(sum, yellow);
                }
                case "green" -> sum = Scores.add(sum, green);
                default -> {
                    int s = Scores.parse(v, 0);
                    anyRed |= s <= -Scores.INFINITY;
                    anyYellow |= s < 0;
                    sum = Scores.add(sum, s);
                }
            }
        }
        return switch (strategy) {
            case "migrate-on-red" -> anyRed ? -Scores.INFINITY : 0;
            case "only-green" -> anyRed || anyYellow ? -Scores.INFINITY : 0;
            case "progressive", "custom" -> sum;
            default -> 0;
        };
    }

    private boolean quorumAllowsStart() {
        // Without quorum resources are still placed; the planner makes their starts unrunnable.
        return true;
    }

    void assign(Resource r) {
        switch (r.kind) {
            case PRIMITIVE -> assignPrimitive(r);
            case GROUP -> r.children.forEach(this::assign);
            case CLONE -> assignClone(r);
            case BUNDLE -> {
                for (Resource c : r.children) {
                    assign(c);
                    Bundles.placeConnections(r);
                }
            }
            default -> {
            }
        }
    }

    private void assignPrimitive(Resource r) {
        if (r.assignedDone || r.assigning) {
            return;
        }
        Resource clone = r.cloneAncestor();
        if (clone != null && !clone.assigning && !clone.assignedDone) {
            assignClone(clone);
            return;
        }
        r.assigning = true;
        for (Cluster.Colocation c : primariesByPriority(r)) {
            Resource primaryTop = c.primary().cloneAncestor() != null ? c.primary().cloneAncestor() : c.primary();
            assign(primaryTop);
        }
        Map<Node, Integer> scores = new HashMap<>(r.allowed);
        applyPrimaries(r, scores);
        mergeDependents(r, scores, new HashSet<>(Set.of(r)), 1.0);
        choose(r, scores, null);
    }

    /** Restricts or adjusts scores by the resources this one must be (or not be) with. */
    private void applyPrimaries(Resource r, Map<Node, Integer> scores) {
        for (Cluster.Colocation c : asDependent.getOrDefault(r, List.of())) {
            if (c.dependentRole() == Role.PROMOTED || inProgress(c.primary())) {
                // A colocation loop: the primary waits for this resource, so this link is not applied.
                continue;
            }
            Set<Node> where = nodesOf(c.primary(), c.primaryRole());
            applyColocation(scores, c, where);
        }
    }

    private static boolean inProgress(Resource r) {
        Resource clone = r.cloneAncestor();
        if (clone != null) {
            return clone.assigning;
        }
        return r.assigning;
    }

    private void applyColocation(Map<Node, Integer> scores, Cluster.Colocation c, Set<Node> where) {
        int score = c.score();
        String attr = c.nodeAttribute();
        Set<String> values = new HashSet<>();
        for (Node n : where) {
            values.add(attr == null ? n.name : n.attributes.get(attr));
        }
        for (Node n : cluster.nodes) {
            boolean with = values.contains(attr == null ? n.name : n.attributes.get(attr));
            if (score >= Scores.INFINITY) {
                if (!with) {
                    scores.put(n, -Scores.INFINITY);
                }
            } else if (score <= -Scores.INFINITY) {
                if (with) {
                    scores.put(n, -Scores.INFINITY);
                }
            } else if (with && scores.containsKey(n)) {
                scores.put(n, Scores.add(scores.get(n), score));
            }
        }
    }

    private Set<Node> nodesOf(Resource primary, Role role) {
        Set<Node> out = new LinkedHashSet<>();
        if (primary.kind == Resource.Kind.BUNDLE && !primary.children.isEmpty()) {
            // Being with a bundle means being with its containers.
            primary = primary.children.get(0);
        }
        if (primary.isClone()) {
            for (Resource inst : primary.children) {
                collectAssigned(inst, role, out);
            }
        } else {
            collectAssigned(primary, role, out);
        }
        return out;
    }

    private static void collectAssigned(Resource r, Role role, Set<Node> out) {
        if (r.isPrimitive() || r.kind == Resource.Kind.GROUP) {
            Node n = r.isPrimitive() ? r.assigned : firstAssigned(r);
            if (n != null && (role == Role.UNKNOWN || role == Role.STARTED || roleOf(r) == role)) {
                out.add(n);
            }
        }
    }

    private static Node firstAssigned(Resource g) {
        for (Resource c : g.children) {
            if (c.assigned == null) {
                return null;
            }
        }
        return g.children.isEmpty() ? null : g.children.get(0).assigned;
    }

    private static Role roleOf(Resource r) {
        Resource p = r.isPrimitive() ? r : r.children.isEmpty() ? r : r.children.get(0);
        return p.nextRole;
    }

    /** Adds the (scaled) preferences of resources that must follow this one, recursively. */
    private void mergeDependents(Resource r, Map<Node, Integer> scores, Set<Resource> seen, double factor) {
        for (Cluster.Colocation c : asPrimary.getOrDefault(r, List.of())) {
            Resource dep = c.dependent();
            // Without influence a dependent still weighs on a primary that is not active yet and must start.
            if (!c.influence() && r.isActive() || dep.assignedDone || seen.contains(dep) || dep.cloneAncestor() != null
                    || c.dependentRole() == Role.PROMOTED || c.primaryRole() == Role.PROMOTED) {
                continue;
            }
            seen.add(dep);
            double f = factor * c.score() / Scores.INFINITY;
            Map<Node, Integer> depScores = new HashMap<>(dep.allowed);
            mergeDependents(dep, depScores, seen, f >= 1.0 ? 1.0 : 1.0);
            Map<Node, Integer> merged = new HashMap<>(scores);
            for (Map.Entry<Node, Integer> e : merged.entrySet()) {
                Integer d = c.nodeAttribute() == null ? depScores.get(e.getKey())
                        : bestMatching(depScores, c.nodeAttribute(), e.getKey());
                if (d == null) {
                    if (c.score() >= Scores.INFINITY && !cluster.symmetric) {
                        continue;
                    }
                    continue;
                }
                e.setValue(Scores.add(e.getValue(), scale(d, f)));
            }
            if (anyAvailable(merged)) {
                scores.clear();
                scores.putAll(merged);
            }
        }
    }

    /** The dependent's best score among nodes sharing the node's value of the colocation's attribute. */
    private static Integer bestMatching(Map<Node, Integer> scores, String attribute, Node node) {
        String value = node.attributes.get(attribute);
        Integer best = null;
        for (Map.Entry<Node, Integer> e : scores.entrySet()) {
            if (value != null && value.equals(e.getKey().attributes.get(attribute))) {
                best = best == null ? e.getValue() : Math.max(best, e.getValue());
            }
        }
        return best;
    }

    /**
     * A dependent's score on a node as it weighs on its primary: scaled by the colocation's share of INFINITY and
     * rounded half away from zero. A scaled score that rounds to nothing still counts as one point in the
     * colocation's direction (crm_simulate: -44 scaled by 239/INFINITY adds +1). An anti-colocation weighs only
     * where the dependent wants to be, never where it is banned or disliked.
     */
    private static int scale(int value, double factor) {
        if (factor < 0 && value < 0) {
            return 0;
        }
        if (value <= -Scores.INFINITY && factor >= 1.0) {
            return -Scores.INFINITY;
        }
        double x = value * factor;
        long v = x < 0 ? -Math.round(-x) : Math.round(x);
        if (v == 0 && value != 0 && factor != 0) {
            v = factor > 0 ? 1 : -1;
        }
        return Scores.clamp(v);
    }

    private boolean anyAvailable(Map<Node, Integer> scores) {
        for (Map.Entry<Node, Integer> e : scores.entrySet()) {
            if (e.getValue() >= 0 && e.getKey().canRun()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The capacity placing a primitive (or a clone instance) commits a node to: its own utilization, that of the
     * rest of its group or instance not placed yet, and that of the unplaced resources that must run with its
     * clone or group (one instance of a dependent clone). Only used when some node has room for all of it.
     */
    private Map<String, Long> capacityWithDependents(Resource r) {
        Resource own = r.parent != null && r.parent.kind == Resource.Kind.GROUP ? r.parent : r;
        Resource unit = r.cloneAncestor() != null ? r.cloneAncestor() : own;
        Set<Resource> together = new LinkedHashSet<>();
        for (Resource p : own.primitives()) {
            if (p == r || !p.assignedDone) {
                together.add(p);
            }
        }
        List<Resource> keys = new ArrayList<>(own.primitives());
        keys.add(own);
        keys.add(unit);
        for (Resource k : keys) {
            for (Cluster.Colocation c : asPrimary.getOrDefault(k, List.of())) {
                Resource d = c.dependent().cloneAncestor() != null ? c.dependent().cloneAncestor() : c.dependent();
                if (c.score() < Scores.INFINITY || d == unit || d.isClone() && d.children.isEmpty()) {
                    continue;
                }
                for (Resource p : d.isClone() ? d.children.get(0).primitives() : d.primitives()) {
                    if (!p.assignedDone) {
                        together.add(p);
                    }
                }
            }
        }
        Map<String, Long> need = new HashMap<>();
        for (Resource p : together) {
            p.utilization.forEach((k, v) -> need.merge(k, v, Long::sum));
        }
        return need;
    }

    private static boolean hasRoom(Node n, Map<String, Long> need) {
        for (Map.Entry<String, Long> u : need.entrySet()) {
            if (n.remaining(u.getKey()) < u.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** The capacity check for placing r (or instance inst of a clone) on n: with its dependents where possible. */
    private java.util.function.Predicate<Node> roomFor(Resource r, Map<Node, Integer> scores) {
        if (cluster.placementStrategy.equals("default")) {
            return n -> true;
        }
        Map<String, Long> all = capacityWithDependents(r);
        Map<String, Long> alone = new HashMap<>();
        Resource own = r.cloneAncestor() != null && r.parent != null && r.parent.kind == Resource.Kind.GROUP
                ? r.parent : r;
        for (Resource p : own.primitives()) {
            if (p == r || !p.assignedDone) {
                p.utilization.forEach((k, v) -> alone.merge(k, v, Long::sum));
            }
        }
        for (Node n : cluster.nodes) {
            Integer s = scores.get(n);
            if (s != null && s >= 0 && n.canRun() && hasRoom(n, all)) {
                return m -> hasRoom(m, all);
            }
        }
        return m -> hasRoom(m, alone);
    }

    private boolean fits(Resource r, Node n) {
        if (cluster.placementStrategy.equals("default") || r.utilization.isEmpty()) {
            return true;
        }
        for (Map.Entry<String, Long> u : r.utilization.entrySet()) {
            if (n.remaining(u.getKey()) < u.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Picks the best node for a primitive (or nothing) and records the choice. */
    private Node choose(Resource r, Map<Node, Integer> scores, Map<Node, Integer> perNodeCount) {
        recordScores("pcmk__primitive_assign", r, scores);
        r.assigning = false;
        r.assignedDone = true;
        Node current = r.currentNode();
        if (!r.managed || !r.blockedOn.isEmpty()) {
            // Unmanaged or blocked resources stay where they are.
            r.assigned = current;
            r.nextRole = current == null ? Role.STOPPED : r.role();
            return current;
        }
        boolean canStart = quorumAllowsStart();
        java.util.function.Predicate<Node> room = roomFor(r, scores);
        Node best = null;
        int bestScore = Integer.MIN_VALUE;
        for (Node n : cluster.nodes) {
            Integer s = scores.get(n);
            if (s == null || s < 0 || s <= -Scores.INFINITY || !n.canRun() || !fits(r, n) || !room.test(n)) {
                continue;
            }
            if (!canStart && !(cluster.noQuorumPolicy.equals("freeze") && n == current)) {
                continue;
            }
            if (best == null || better(n, s, best, bestScore, current, perNodeCount, r)) {
                best = n;
                bestScore = s;
            }
        }
        r.assigned = best;
        if (best != null) {
            best.assigned++;
            for (Map.Entry<String, Long> u : r.utilization.entrySet()) {
                best.used.merge(u.getKey(), u.getValue(), Long::sum);
            }
            r.nextRole = Role.STARTED;
        } else {
            r.nextRole = Role.STOPPED;
        }
        return best;
    }

    private boolean better(Node n, int s, Node best, int bestScore, Node current, Map<Node, Integer> perNodeCount,
                           Resource r) {
        if (s != bestScore) {
            return s > bestScore;
        }
        if (perNodeCount != null) {
            int a = perNodeCount.getOrDefault(n, 0);
            int b = perNodeCount.getOrDefault(best, 0);
            if (a != b) {
                return a < b;
            }
        }
        if (!cluster.placementStrategy.equals("default") && !r.utilization.isEmpty()
                && (cluster.placementStrategy.equals("balanced"))) {
            long a = 0;
            long b = 0;
            for (String k : r.utilization.keySet()) {
                a += n.remaining(k);
                b += best.remaining(k);
            }
            if (a != b) {
                return a > b;
            }
        }
        if (perNodeCount != null && r.top().kind == Resource.Kind.BUNDLE && n.online != best.online) {
            // A bundle's replicas fill the nodes that are up before remote nodes still being connected.
            return n.online;
        }
        if (!cluster.placementStrategy.equals("minimal") && n.assigned != best.assigned) {
            return n.assigned < best.assigned;
        }
        if (n == current || best == current) {
            return n == current;
        }
        return n.name.compareTo(best.name) < 0;
    }

    private void assignClone(Resource clone) {
        if (clone.assignedDone || clone.assigning) {
            return;
        }
        clone.assigning = true;
        for (Cluster.Colocation c : primariesByPriority(clone)) {
            Resource primaryTop = c.primary().cloneAncestor() != null ? c.primary().cloneAncestor() : c.primary();
            assign(primaryTop);
        }
        Map<Node, Integer> perNode = new HashMap<>();
        int max = Math.min(clone.cloneMax, clone.children.size());
        int placed = 0;
        List<Resource> instances = new ArrayList<>(clone.children);
        // Instances that are active keep their node when it is still allowed.
        for (Resource inst : instances) {
            Node current = inst.currentNode();
            if (current == null || placed >= max || inst.orphan) {
                continue;
            }
            Map<Node, Integer> scores = instanceScores(clone, inst);
            Integer s = scores.get(current);
            if (s != null && s >= 0 && current.canRun() && perNode.getOrDefault(current, 0) < clone.cloneNodeMax
                    && quorumAllowsStart() && allMembersAllowed(clone, inst, current)) {
                placeInstance(inst, current, perNode);
                placed++;
            }
        }
        // Instances banned from where they run go after the others: a new instance takes a free node and the
        // banned one stops (one that only lost its node to standby or a per-node limit moves instead).
        List<Resource> rest = new ArrayList<>(instances);
        rest.sort(Comparator.comparing((Resource inst) -> bannedWhereActive(clone, inst)));
        for (Resource inst : rest) {
            if (inst.primitives().stream().anyMatch(p -> p.assignedDone)) {
                continue;
            }
            if (placed >= max || inst.orphan) {
                markStopped(inst);
                continue;
            }
            Map<Node, Integer> scores = instanceScores(clone, inst);
            recordScores("pcmk__clone_assign", inst, scores);
            java.util.function.Predicate<Node> room = roomFor(inst.primitives().get(0), scores);
            Node best = null;
            int bestScore = Integer.MIN_VALUE;
            for (Node n : cluster.nodes) {
                Integer s = scores.get(n);
                if (s == null || s < 0 || !n.canRun() || perNode.getOrDefault(n, 0) >= clone.cloneNodeMax
                        || !quorumAllowsStart() || !allMembersAllowed(clone, inst, n) || !room.test(n)) {
                    continue;
                }
                if (best == null || better(n, s, best, bestScore, null, perNode, inst)) {
                    best = n;
                    bestScore = s;
                }
            }
            if (best == null) {
                markStopped(inst);
            } else {
                placeInstance(inst, best, perNode);
                placed++;
            }
        }
        clone.assigning = false;
        clone.assignedDone = true;
        if (clone.promotable) {
            promote(clone);
        }
    }

    private boolean bannedWhereActive(Resource clone, Resource inst) {
        Node current = inst.currentNode();
        if (current == null) {
            return false;
        }
        Integer s = instanceScores(clone, inst).get(current);
        return s == null || s < 0;
    }

    private boolean allMembersAllowed(Resource clone, Resource inst, Node n) {
        for (Resource p : inst.primitives()) {
            Integer s = p.allowed.get(n);
            if (s == null || s <= -Scores.INFINITY) {
                return false;
            }
        }
        return true;
    }

    private Map<Node, Integer> instanceScores(Resource clone, Resource inst) {
        Resource first = inst.isPrimitive() ? inst : inst.primitives().isEmpty() ? inst : inst.primitives().get(0);
        Map<Node, Integer> scores = new HashMap<>(first.allowed);
        if (inst.kind == Resource.Kind.GROUP) {
            for (Resource p : inst.primitives()) {
                if (p == first) {
                    continue;
                }
                for (Map.Entry<Node, Integer> e : scores.entrySet()) {
                    Integer s = p.allowed.get(e.getKey());
                    if (s == null || s <= -Scores.INFINITY) {
                        e.setValue(-Scores.INFINITY);
                    }
                }
            }
        }
        for (Cluster.Colocation c : asDependent.getOrDefault(clone, List.of())) {
            if (c.dependentRole() == Role.PROMOTED) {
                continue;
            }
            applyColocation(scores, c, nodesOf(c.primary(), c.primaryRole()));
        }
        return scores;
    }

    private void recordScores(String where, Resource r, Map<Node, Integer> scores) {
        for (Node n : cluster.nodes) {
            Integer s = scores.get(n);
            if (s != null) {
                cluster.scoreLines.add(where + ": " + r.id + " allocation score on " + n.name + ": " + Scores.format(s));
            }
        }
    }

    private void placeInstance(Resource inst, Node node, Map<Node, Integer> perNode) {
        perNode.merge(node, 1, Integer::sum);
        for (Resource p : inst.primitives()) {
            p.assigning = false;
            p.assignedDone = true;
            if (!p.managed || !p.blockedOn.isEmpty()) {
                p.assigned = p.currentNode();
                p.nextRole = p.assigned == null ? Role.STOPPED : p.role();
                continue;
            }
            p.assigned = node;
            p.nextRole = Role.STARTED;
            node.assigned++;
            for (Map.Entry<String, Long> u : p.utilization.entrySet()) {
                node.used.merge(u.getKey(), u.getValue(), Long::sum);
            }
        }
    }

    private void markStopped(Resource inst) {
        for (Resource p : inst.primitives()) {
            p.assigning = false;
            p.assignedDone = true;
            if (!p.managed || !p.blockedOn.isEmpty()) {
                p.assigned = p.currentNode();
                p.nextRole = p.assigned == null ? Role.STOPPED : p.role();
                continue;
            }
            p.assigned = null;
            p.nextRole = Role.STOPPED;
        }
    }

    /**
     * What the resources colocated with a clone's promoted role (and, through their own colocations, what follows
     * them) think of each node: the promotion only goes where they can follow.
     */
    private Map<Node, Integer> promotedDependentPrefs(Resource clone) {
        Map<Node, Integer> prefs = new HashMap<>();
        for (Cluster.Colocation c : asPrimary.getOrDefault(clone, List.of())) {
            Resource dep = c.dependent();
            if (c.primaryRole() != Role.PROMOTED || !c.influence() && clone.isActive() || dep.assignedDone
                    || !dep.isPrimitive()
                    || dep.cloneAncestor() != null) {
                continue;
            }
            Map<Node, Integer> depScores = new HashMap<>(dep.allowed);
            mergeDependents(dep, depScores, new HashSet<>(Set.of(dep)), 1.0);
            if (!anyAvailable(depScores)) {
                // A dependent that cannot run anywhere does not hold the promotion back.
                continue;
            }
            double f = (double) c.score() / Scores.INFINITY;
            for (Map.Entry<Node, Integer> e : depScores.entrySet()) {
                prefs.merge(e.getKey(), scale(e.getValue(), f), Scores::add);
            }
        }
        return prefs;
    }

    /** Chooses which assigned instances of a promotable clone are promoted. */
    private void promote(Resource clone) {
        Map<Node, Integer> dependentPrefs = promotedDependentPrefs(clone);
        List<Resource> candidates = new ArrayList<>();
        Map<Resource, Integer> score = new HashMap<>();
        boolean promotedBanned = false;
        for (Cluster.TicketBan b : cluster.ticketBans) {
            if (b.resource() == clone && (b.role() == Role.PROMOTED || b.lossPolicy().equals("demote")
                    || b.lossPolicy().equals("freeze"))) {
                promotedBanned = true;
            }
        }
        for (Resource inst : clone.children) {
            Resource p = inst.isPrimitive() ? inst : inst.primitives().isEmpty() ? null : inst.primitives().get(0);
            if (p == null || p.assigned == null) {
                continue;
            }
            Node n = p.assigned;
            Node attrs = RemoteNodes.attributeNode(p, n);
            String attr = attrs.attributes.get("master-" + (clone.unique ? p.id : p.baseId));
            if (attr == null) {
                attr = attrs.attributes.get("master-" + p.id);
            }
            int s = attr == null ? -1 : Scores.parse(attr, -1);
            if (attr == null && p.role() == Role.PROMOTED && p.running.containsKey(n)) {
                s = 0;
            }
            Map<Node, Integer> bonus = promotionBonus.getOrDefault(clone, Map.of());
            if (bonus.containsKey(n)) {
                s = Scores.add(s == -1 && attr == null ? 0 : s, bonus.get(n));
            }
            for (Cluster.Colocation c : asDependent.getOrDefault(clone, List.of())) {
                if (c.dependentRole() != Role.PROMOTED) {
                    continue;
                }
                Set<Node> where = nodesOf(c.primary(), c.primaryRole());
                boolean with = where.contains(n);
                if (c.score() >= Scores.INFINITY && !with || c.score() <= -Scores.INFINITY && with) {
                    s = -Scores.INFINITY;
                } else if (with) {
                    s = Scores.add(s, c.score());
                }
            }
            Integer wanted = dependentPrefs.get(n);
            if (wanted != null && wanted <= -Scores.INFINITY) {
                s = -Scores.INFINITY;
            }
            if (!n.canRun() || promotedBanned || !p.managed && p.role() != Role.PROMOTED) {
                s = -Scores.INFINITY;
            }
            score.put(inst, s);
            candidates.add(inst);
        }
        candidates.sort((a, b) -> {
            int c = Integer.compare(score.get(b), score.get(a));
            if (c != 0) {
                return c;
            }
            boolean pa = a.role() == Role.PROMOTED;
            boolean pb = b.role() == Role.PROMOTED;
            if (pa != pb) {
                return pa ? -1 : 1;
            }
            return 0;
        });
        int promoted = 0;
        Map<Node, Integer> perNode = new HashMap<>();
        for (Resource inst : candidates) {
            Node n = inst.primitives().get(0).assigned;
            boolean yes = promoted < clone.promotedMax && score.get(inst) >= 0
                    && perNode.getOrDefault(n, 0) < clone.promotedNodeMax && clone.targetRole != Role.UNPROMOTED;
            for (Resource p : inst.primitives()) {
                if (!p.managed) {
                    continue;
                }
                p.nextRole = yes ? Role.PROMOTED : Role.UNPROMOTED;
            }
            if (yes) {
                promoted++;
                perNode.merge(n, 1, Integer::sum);
            }
        }
    }
}
