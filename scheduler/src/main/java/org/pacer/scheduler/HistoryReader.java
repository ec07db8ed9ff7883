package org.pacer.scheduler;

import java.util.List;
import java.util.Map;

import org.pacer.cib.OpDigest;
import org.pacer.cib.XmlElement;

/**
 * Works out a resource's state on one node from its {@code lrm_resource} history: the role it was left in,
 * whether it failed (and what its {@code on-fail} asks for), unfinished migrations, and its fail count. Maps
 * anonymous clone history onto instances the way Pacemaker numbers them.
 */
final class HistoryReader {
    private final Cluster cluster;
    private final ConfigReader config;

    HistoryReader(Cluster cluster, ConfigReader config) {
        this.cluster = cluster;
        this.config = config;
    }

    /** The outcome of replaying one history. */
    private static final class Outcome {
        Role role = Role.STOPPED;
        boolean failed;
        String onFail;
        boolean notInstalled;
        boolean pending;
        String migrateTarget;
        String migrateSource;
        boolean migrateFailed;
        boolean stopFailed;
        long lastFailure;
        boolean hardError;
        boolean fatalError;
        /** The parameter digest of the last one-off operation (start, probe, migrate), if recorded. */
        String digest;
        /** Its digest without the secure parameters (passwords) and their names, if recorded. */
        String secureDigest;
        String secureParams;
    }

    void read(Node node, XmlElement lrmResource) {
        String id = lrmResource.id();
        Outcome out = replay(node, lrmResource, findConfigured(id));
        Resource r = resolve(node, id, out, lrmResource);
        if (r == null) {
            return;
        }
        apply(r, node, out);
        if (!r.orphan && out.role.isActive() && !sameAgent(r, lrmResource)) {
            r.agentChanged.add(node);
        }
    }

    /**
     * Whether the configured resource behind this history entry may only be recovered once its node is fenced
     * (requires=fencing or unfencing, the default for a non-fencing resource while fencing is enabled).
     * History of a resource no longer configured counts as requiring fencing.
     */
    boolean requiresFencing(String id) {
        Resource r = findConfigured(id);
        if (r == null) {
            return true;
        }
        String requires = r.meta.get("requires");
        if (requires == null) {
            requires = cluster.stonithEnabled && !"stonith".equals(r.agentClass) ? "fencing" : "quorum";
        }
        return requires.equals("fencing") || requires.equals("unfencing");
    }

    private static boolean sameAgent(Resource r, XmlElement lrmResource) {
        String cls = lrmResource.attr("class");
        String type = lrmResource.attr("type");
        return cls == null || type == null || cls.equals(r.agentClass) && type.equals(r.type)
                && java.util.Objects.equals(lrmResource.attr("provider"), r.provider);
    }

    private Resource findConfigured(String id) {
        Resource r = cluster.resourcesById.get(id);
        if (r != null && r.isPrimitive()) {
            return r;
        }
        Resource clone = cluster.cloneOfBase(stripInstance(id));
        if (clone != null && !clone.children.isEmpty()) {
            for (Resource p : clone.children.get(0).primitives()) {
                if (p.baseId.equals(stripInstance(id))) {
                    return p;
                }
            }
        }
        return null;
    }

    static String stripInstance(String id) {
        int colon = id.lastIndexOf(':');
        if (colon > 0 && colon < id.length() - 1 && id.substring(colon + 1).chars().allMatch(Character::isDigit)) {
            return id.substring(0, colon);
        }
        return id;
    }

    private Resource resolve(Node node, String id, Outcome out, XmlElement lrmResource) {
        Resource direct = cluster.resourcesById.get(id);
        if (direct != null && direct.isPrimitive() && (direct.cloneAncestor() == null || direct.cloneAncestor().unique)) {
            return direct;
        }
        String base = stripInstance(id);
        Resource clone = cluster.cloneOfBase(base);
        if (clone != null && !clone.unique) {
            return anonymousInstance(clone, base, id, node, out);
        }
        if (clone != null) {
            return out.role.isActive() || out.failed ? orphan(id, lrmResource, clone) : null;
        }
        if (direct == null && base.equals(id) || direct != null && !direct.isPrimitive()) {
            return out.role.isActive() ? orphan(id, lrmResource, null) : null;
        }
        return out.role.isActive() ? orphan(id, lrmResource, null) : null;
    }

