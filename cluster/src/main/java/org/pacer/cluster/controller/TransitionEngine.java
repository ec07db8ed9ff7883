package org.pacer.cluster.controller;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executor;

import org.pacer.cib.XmlElement;
import org.pacer.cib.XmlWriter;
import org.pacer.cluster.CibOperation;
import org.pacer.cluster.NodeStatus;
import org.pacer.fencing.FenceAction;
import org.pacer.fencing.FenceRequest;
import org.pacer.fencing.FenceResult;
import org.pacer.fencing.Fencer;
import org.pacer.scheduler.Scheduler;
import org.pacer.scheduler.TransitionGraph;
import org.pacer.scheduler.TransitionGraph.GraphAction;
import org.pacer.scheduler.TransitionResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DC's half of the controller: probes resources on nodes that joined, runs the scheduler when the CIB
 * changes (bursts coalesced), and carries out the graph. An action starts once its inputs completed;
 * resource actions wait for every fencing of the graph, so nothing of a lost node is recovered before the
 * fence device confirmed. Results are read back from the CIB status by transition key. An unexpected
 * result, a lost node, a timeout or any relevant change aborts the rest; when the actions in flight are
 * done, a new transition is computed. Without quorum nothing is fenced or started.
 *
 * <p>Confined to the controller thread: {@link #tick} runs there and every callback is handed back to it.
 */
final class TransitionEngine {
    private static final Logger LOG = LoggerFactory.getLogger(TransitionEngine.class);
    static final long COALESCE_MS = 30;
    static final long RECHECK_MS = 15_000;
    static final long FENCE_RETRY_MS = 2_000;
    /** A probe whose result has not shown up in the CIB by then is sent again (probes are harmless to repeat). */
    static final long PROBE_TIMEOUT_MS = 5_000;
    /** Beyond its timeout, how long a pending operation of an earlier transition is waited for. */
    static final long PENDING_MARGIN_MS = 10_000;

    interface Sender {
        void send(String node, ControllerMessage message);
    }

    private final String self;
    private final Map<String, String> nodeIds;
    private final Scheduler scheduler = new Scheduler();
    private final Fencer fencer;
    private final CibWriter writer;
    private final Sender sender;
    private final Clock clock;
    private final Executor loop;
    private final Runnable fenceHistoryChanged;
    private final String uuid = UUID.randomUUID().toString();

    private int transitionCounter;
    private Transition current;
    private boolean dirty = true;
    private long changedAt;
    private long lastScheduled;
    private XmlElement lastCib;
    private final Map<String, String> ready = new HashMap<>();
    private final Map<String, Long> fenceFailedAt = new HashMap<>();
    private final Map<String, Long> probes = new HashMap<>();
    /** Pending operations of earlier transitions (node/transition key) and when this DC first saw them. */
    private final Map<String, Long> pendingSince = new HashMap<>();
    private XmlElement expiryCib;
    private List<FailureExpiry> expiries = List.of();
    /** Expiries already acted on, so each clears its fail counts once. */
    private final Set<FailureExpiry> expired = new HashSet<>();
    private final Set<String> shutdownAcked = new HashSet<>();
    private boolean nodesRequested;
    private String waitingFor = "";
    private int probeCounter;

    /** One running transition; confined like the engine. */
    private static final class Transition {
        final int id;
        final TransitionGraph graph;
        final String fingerprint;
        final Map<Integer, List<Integer>> inputs = new HashMap<>();
        final Set<Integer> done = new HashSet<>();
        final Set<Integer> skipped = new HashSet<>();
        final Map<Integer, InFlight> inFlight = new HashMap<>();
        String abortReason;
        boolean failed;
        int executed;

        /** Nodes this transition fences: what is recorded about them meanwhile is its own doing. */
        final Set<String> fenceTargets;

        Transition(int id, TransitionGraph graph, String fingerprint, Set<String> fenceTargets) {
            this.id = id;
            this.fenceTargets = Set.copyOf(fenceTargets);
            this.graph = graph;
            this.fingerprint = fingerprint;
            for (TransitionGraph.Ordering o : graph.orderings()) {
                inputs.computeIfAbsent(o.after(), k -> new ArrayList<>()).add(o.before());
            }
        }
    }

    private record InFlight(GraphAction action, String key, int expectedRc, long deadline) {
    }

    TransitionEngine(String self, Map<String, String> nodeIds, Fencer fencer, CibWriter writer, Sender sender,
                     Clock clock, Executor loop, Runnable fenceHistoryChanged) {
        this.self = self;
        this.nodeIds = Map.copyOf(nodeIds);
        this.fencer = fencer;
        this.writer = writer;
        this.sender = sender;
        this.clock = clock;
        this.loop = loop;
        this.fenceHistoryChanged = fenceHistoryChanged;
    }

    void onReady(String node, String incarnation) {
        String before = ready.put(node, incarnation);
        if (!incarnation.equals(before)) {
            LOG.info("DC {}: controller of {} ready ({})", self, node, incarnation);
            markDirty();
        }
    }

    boolean idle() {
        return current == null && !dirty && probes.isEmpty();
    }

    private void markDirty() {
        if (!dirty) {
            dirty = true;
        }
        changedAt = clock.millis();
    }

    /** One step on the controller thread while this node is the DC. */
    void tick(NodeStatus status) {
        XmlElement cib = status.cib();
        long now = clock.millis();
        ready.keySet().retainAll(status.members());
        shutdownAcked.retainAll(status.members());
        if (cib != lastCib) {
            lastCib = cib;
            onChange(cib);
        }
        if (current != null) {
            checkResults(cib);
            checkLost(status, now);
            if (current.abortReason == null) {
                dispatch(cib, status);
            }
            if (current.inFlight.isEmpty() && (current.abortReason != null || !canProgress(status))) {
                finish(now);
            }
        }
        if (current == null) {
            checkProbes(cib, now);
            if (timerDue(cib, now)) {
                dirty = true;
                lastScheduled = now;
            }
            if (dirty && now - changedAt >= COALESCE_MS) {
                schedule(cib, status, now);
            }
        }
    }

    /**
     * Timers: a failure that just expired (its fail counts are cleared, as Pacemaker's clear_failcount does,
     * and the scheduler runs at once), and the periodic re-check ({@code cluster-recheck-interval}, default
     * {@link #RECHECK_MS}; 0 turns it off) for what has no timer of its own, such as rules with dates.
     */
    private boolean timerDue(XmlElement cib, long now) {
        if (cib != expiryCib) {
            expiryCib = cib;
            expiries = FailureExpiry.all(cib);
            expired.retainAll(expiries);
        }
        boolean due = false;
        for (FailureExpiry f : expiries) {
            if (f.expiresAtMs() <= now && expired.add(f)) {
                LOG.info("DC {}: the failures of {} on {} expired (failure-timeout): clearing its fail counts", self,
                        f.resource(), f.node());
                try {
                    writer.write("expired failures of " + f.resource() + " on " + f.node(),
                            StatusRecords.expireFailures(f.node(), f.resource()));
                } catch (RuntimeException e) {
                    LOG.warn("DC {}: cannot clear the fail counts of {}: {}", self, f.resource(), e.getMessage());
                }
                due = true;
            }
        }
        long recheck = recheckMs(cib);
        return due || recheck > 0 && now - lastScheduled >= recheck;
    }

    private static long recheckMs(XmlElement cib) {
        String value = LocalOperations.clusterOption(cib, "cluster-recheck-interval");
        return value == null ? RECHECK_MS : ResourceDefinition.intervalMs(value);
    }

    private void onChange(XmlElement cib) {
        if (current != null && current.abortReason == null
                && !fingerprint(cib, current.fenceTargets).equals(current.fingerprint)) {
            abort("the CIB changed");
        }
        markDirty();
    }

    private void abort(String reason) {
        if (current != null && current.abortReason == null) {
            current.abortReason = reason;
            LOG.info("DC {}: transition {} aborted: {} ({} actions in flight)", self, current.id, reason,
                    current.inFlight.size());
        }
    }

    // ---- scheduling ----

    private void waiting(String reason) {
        if (!reason.equals(waitingFor)) {
            waitingFor = reason;
            LOG.info("DC {}: before scheduling, waiting for {}", self, reason);
        }
    }

    private void schedule(XmlElement cib, NodeStatus status, long now) {
        if (!membershipRecorded(cib, status)) {
            waiting("the CIB to record the membership " + status.members());
            return;
        }
        if (status.quorum().quorate() && ensureNodesConfigured(cib)) {
            waiting("the nodes to be added to the configuration");
            return;
        }
        for (String member : status.members()) {
            if (!ready.containsKey(member)) {
                waiting("the controller of " + member);
                return;
            }
        }
        if (sendProbes(cib, status, now)) {
            waiting("probes");
            return;
        }
        String inFlight = pendingElsewhere(cib, status, now);
        if (inFlight != null) {
            waiting(inFlight + " (in flight from an earlier transition)");
            return;
        }
        waitingFor = "";
        TransitionResult result;
        try {
            result = scheduler.schedule(cib, clock.instant());
        } catch (RuntimeException e) {
            LOG.error("DC {}: the scheduler failed: {}", self, e.toString());
            dirty = false;
            lastScheduled = now;
            return;
        }
        TransitionGraph graph = result.graph();
        for (GraphAction a : graph.actions()) {
            if (a.task().equals("stonith") && now - fenceFailedAt.getOrDefault(a.node(), Long.MIN_VALUE / 2) < FENCE_RETRY_MS) {
                return;
            }
        }
        dirty = false;
        lastScheduled = now;
        Set<String> targets = new HashSet<>();
        graph.actions().stream().filter(a -> a.task().equals("stonith")).forEach(a -> targets.add(a.node()));
        Transition t = new Transition(++transitionCounter, graph, fingerprint(cib, targets), targets);
        if (!status.quorum().quorate()) {
            for (GraphAction a : graph.actions()) {
                if (a.task().equals("stonith") || a.task().equals("start") || a.task().equals("promote")) {
                    t.skipped.add(a.id());
                }
            }
        }
        for (GraphAction a : graph.actions()) {
            // No startup fencing: a node this cluster has never seen has run nothing of ours; it may be booting.
            if (a.task().equals("stonith") && StatusRecords.nodeStateOf(cib, a.node()).isEmpty()) {
                t.skipped.add(a.id());
            }
        }
        if (graph.actions().stream().allMatch(a -> a.pseudo() || t.skipped.contains(a.id()))) {
            acknowledgeShutdowns(cib, status);
            return;
        }
        current = t;
        LOG.info("DC {}: transition {} ({} actions){}", self, t.id, graph.actions().size(),
                t.skipped.isEmpty() ? "" : ", " + t.skipped.size() + " held back without quorum");
        for (String line : result.summary()) {
            LOG.info("DC {}:   {}", self, line);
        }
        dispatch(cib, status);
    }

    /**
     * An operation a member records as pending that no transition of this DC is waiting for: a previous DC
     * sent it (it died, or lost the role). The scheduler would take a pending start for done and carry on
     * with what comes after it, so the new DC waits for the result, up to the operation's timeout (plus a
     * margin) from when it first saw it. Returns what it waits for, or null.
     */
    private String pendingElsewhere(XmlElement cib, NodeStatus status, long now) {
        Set<String> seen = new HashSet<>();
        String waitingOn = null;
        for (String member : status.members()) {
            for (XmlElement op : StatusRecords.pendingOps(cib, member)) {
                String key = member + "/" + op.attr("transition-key");
                seen.add(key);
                long since = pendingSince.computeIfAbsent(key, k -> now);
                String resource = op.attr("id", "").replaceFirst("_last_0$", "");
                long timeout = ResourceDefinition.findPrimitive(cib, resource)
                        .map(p -> ResourceDefinition.of(resource, p).timeout(op.attr("operation", "start"), 0).toMillis())
                        .orElse(20_000L);
                if (now - since <= timeout + PENDING_MARGIN_MS && waitingOn == null) {
                    waitingOn = resource + " " + op.attr("operation") + " on " + member;
                }
            }
        }
        pendingSince.keySet().retainAll(seen);
        return waitingOn;
    }

    /** True when the CIB's node states agree with the view, so the scheduler sees who is there. */
    private boolean membershipRecorded(XmlElement cib, NodeStatus status) {
        for (Map.Entry<String, String> node : nodeIds.entrySet()) {
            boolean member = status.members().contains(node.getKey());
            boolean recorded = StatusRecords.nodeStateOf(cib, node.getKey())
                    .map(ns -> "true".equals(ns.attr("in_ccm"))).orElse(false);
            if (member != recorded) {
                return false;
            }
        }
        return true;
    }

    /** Adds configured cluster nodes missing from {@code configuration/nodes}; true while that write is due. */
    private boolean ensureNodesConfigured(XmlElement cib) {
        XmlElement nodes = cib.path("configuration", "nodes").orElse(null);
        List<XmlElement> missing = new ArrayList<>();
        for (Map.Entry<String, String> n : nodeIds.entrySet()) {
            boolean present = nodes != null && nodes.children("node").stream()
                    .anyMatch(e -> n.getKey().equals(e.attr("uname")));
            if (!present) {
                missing.add(XmlElement.of("node", Map.of("id", n.getValue(), "uname", n.getKey())));
            }
        }
        if (missing.isEmpty()) {
            nodesRequested = false;
            return false;
        }
        if (!nodesRequested) {
            nodesRequested = true;
            writer.write("nodes " + missing.size(), new CibOperation.Modify(XmlElement.of("cib", Map.of(), List.of(
                    XmlElement.of("configuration", Map.of(), List.of(XmlElement.of("nodes", Map.of(), missing)))))))
                    .thenRun(() -> loop.execute(() -> nodesRequested = false));
        }
        return true;
    }

    /** Probes every primitive on every online member without history of it; true while probes are due. */
    private boolean sendProbes(XmlElement cib, NodeStatus status, long now) {
        boolean waiting = false;
        for (String member : status.members()) {
            for (XmlElement primitive : ResourceDefinition.primitives(cib)) {
                String id = primitive.id();
                if (StatusRecords.hasHistory(cib, member, id)) {
                    continue;
                }
                waiting = true;
                String probeKey = member + "/" + id;
                if (probes.containsKey(probeKey)) {
                    continue;
                }
                probes.put(probeKey, now + PROBE_TIMEOUT_MS);
                String key = (++probeCounter) + ":probe:7:" + uuid;
                sender.send(member, new ControllerMessage.Execute(key, id, "monitor", 0, 0, 7,
                        XmlWriter.toCompactXml(primitive)));
            }
        }
        return waiting;
    }

    private void checkProbes(XmlElement cib, long now) {
        probes.entrySet().removeIf(e -> {
            String[] parts = e.getKey().split("/", 2);
            return StatusRecords.hasHistory(cib, parts[0], parts[1]) || now > e.getValue();
        });
    }

    /** Once nothing is left to do, a node that asked to shut down is told it may go. */
    private void acknowledgeShutdowns(XmlElement cib, NodeStatus status) {
        for (String member : status.members()) {
            String shutdown = StatusRecords.attribute(cib, member, "shutdown");
            if (shutdown == null || shutdown.equals("0") || shutdownAcked.contains(member)) {
                continue;
            }
            shutdownAcked.add(member);
            LOG.info("DC {}: {} may shut down: nothing of the cluster's runs there", self, member);
            writer.write("shutdown of " + member, StatusRecords.nodeState(nodeIds.get(member), member,
                    Map.of("expected", "down"), List.of()));
        }
    }

    // ---- execution ----

    private boolean canProgress(NodeStatus status) {
        return current.graph.actions().stream().anyMatch(a -> !finished(a.id()) && runnable(a));
    }

    private boolean finished(int id) {
        return current.done.contains(id) || current.skipped.contains(id) || current.inFlight.containsKey(id);
    }

    private boolean runnable(GraphAction a) {
        for (int input : current.inputs.getOrDefault(a.id(), List.of())) {
            if (!current.done.contains(input)) {
                return false;
            }
        }
        if (!a.task().equals("stonith") && !a.pseudo()) {
            for (GraphAction other : current.graph.actions()) {
                if (other.task().equals("stonith") && !current.done.contains(other.id())
                        && !current.skipped.contains(other.id())) {
                    return false;
                }
            }
        }
        return true;
    }

    private void dispatch(XmlElement cib, NodeStatus status) {
        boolean progress = true;
        while (progress && current.abortReason == null) {
            progress = false;
            for (GraphAction a : current.graph.actions()) {
                if (finished(a.id()) || !runnable(a)) {
                    continue;
                }
                if (a.pseudo()) {
                    current.done.add(a.id());
                    progress = true;
                } else if (a.task().equals("stonith")) {
                    fence(a);
                } else {
                    execute(a, cib, status);
                }
                if (current.abortReason != null) {
                    return;
                }
            }
        }
    }

    private void execute(GraphAction a, XmlElement cib, NodeStatus status) {
        if (!status.members().contains(a.node())) {
            current.failed = true;
            abort(a.describe().strip() + ": " + a.node() + " is not a member");
            return;
        }
        XmlElement primitive = ResourceDefinition.findPrimitive(cib, a.resource()).orElseGet(() -> orphan(cib, a));
        if (primitive == null) {
            current.failed = true;
            abort("no definition of " + a.resource());
            return;
        }
        ResourceDefinition definition = ResourceDefinition.of(a.resource(), primitive);
        long timeout = definition.timeout(a.task(), 0).toMillis();
        String key = a.id() + ":" + current.id + ":0:" + uuid;
        current.inFlight.put(a.id(), new InFlight(a, key, 0, clock.millis() + timeout + 10_000));
        current.executed++;
        LOG.info("DC {}: transition {} action {}: {} {} on {}", self, current.id, a.id(), a.resource(), a.task(), a.node());
        sender.send(a.node(), new ControllerMessage.Execute(key, a.resource(), a.task(), 0, timeout, 0,
                XmlWriter.toCompactXml(primitive)));
    }

    /** A resource no longer configured but still in a node's history: its agent from that history. */
    private static XmlElement orphan(XmlElement cib, GraphAction a) {
        return StatusRecords.nodeStateOf(cib, a.node()).flatMap(ns -> ns.path("lrm", "lrm_resources"))
                .flatMap(lr -> lr.children("lrm_resource").stream().filter(r -> a.resource().equals(r.id())).findFirst())
                .map(r -> {
                    Map<String, String> attrs = new LinkedHashMap<>();
                    attrs.put("id", r.id());
                    attrs.put("class", r.attr("class", "ocf"));
                    if (r.attr("provider") != null) {
                        attrs.put("provider", r.attr("provider"));
                    }
                    attrs.put("type", r.attr("type", ""));
                    return XmlElement.of("primitive", attrs);
                }).orElse(null);
    }

    private void fence(GraphAction a) {
        Transition t = current;
        String target = a.node();
        t.inFlight.put(a.id(), new InFlight(a, "stonith", 0, Long.MAX_VALUE));
        t.executed++;
        LOG.info("DC {}: transition {}: fencing {} (reboot)", self, t.id, target);
        fencer.fence(new FenceRequest(target, FenceAction.REBOOT, self, clock.instant()))
                .whenComplete((result, error) -> loop.execute(() -> fenced(t, a, result, error)));
    }

    private void fenced(Transition t, GraphAction a, FenceResult result, Throwable error) {
        fenceHistoryChanged.run();
        String target = a.node();
        if (error != null) {
            Throwable cause = error.getCause() != null ? error.getCause() : error;
            LOG.warn("DC {}: fencing {} failed: {}; it will be retried, nothing of {} is recovered meanwhile",
                    self, target, cause.getMessage(), target);
            fenceFailedAt.put(target, clock.millis());
            t.inFlight.remove(a.id());
            t.failed = true;
            if (t == current) {
                abort("fencing " + target + " failed");
            }
            return;
        }
        LOG.info("DC {}: {} fenced by {} ({})", self, target, result.devices(), result.delegate());
        fenceFailedAt.remove(target);
        // The device confirmed: the node is down, so recovery may go on while the CIB records it (these
        // writes precede, in this DC's write order, anything the rest of the transition leads to).
        recordFenced(target);
        t.inFlight.remove(a.id());
        t.done.add(a.id());
    }

    /** Records in the CIB that {@code target} is down and clean, and forgets what ran there. */
    java.util.concurrent.CompletableFuture<Void> recordFenced(String target) {
        String id = nodeIds.get(target);
        if (id == null) {
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }
        writer.write("fenced state of " + target, StatusRecords.fenced(id, target));
        return writer.write("history of fenced " + target, StatusRecords.forgetNode(target));
    }

    private void checkResults(XmlElement cib) {
        for (InFlight f : new ArrayList<>(current.inFlight.values())) {
            if (f.action().task().equals("stonith")) {
                continue;
            }
            for (XmlElement op : StatusRecords.ops(cib, f.action().node(), f.action().resource())) {
                if (!f.key().equals(op.attr("transition-key")) || "-1".equals(op.attr("op-status"))) {
                    continue;
                }
                current.inFlight.remove(f.action().id());
                boolean ok = "0".equals(op.attr("op-status")) && Integer.toString(f.expectedRc()).equals(op.attr("rc-code"));
                if (ok) {
                    current.done.add(f.action().id());
                } else {
                    current.failed = true;
                    abort(f.action().resource() + " " + f.action().task() + " on " + f.action().node()
                            + " returned rc " + op.attr("rc-code") + " (status " + op.attr("op-status") + ")");
                }
                break;
            }
        }
    }

    private void checkLost(NodeStatus status, long now) {
        for (InFlight f : new ArrayList<>(current.inFlight.values())) {
            if (f.action().task().equals("stonith")) {
                continue;
            }
            boolean lost = !status.members().contains(f.action().node());
            if (lost || now > f.deadline()) {
                current.inFlight.remove(f.action().id());
                current.failed = true;
                abort(f.action().resource() + " " + f.action().task() + " on " + f.action().node()
                        + (lost ? ": the node left" : ": no result in time"));
            }
        }
    }

    private void finish(long now) {
        Transition t = current;
        current = null;
        LOG.info("DC {}: transition {} {} ({} of {} actions done{})", self, t.id,
                t.abortReason != null ? "ended after abort" : "complete", t.done.size(), t.graph.actions().size(),
                t.skipped.isEmpty() ? "" : ", " + t.skipped.size() + " held back");
        if (t.executed > 0 || t.abortReason != null) {
            markDirty();
        }
    }

    /** Runs the scheduler once, so that a node taking over as DC does not pay for loading it then. */
    void warmUp(XmlElement cib) {
        try {
            scheduler.schedule(cib, clock.instant());
        } catch (RuntimeException e) {
            LOG.debug("warm-up run of the scheduler failed: {}", e.toString());
        }
    }

    /** Forget the DC role: the transition is left to finish on the nodes; a new DC starts from the CIB. */
    void reset() {
        current = null;
        dirty = true;
        lastCib = null;
        probes.clear();
        ready.clear();
        pendingSince.clear();
    }

    /**
     * What makes a running transition stale: configuration, membership and node attributes, and recorded
     * failures. Successful results of its own actions change none of these.
     */
    static String fingerprint(XmlElement cib, Set<String> ignoredNodes) {
        StringBuilder out = new StringBuilder();
        cib.child("configuration").ifPresent(c -> out.append(XmlWriter.toCompactXml(c)));
        out.append("|q=").append(cib.attr("have-quorum"));
        cib.child("status").ifPresent(s -> {
            for (XmlElement ns : s.children("node_state")) {
                if (ignoredNodes.contains(ns.attr("uname"))) {
                    continue;
                }
                Map<String, String> attrs = new java.util.TreeMap<>(ns.attributes());
                attrs.remove("crm-debug-origin");
                out.append("|").append(attrs);
                ns.child("transient_attributes").ifPresent(ta -> out.append(XmlWriter.toCompactXml(ta)));
                ns.path("lrm", "lrm_resources").ifPresent(lr -> {
                    for (XmlElement r : lr.children("lrm_resource")) {
                        for (XmlElement op : r.children("lrm_rsc_op")) {
                            if (op.id() != null && op.id().endsWith("_last_failure_0")) {
                                out.append("|f=").append(op.id()).append(op.attr("call-id")).append(op.attr("rc-code"));
                            }
                        }
                    }
                });
            }
        });
        return out.toString();
    }
}