    private Resource anonymousInstance(Resource clone, String base, String id, Node node, Outcome out) {
        if (!clone.children.isEmpty() && clone.children.get(0).pinned != null) {
            // A bundle's instances each live on their own guest node.
            for (Resource inst : clone.children) {
                if (inst.pinned == node) {
                    return memberWithBase(inst, base);
                }
            }
            return null;
        }
        boolean active = out.role.isActive() || out.pending;
        // An instance already active here (a group instance whose other member we saw) takes the history.
        for (Resource inst : clone.children) {
            Resource member = memberWithBase(inst, base);
            if (member == null || member.running.containsKey(node)) {
                continue;
            }
            if (isActiveOn(inst, node)) {
                return member;
            }
        }
        if (!active) {
            // Inactive history only matters for failures and bans: give it the first instance not active here.
            for (Resource inst : clone.children) {
                if (!isActiveOn(inst, node)) {
                    return memberWithBase(inst, base);
                }
            }
            return null;
        }
        for (Resource inst : clone.children) {
            if (!inst.isActive() && !reservedElsewhere(inst)) {
                return memberWithBase(inst, base);
            }
        }
        // More active copies than instances: an orphan instance.
        Resource template = memberWithBase(clone.children.isEmpty() ? null : clone.children.get(0), base);
        if (template == null) {
            return null;
        }
        int n = clone.children.size();
        Resource inst = config.addInstance(clone, clone.xml.children().stream()
                .filter(x -> x.name().equals("primitive") || x.name().equals("group")).findFirst().orElseThrow(), n);
        for (Resource p : inst.primitives()) {
            p.orphan = true;
            cluster.resourcesById.putIfAbsent(p.id, p);
        }
        inst.orphan = true;
        return memberWithBase(inst, base);
    }

    private static boolean reservedElsewhere(Resource inst) {
        for (Resource p : inst.primitives()) {
            if (!p.pendingOn.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private static boolean isActiveOn(Resource inst, Node node) {
        for (Resource p : inst.primitives()) {
            if (p.running.containsKey(node)) {
                return true;
            }
        }
        return false;
    }

    private static Resource memberWithBase(Resource inst, String base) {
        if (inst == null) {
            return null;
        }
        for (Resource p : inst.primitives()) {
            if (p.baseId.equals(base)) {
                return p;
            }
        }
        return null;
    }

    private Resource orphan(String id, XmlElement lrm, Resource clone) {
        Resource existing = cluster.resourcesById.get(id);
        if (existing != null && existing.isPrimitive()) {
            return existing;
        }
        Resource r = new Resource(id, Resource.Kind.PRIMITIVE, lrm);
        r.agentClass = lrm.attr("class");
        r.provider = lrm.attr("provider");
        r.type = lrm.attr("type");
        r.orphan = true;
        r.meta = new java.util.HashMap<>();
        if (clone != null) {
            r.parent = clone;
            r.baseId = stripInstance(id);
            clone.children.add(r);
        } else {
            cluster.resources.add(r);
        }
        cluster.resourcesById.put(id, r);
        return r;
    }

    private Outcome replay(Node node, XmlElement lrmResource, Resource configured) {
        Outcome out = new Outcome();
        List<XmlElement> ops = StatusReader.sortedOps(lrmResource);
        for (XmlElement op : ops) {
            String task = op.attr("operation", "");
            if (task.equals("notify") || task.equals("cancel") || task.equals("meta-data") || task.equals("asyncmon")
                    || task.equals("reload") || task.equals("reload-agent") || task.equals("validate-all")) {
                continue;
            }
            long interval = Scores.intervalMs(op.attr("interval", "0"));
            if (interval > 0 && op.attr("interval", "0").chars().allMatch(Character::isDigit)) {
                interval = Long.parseLong(op.attr("interval"));
            }
            int rc = Scores.parse(op.attr("rc-code"), 0);
            int status = Scores.parse(op.attr("op-status"), 0);
            int expected = expectedRc(op);
            boolean probe = task.equals("monitor") && interval == 0;
            if (status == -1 || op.attr("call-id", "0").equals("-1")) {
                pending(out, task, op);
                continue;
            }
            if (status == 1) {
                continue;
            }
            boolean ok;
            if (probe && (rc == 7 || rc == 0 || rc == 8) && (status == 0 || rc == expected)) {
                ok = true;
            } else {
                ok = rc == expected && (status == 0 || status == 4 && rc != 0 && rc == expected);
                if (status != 0 && rc == expected && rc == 0) {
                    ok = false;
                }
            }
            if (interval == 0 && !task.equals("stop") && op.attr("op-digest") != null && status == 0) {
                out.digest = op.attr("op-digest");
                out.secureDigest = op.attr("op-secure-digest");
                out.secureParams = op.attr("op-secure-params");
            }
            if (ok) {
                success(out, task, rc, op, node);
            } else {
                failure(out, task, rc, status, interval, op, configured, probe);
            }
        }
        return out;
    }

    private static int expectedRc(XmlElement op) {
        String key = op.attr("transition-key");
        if (key != null) {
            String[] parts = key.split(":");
            if (parts.length >= 4) {
                try {
                    return Integer.parseInt(parts[2]);
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }

    private static void pending(Outcome out, String task, XmlElement op) {
        switch (task) {
            case "start", "migrate_from" -> {
                out.role = Role.STARTED;
                out.pending = true;
            }
            case "promote" -> {
                out.role = Role.PROMOTED;
                out.pending = true;
            }
            case "migrate_to" -> {
                out.role = Role.STARTED;
                out.migrateTarget = op.attr("migrate_target");
                out.pending = true;
            }
            case "stop", "demote" -> out.pending = true;
            default -> {
            }
        }
    }

    private static void success(Outcome out, String task, int rc, XmlElement op, Node node) {
        switch (task) {
            case "start" -> {
                out.role = Role.STARTED;
                out.failed = false;
                out.migrateTarget = null;
            }
            case "stop" -> {
                out.role = Role.STOPPED;
                out.failed = false;
                out.migrateTarget = null;
                out.migrateSource = null;
            }
            case "promote" -> {
                out.role = Role.PROMOTED;
                out.failed = false;
            }
            case "demote" -> {
                out.role = Role.UNPROMOTED;
                out.failed = false;
            }
            case "migrate_to" -> {
                out.role = Role.STARTED;
                out.migrateTarget = op.attr("migrate_target");
            }
            case "migrate_from" -> {
                out.role = Role.STARTED;
                out.migrateSource = op.attr("migrate_source");
            }
            case "monitor" -> {
                if (rc == 7) {
                    out.role = Role.STOPPED;
                    out.failed = false;
                } else if (rc == 8) {
                    out.role = Role.PROMOTED;
                } else if (out.role == Role.STOPPED || out.role == Role.UNKNOWN || out.role == Role.PROMOTED) {
                    out.role = out.role == Role.PROMOTED ? Role.UNPROMOTED : Role.STARTED;
                }
            }
            default -> {
            }
        }
    }

    private void failure(Outcome out, String task, int rc, int status, long interval, XmlElement op, Resource configured,
                         boolean probe) {
        String onFail = onFail(configured, task, interval);
        if (onFail.equals("ignore")) {
            if (task.equals("start") || task.equals("migrate_from")) {
                out.role = Role.STARTED;
            }
            return;
        }
        long when = epochSeconds(op.attr("last-rc-change", op.attr("last-run")));
        if (configured != null && configured.failureTimeoutMs > 0 && when > 0
                && (when * 1000 + configured.failureTimeoutMs) <= cluster.now.toInstant(java.time.ZoneOffset.UTC).toEpochMilli()
                && !task.equals("stop")) {
            // An expired failure is forgotten; the history before it still counts.
            if (task.equals("start")) {
                out.role = Role.STOPPED;
            }
            return;
        }
        if (probe && rc == 5) {
            out.notInstalled = true;
            out.role = Role.STOPPED;
            return;
        }
        out.failed = true;
        out.onFail = onFail;
        if (rc == 3 || rc == 4 || rc == 5) {
            out.hardError = true;
        } else if ((rc == 2 || rc == 6) && status == 0) {
            out.fatalError = true;
        }
        out.lastFailure = when;
        switch (task) {
            case "stop" -> {
                out.stopFailed = true;
                if (out.role == Role.STOPPED) {
                    out.role = Role.STARTED;
                }
            }
            case "promote", "demote" -> out.role = Role.PROMOTED;
            case "migrate_to" -> {
                out.role = Role.STARTED;
                out.migrateFailed = true;
            }
            case "migrate_from" -> {
                out.role = Role.STARTED;
                out.migrateFailed = true;
            }
            case "monitor" -> {
                if (rc == 8 || rc == 9) {
                    out.role = Role.PROMOTED;
                } else if (out.role == Role.STOPPED || out.role == Role.UNKNOWN) {
                    out.role = Role.STARTED;
                }
            }
            default -> out.role = out.role == Role.PROMOTED ? Role.PROMOTED : Role.STARTED;
        }
    }

    private String onFail(Resource r, String task, long interval) {
        if (r != null) {
            for (XmlElement op : r.ops) {
                if (task.equals(op.attr("name")) && Scores.intervalMs(op.attr("interval", "0")) == interval
                        && op.attr("on-fail") != null) {
                    return op.attr("on-fail");
                }
            }
            if (!task.equals("stop")) {
                for (XmlElement op : r.ops) {
                    if (task.equals(op.attr("name")) && op.attr("on-fail") != null && interval > 0
                            && Scores.intervalMs(op.attr("interval", "0")) > 0) {
                        return op.attr("on-fail");
                    }
                }
            }
        }
        if (r != null && r.container != null && r.remoteNode == null) {
            // A failure inside a container, even of a stop, is recovered by restarting the container.
            return "restart-container";
        }
        if (task.equals("stop")) {
            return cluster.stonithEnabled ? "fence" : "block";
        }
        if (r != null && r.remoteNode != null && r.container == null && task.equals("monitor") && interval > 0) {
            // A remote connection lost while up leaves the remote node in an unknown state: it is fenced.
            return "reset-remote";
        }
        return "restart";
    }

    private void apply(Resource r, Node node, Outcome out) {
        if (out.failed && out.stopFailed && "restart-container".equals(out.onFail)) {
            // Restarting the container stops it for sure: it counts as stopped, its failure ignored.
            r.restartContainerOn.add(node);
            return;
        }
        if (out.notInstalled || out.hardError && out.failed) {
            r.bannedByHistory.add(node);
        }
        if (out.fatalError && out.failed) {
            r.forceStop = true;
        }
        if (out.role.isActive()) {
            r.running.put(node, out.role);
            if (out.digest != null && !r.orphan && !out.digest.equals(OpDigest.of(r.params, 0, 0))
                    && !sanitizedMatch(r, out)) {
                r.definitionChanged.add(node);
            }
        }
        if (out.pending) {
            r.pendingOn.add(node);
        }
        if (out.failed && (!node.online || node.unclean) && !out.hardError) {
            // A failure on a node already gone or due to be fenced is settled by fencing that node, not by
            // recovering or blocking the resource.
            out.failed = false;
        }
        if (out.failed && out.role.isActive()) {
            r.failedOn.add(node);
            r.onFail.put(node, out.onFail);
            if (out.stopFailed && (!"fence".equals(out.onFail) || !cluster.canFence(node))) {
                r.blockedOn.add(node);
            }
            if ("block".equals(out.onFail)) {
                r.blockedOn.add(node);
            }
        }
        if (out.migrateTarget != null && out.role.isActive()) {
            Node target = cluster.node(out.migrateTarget);
            if (target != null) {
                r.migrationSource = node;
                r.migrationTarget = target;
                r.migrationFailed = out.migrateFailed;
            }
        }
        if (out.failed && out.role.isActive()) {
            switch (out.onFail == null ? "restart" : out.onFail) {
                case "fence" -> {
                    if (cluster.stonithEnabled && !node.unclean) {
                        node.unclean = true;
                        node.uncleanReason = r.id + " failed there";
                    }
                }
                case "stop" -> r.forceStop = true;
                case "standby" -> node.standby = true;
                default -> {
                }
            }
        }
    }

    /**
     * Whether a CIB whose secrets were masked (the values read "****", as crm_report leaves them) still matches on
     * the digest of its other parameters: the masked values cannot be compared, so they are not a change.
     */
    private static boolean sanitizedMatch(Resource r, Outcome out) {
        if (out.secureDigest == null || out.secureParams == null || out.secureParams.isBlank()) {
            return false;
        }
        List<String> secure = List.of(out.secureParams.trim().split("\\s+"));
        for (String name : secure) {
            String value = r.params.get(name);
            if (value != null && !value.equals("****")) {
                return false;
            }
        }
        return out.secureDigest.equals(OpDigest.secure(r.params, secure));
    }

    /** A time in seconds since the epoch as the status records it (not a score: it is far over INFINITY), 0 if unreadable. */
    static long epochSeconds(String text) {
        if (text == null) {
            return 0;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    int failcount(Resource r, Node node) {
        String base = r.cloneAncestor() != null && !r.cloneAncestor().unique ? r.baseId : r.id;
        int total = 0;
        long lastFailure = 0;
        for (Map.Entry<String, String> a : node.attributes.entrySet()) {
            String name = a.getKey();
            if (name.equals("fail-count-" + base) || name.startsWith("fail-count-" + base + "#")) {
                total = Scores.add(total, Scores.parse(a.getValue(), 0));
            }
            if (name.equals("last-failure-" + base) || name.startsWith("last-failure-" + base + "#")) {
                lastFailure = Math.max(lastFailure, epochSeconds(a.getValue()));
            }
        }
        if (total > 0 && r.failureTimeoutMs > 0 && lastFailure > 0
                && lastFailure * 1000 + r.failureTimeoutMs <= cluster.now.toInstant(java.time.ZoneOffset.UTC).toEpochMilli()) {
            return 0;
        }
        return total;
    }
}
