package org.pacer.cluster;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.pacer.cib.CibException;
import org.pacer.cib.CibVersion;
import org.pacer.cib.XmlElement;
import org.pacer.cib.XmlParser;
import org.pacer.cib.XmlWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this node's copy of the CIB in step with the cluster. After every view change the members offer
 * their copies to the DC, which adopts the newest (highest admin_epoch, epoch, num_updates; a node that
 * just started only wins if every node just started), records membership in the status, and sends that
 * copy to all. Writes then go to the DC, which validates and applies each on its own, in one order, and
 * sends them in numbered rounds: every write admitted while earlier rounds are still unacknowledged joins
 * the next round, which travels as one patch in one message and costs each member one save. Members persist
 * before they acknowledge, and the client hears "done" only when every member of the view has acknowledged
 * the round holding its write. Request ids make a retried write a no-op once it has been applied.
 *
 * <p>All state below is confined to one thread, which takes events from a queue; callers only enqueue.
 */
public final class CibReplicator implements Membership.Listener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CibReplicator.class);
    /**
     * Request ids remembered as applied: a retry must come back before this many later writes, which at
     * 1,000 writes/s is over a minute, twice the longest write timeout.
     */
    private static final int APPLIED_MEMORY = 65_536;
    private static final long RESEND_DELAY_MS = 50;
    /**
     * Rounds the DC lets be unacknowledged at once. Two overlap one round's saves with the next round's
     * transfer; more would only make rounds smaller, since members already save whatever has arrived at once.
     */
    private static final int ROUNDS_IN_FLIGHT = 2;

    private final String self;
    private final ClusterConfig config;
    private final Membership membership;
    private final CibPersistence persistence;
    private final CibChangeCodec codec;
    private final Duration writeTimeout;
    private final LongSupplier clock;
    private final BlockingQueue<Runnable> events = new LinkedBlockingQueue<>();
    private final ScheduledExecutorService timer;
    private final Thread thread;
    private final Thread persister;
    private final BlockingQueue<Durable> toPersist = new LinkedBlockingQueue<>();
    private final QuorumTracker quorumTracker;
    private volatile boolean running = true;
    private volatile NodeStatus status;

    // Replica state: this node's copy, as persisted.
    private XmlElement cib;
    private boolean fresh = true;
    private long viewTerm = -1;
    private long syncedTerm = -1;
    private long lastSeq;
    private String syncedFrom;
    private boolean resyncRequested;
    private final LinkedHashSet<String> applied = new LinkedHashSet<>();
    private boolean dirty;
    private MembershipView view = new MembershipView("0", List.of(), false, List.of());
    private Quorum quorum = new Quorum(false, 0, 0, false);

    // Leader state: present while this node is the DC of the current view.
    private Leader leader;
    private final TreeMap<Long, Map<String, ReplicationMessage.Offer>> earlyOffers = new TreeMap<>();

    // Origin state: writes of local clients not yet answered.
    private final Map<String, Outstanding> outstanding = new LinkedHashMap<>();

    /** A copy to make durable, and the acknowledgement owed once it is. */
    private record Durable(XmlElement cib, long term, long seq, String dc) {
    }

    /** A local client's write until the DC answers or its deadline passes. */
    private record Outstanding(ReplicationMessage.Request request, CompletableFuture<String> result, long deadline) {
    }

    /** A write (or an already-applied request) waiting for every member's acknowledgement of round {@code seq}. */
    private record Pending(long seq, String requestId, String origin, String version) {
    }

    /** The DC's state for one term. */
    private static final class Leader {
        final long term;
        final Map<String, ReplicationMessage.Offer> offers = new HashMap<>();
        final Map<String, Long> acked = new HashMap<>();
        final ArrayDeque<Pending> pending = new ArrayDeque<>();
        final LinkedHashSet<String> applied = new LinkedHashSet<>();
        /** Writes admitted into {@link #tip} since the last round was sent: the next round, {@code seq + 1}. */
        final List<String> open = new ArrayList<>();
        boolean synced;
        /** The copy with every admitted write; {@link #sent} is the copy as of round {@link #seq}. */
        XmlElement tip;
        XmlElement sent;
        long seq;

        /** The round a write admitted now is acknowledged with. */
        long admittingRound() {
            return open.isEmpty() ? seq : seq + 1;
        }

        Leader(long term) {
            this.term = term;
        }
    }

    public CibReplicator(ClusterConfig config, Membership membership, CibPersistence persistence,
                         CibChangeCodec codec, Duration writeTimeout, LongSupplier clock) {
        this.self = membership.localNode();
        this.config = config;
        this.membership = membership;
        this.persistence = persistence;
        this.codec = codec;
        this.writeTimeout = writeTimeout;
        this.clock = clock;
        this.quorumTracker = new QuorumTracker(config.quorum(),
                config.nodes().stream().map(ClusterNodeAddress::name).toList());
        this.cib = persistence.load().orElseGet(CibDocuments::empty);
        publish();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cib-timer-" + self);
            t.setDaemon(true);
            return t;
        });
        this.thread = new Thread(this::loop, "cib-replicator-" + self);
        this.thread.setDaemon(true);
        this.persister = new Thread(this::persistLoop, "cib-persister-" + self);
        this.persister.setDaemon(true);
        this.thread.start();
        this.persister.start();
        timer.scheduleWithFixedDelay(() -> events.add(this::expireOutstanding), 200, 200, TimeUnit.MILLISECONDS);
    }

    /** The latest state, safe to read from any thread. */
    public NodeStatus status() {
        return status;
    }

    /**
     * Asks the cluster to apply an operation. The future completes with the new CIB version once every
     * member has persisted it, or fails with a {@link ClusterException} (kind RETRY when the outcome is
     * unknown: retrying with the same request id is safe).
     */
    public CompletableFuture<String> submit(String requestId, CibOperation operation) {
        CompletableFuture<String> result = new CompletableFuture<>();
        String argument = switch (operation.kind()) {
            case "replace" -> XmlWriter.toCompactXml(((CibOperation.Replace) operation).cib());
            case "modify" -> XmlWriter.toCompactXml(((CibOperation.Modify) operation).fragment());
            default -> ((CibOperation.Delete) operation).xpath();
        };
        ReplicationMessage.Request request = new ReplicationMessage.Request(requestId, self, operation.kind(), argument);
        events.add(() -> {
            Outstanding previous = outstanding.get(requestId);
            if (previous != null) {
                previous.result().whenComplete((v, e) -> {
                    if (e != null) {
                        result.completeExceptionally(e);
                    } else {
                        result.complete(v);
                    }
                });
                return;
            }
            outstanding.put(requestId, new Outstanding(request, result, clock.getAsLong() + writeTimeout.toMillis()));
            sendRequest(request);
        });
        return result;
    }

    @Override
    public void viewChanged(MembershipView newView) {
        events.add(() -> onView(newView));
    }

    @Override
    public void received(String from, byte[] payload) {
        ReplicationMessage message;
        try {
            message = ReplicationMessage.decode(payload);
        } catch (ClusterException e) {
            LOG.warn("dropping a message from {}: {}", from, e.getMessage());
            return;
        }
        events.add(() -> dispatch(from, message));
    }

    private void loop() {
        List<Runnable> batch = new ArrayList<>();
        while (running) {
            try {
                Runnable first = events.poll(500, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                events.drainTo(batch, 1000);
                for (Runnable event : batch) {
                    runSafely(event);
                }
                batch.clear();
                sendRound(false);
                if (dirty) {
                    toPersist.add(new Durable(cib, syncedTerm, lastSeq, syncedFrom));
                    dirty = false;
                }
                publish();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void runSafely(Runnable event) {
        try {
            event.run();
        } catch (RuntimeException e) {
            LOG.error("replication event failed on {}", self, e);
        }
    }

    private void dispatch(String from, ReplicationMessage message) {
        if (message instanceof ReplicationMessage.Request r) {
            onRequest(r);
        } else if (message instanceof ReplicationMessage.Result r) {
            onResult(r);
        } else if (message instanceof ReplicationMessage.Results r) {
            r.results().forEach(this::onResult);
        } else if (message instanceof ReplicationMessage.Offer o) {
            onOffer(from, o);
        } else if (message instanceof ReplicationMessage.Sync s) {
            onSync(from, s);
        } else if (message instanceof ReplicationMessage.Commit c) {
            onCommit(from, c);
        } else if (message instanceof ReplicationMessage.Ack a) {
            onAck(from, a);
        } else if (message instanceof ReplicationMessage.Resync r) {
            onResync(from, r);
        }
    }

    // ---- views and synchronisation ----

    private void onView(MembershipView newView) {
        long term = Long.parseLong(newView.id());
        if (term < viewTerm) {
            return;
        }
        view = newView;
        viewTerm = term;
        quorum = quorumTracker.update(newView.members());
        LOG.info("{}: view {} members {} dc {} quorate {}", self, term, newView.members(), newView.dc(), quorum.quorate());
        leader = null;
        if (self.equals(newView.dc())) {
            leader = new Leader(term);
            Map<String, ReplicationMessage.Offer> early = earlyOffers.get(term);
            if (early != null) {
                leader.offers.putAll(early);
            }
        }
        earlyOffers.headMap(term, true).clear();
        ReplicationMessage.Offer offer = new ReplicationMessage.Offer(term, fresh, XmlWriter.toCompactXml(cib),
                List.copyOf(applied));
        deliver(newView.dc(), offer);
        if (leader != null) {
            maybeFinishSync();
        }
        for (Outstanding o : outstanding.values()) {
            scheduleResend(o.request().requestId());
        }
    }

    private void onOffer(String from, ReplicationMessage.Offer offer) {
        if (leader == null || offer.term() != leader.term) {
            if (offer.term() > viewTerm) {
                earlyOffers.computeIfAbsent(offer.term(), t -> new HashMap<>()).put(from, offer);
            }
            return;
        }
        leader.offers.put(from, offer);
        maybeFinishSync();
    }

    private void maybeFinishSync() {
        if (leader.synced || !leader.offers.keySet().containsAll(view.members())) {
            return;
        }
        List<Map.Entry<String, ReplicationMessage.Offer>> candidates = leader.offers.entrySet().stream()
                .filter(e -> view.contains(e.getKey()) && !e.getValue().fresh()).toList();
        if (candidates.isEmpty()) {
            candidates = leader.offers.entrySet().stream().filter(e -> view.contains(e.getKey())).toList();
        }
        Map<String, XmlElement> copies = new HashMap<>();
        for (Map.Entry<String, ReplicationMessage.Offer> e : candidates) {
            try {
                copies.put(e.getKey(), new XmlParser().parse(e.getValue().cib(), "CIB offered by " + e.getKey()));
            } catch (CibException ex) {
                LOG.warn("{}: ignoring the unreadable CIB offered by {}: {}", self, e.getKey(), ex.getMessage());
            }
        }
        String winner = copies.keySet().stream().max(Comparator
                .comparing((String n) -> CibVersion.of(copies.get(n)))
                .thenComparing(n -> n.equals(self))
                .thenComparing(Comparator.<String>naturalOrder().reversed()))
                .orElse(self);
        XmlElement chosen = copies.getOrDefault(winner, cib);
        List<String> chosenApplied = leader.offers.containsKey(winner) ? leader.offers.get(winner).applied() : List.copyOf(applied);
        if (view.merge()) {
            for (Map.Entry<String, XmlElement> copy : copies.entrySet()) {
                if (!copy.getKey().equals(winner)) {
                    chosen = NodeStates.adoptOwnState(chosen, copy.getValue(), config, copy.getKey());
                }
            }
        }
        XmlElement synced = NodeStates.record(chosen, config, view, quorum);
        if (!synced.equals(chosen)) {
            synced = CibVersion.of(chosen).nextUpdate().applyTo(synced);
        }
        leader.tip = synced;
        leader.sent = synced;
        leader.seq = 0;
        leader.synced = true;
        leader.applied.addAll(chosenApplied);
        LOG.info("{}: DC of term {}: adopting the CIB of {} ({}), now {}", self, leader.term, winner,
                CibVersion.of(chosen), CibVersion.of(synced));
        membership.broadcast(ReplicationMessage.encode(
                new ReplicationMessage.Sync(leader.term, 0, XmlWriter.toCompactXml(synced), chosenApplied)));
    }

    /**
     * A member fell behind within the term: the DC sends its tip to all, in the same FIFO stream as the
     * commits, so every later commit lands after it; members already at that point ignore it.
     */
    private void onResync(String from, ReplicationMessage.Resync resync) {
        if (leader == null || !leader.synced || resync.term() != leader.term) {
            return;
        }
        // Send what is admitted first, so that the copy and the applied ids below describe the same round.
        sendRound(true);
        LOG.info("{}: {} asks for the whole CIB at round {} of term {}", self, from, leader.seq, leader.term);
        membership.broadcast(ReplicationMessage.encode(new ReplicationMessage.Sync(leader.term, leader.seq,
                XmlWriter.toCompactXml(leader.tip), List.copyOf(leader.applied))));
    }

    private void requestResync(String reason) {
        if (!resyncRequested && syncedFrom != null) {
            LOG.warn("{}: {}; asking {} for the whole CIB", self, reason, syncedFrom);
            resyncRequested = true;
            deliver(syncedFrom, new ReplicationMessage.Resync(syncedTerm));
        }
    }

    private void onSync(String from, ReplicationMessage.Sync sync) {
        if (sync.term() < viewTerm || sync.term() < syncedTerm
                || (sync.term() == syncedTerm && sync.seq() <= lastSeq)) {
            return;
        }
        cib = new XmlParser().parse(sync.cib(), "CIB from " + from);
        applied.clear();
        applied.addAll(sync.applied());
        trimApplied(applied);
        syncedTerm = sync.term();
        syncedFrom = from;
        lastSeq = sync.seq();
        resyncRequested = false;
        fresh = false;
        dirty = true;
    }

    // ---- writes ----

    private void sendRequest(ReplicationMessage.Request request) {
        String dc = view.dc();
        if (dc == null) {
            return;
        }
        deliver(dc, request);
    }

    private void scheduleResend(String requestId) {
        timer.schedule(() -> events.add(() -> {
            Outstanding o = outstanding.get(requestId);
            if (o != null) {
                sendRequest(o.request());
            }
        }), RESEND_DELAY_MS, TimeUnit.MILLISECONDS);
    }

    private void onRequest(ReplicationMessage.Request request) {
        if (leader == null) {
            reply(request, ClusterException.Kind.RETRY, self + " is not the DC", null);
            return;
        }
        if (!leader.synced) {
            reply(request, ClusterException.Kind.RETRY, "the cluster is synchronising after a membership change", null);
            return;
        }
        if (leader.applied.contains(request.requestId())) {
            if (refusedWithoutQuorum(request)) {
                return;
            }
            leader.pending.add(new Pending(leader.admittingRound(), request.requestId(), request.origin(),
                    CibVersion.of(leader.tip).toString()));
            completeAcknowledged();
            return;
        }
        XmlElement before = leader.tip;
        XmlElement after;
        try {
            after = apply(before, request);
        } catch (ClusterException e) {
            reply(request, e.kind(), e.getMessage(), null);
            return;
        } catch (CibException e) {
            reply(request, ClusterException.Kind.FAILED, e.getMessage(), null);
            return;
        }
        if (after.equals(before)) {
            // Nothing to change here; but the majority's copy, which wins the merge, may differ.
            if (refusedWithoutQuorum(request)) {
                return;
            }
            leader.pending.add(new Pending(leader.admittingRound(), request.requestId(), request.origin(),
                    CibVersion.of(before).toString()));
            completeAcknowledged();
            return;
        }
        leader.tip = after;
        leader.open.add(request.requestId());
        leader.applied.add(request.requestId());
        trimApplied(leader.applied);
        leader.pending.add(new Pending(leader.seq + 1, request.requestId(), request.origin(), CibVersion.of(after).toString()));
    }

    /**
     * Refuses to confirm a configuration request that needs no change here (already applied, or a no-op) when this
     * partition has no quorum: the majority's copy, which wins the merge, may not hold it.
     */
    private boolean refusedWithoutQuorum(ReplicationMessage.Request request) {
        if (quorum.quorate() || onlyStatus(request)) {
            return false;
        }
        reply(request, ClusterException.Kind.REFUSED, "partition of " + view.members() + " has no quorum ("
                + quorum.votes() + " of " + quorum.expectedVotes() + " votes): configuration changes are refused, "
                + "and request " + request.requestId() + " is confirmed only once quorum returns", null);
        return true;
    }

    /**
     * Sends the writes admitted since the last round as the next round: one patch, one message. Waits while
     * {@link #ROUNDS_IN_FLIGHT} rounds are unacknowledged (unless {@code now}), so that writes arriving
     * meanwhile join this round instead of each making its own.
     */
    private void sendRound(boolean now) {
        if (leader == null || leader.open.isEmpty()) {
            return;
        }
        long slowest = view.members().stream().mapToLong(m -> leader.acked.getOrDefault(m, 0L)).min().orElse(0L);
        if (!now && leader.seq - slowest >= ROUNDS_IN_FLIGHT) {
            return;
        }
        leader.seq++;
        String change = codec.encode(leader.sent, leader.tip);
        List<String> ids = List.copyOf(leader.open);
        leader.open.clear();
        leader.sent = leader.tip;
        membership.broadcast(ReplicationMessage.encode(new ReplicationMessage.Commit(leader.term, leader.seq, ids, change)));
    }

    /** The DC's new tip for a request, versioned; refuses configuration changes without quorum. */
    /**
     * Whether a request can only touch the status section (a partition without quorum may change that), judged
     * from the request alone; anything else is treated as a configuration change.
     */
    static boolean onlyStatus(ReplicationMessage.Request request) {
        switch (request.kind()) {
            case "delete" -> {
                for (String path : request.argument().split("\\|")) {
                    if (!path.trim().startsWith("/cib/status")) {
                        return false;
                    }
                }
                return true;
            }
            case "modify" -> {
                XmlElement fragment;
                try {
                    fragment = new XmlParser().parse(request.argument(), "--xml-text");
                } catch (CibException e) {
                    return false;
                }
                if (fragment.name().equals("cib")) {
                    return fragment.children().stream().allMatch(c -> c.name().equals("status"));
                }
                return STATUS_ELEMENTS.contains(fragment.name());
            }
            default -> {
                return false;
            }
        }
    }

    private static final Set<String> STATUS_ELEMENTS = Set.of("status", "node_state", "transient_attributes", "lrm",
            "lrm_resources", "lrm_resource", "lrm_rsc_op");

    private XmlElement apply(XmlElement before, ReplicationMessage.Request request) {
        XmlParser parser = new XmlParser();
        XmlElement candidate = switch (request.kind()) {
            case "replace" -> replacement(before, parser.parse(request.argument(), "replacement CIB"));
            case "modify" -> CibDocuments.modify(before, parser.parse(request.argument(), "--xml-text"));
            case "delete" -> CibDocuments.delete(before, request.argument());
            default -> throw new ClusterException("unknown operation '" + request.kind() + "'");
        };
        CibVersion current = CibVersion.of(before);
        if (CibDocuments.sameConfiguration(before, candidate)) {
            XmlElement unchanged = current.applyTo(candidate);
            return unchanged.equals(before) ? before : current.nextUpdate().applyTo(candidate);
        }
        if (!quorum.quorate()) {
            throw new ClusterException(ClusterException.Kind.REFUSED, "partition of " + view.members()
                    + " has no quorum (" + quorum.votes() + " of " + quorum.expectedVotes()
                    + " votes): configuration changes are refused");
        }
        CibVersion given = CibVersion.of(candidate);
        long admin = Math.max(current.adminEpoch(), given.adminEpoch());
        long epoch = given.adminEpoch() > current.adminEpoch() ? given.epoch() : Math.max(current.epoch(), given.epoch());
        return new CibVersion(admin, epoch, 0).nextEpoch().applyTo(candidate);
    }

    private static XmlElement replacement(XmlElement current, XmlElement offered) {
        CibDocuments.requireCib(offered, "replacement CIB");
        CibVersion have = CibVersion.of(current);
        CibVersion given = CibVersion.of(offered);
        if (given.adminEpoch() < have.adminEpoch()
                || (given.adminEpoch() == have.adminEpoch() && given.epoch() < have.epoch())) {
            throw new ClusterException(ClusterException.Kind.REFUSED, "the replacement CIB (version " + given
                    + ") is older than the cluster's (" + have + "); query the current CIB and edit that");
        }
        XmlElement result = offered;
        if (offered.child("status").isEmpty()) {
            result = result.withChild("status", current.child("status").orElse(XmlElement.of("status", Map.of())));
        }
        // The version counters of the replacement are the client's claim; apply() decides the new ones.
        return result.withAttribute("num_updates", Long.toString(have.numUpdates()))
                .withAttribute("admin_epoch", Long.toString(Math.max(have.adminEpoch(), given.adminEpoch())))
                .withAttribute("epoch", Long.toString(given.adminEpoch() > have.adminEpoch() ? given.epoch() : have.epoch()));
    }

    private void onCommit(String from, ReplicationMessage.Commit commit) {
        if (commit.term() != syncedTerm) {
            return;
        }
        if (commit.seq() <= lastSeq) {
            return;
        }
        if (commit.seq() != lastSeq + 1) {
            requestResync("commit " + commit.seq() + " of term " + commit.term() + " skips " + (lastSeq + 1));
            return;
        }
        try {
            cib = codec.apply(cib, commit.change());
        } catch (CibException | ClusterException e) {
            requestResync("commit " + commit.seq() + " does not apply: " + e.getMessage());
            return;
        }
        applied.addAll(commit.requestIds());
        trimApplied(applied);
        lastSeq = commit.seq();
        dirty = true;
    }

    /**
     * Group commit: saves the newest copy waiting, then acknowledges everything it contains. While one save
     * runs, later commits pile up and the next save covers them all; the replication thread never waits.
     */
    private void persistLoop() {
        List<Durable> waiting = new ArrayList<>();
        while (running) {
            try {
                waiting.add(toPersist.take());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            toPersist.drainTo(waiting);
            Durable newest = waiting.get(waiting.size() - 1);
            waiting.clear();
            try {
                persistence.save(newest.cib());
            } catch (RuntimeException e) {
                // Without a durable copy this node must not acknowledge; the DC's write times out instead.
                LOG.error("{}: cannot persist the CIB: {}", self, e.getMessage());
                continue;
            }
            deliver(newest.dc(), new ReplicationMessage.Ack(newest.term(), newest.seq()));
        }
    }

    private void onAck(String from, ReplicationMessage.Ack ack) {
        if (leader == null || ack.term() != leader.term) {
            return;
        }
        leader.acked.merge(from, ack.seq(), Math::max);
        completeAcknowledged();
    }

    /**
     * Answers, in order, every pending write that every member of the view has persisted: one message per
     * node the writes came from.
     */
    private void completeAcknowledged() {
        long everywhere = view.members().stream().mapToLong(m -> leader.acked.getOrDefault(m, -1L)).min().orElse(-1L);
        Map<String, List<ReplicationMessage.Result>> answers = new LinkedHashMap<>();
        while (!leader.pending.isEmpty() && leader.pending.peekFirst().seq() <= everywhere) {
            Pending done = leader.pending.removeFirst();
            answers.computeIfAbsent(done.origin(), o -> new ArrayList<>())
                    .add(new ReplicationMessage.Result(done.requestId(), null, "", done.version()));
        }
        answers.forEach((origin, results) -> deliver(origin, results.size() == 1 ? results.get(0)
                : new ReplicationMessage.Results(results)));
    }

    private void reply(ReplicationMessage.Request request, ClusterException.Kind kind, String message, String version) {
        deliver(request.origin(), new ReplicationMessage.Result(request.requestId(), kind, message, version));
    }

    private void onResult(ReplicationMessage.Result result) {
        Outstanding o = outstanding.get(result.requestId());
        if (o == null) {
            return;
        }
        if (result.kind() == ClusterException.Kind.RETRY) {
            scheduleResend(result.requestId());
            return;
        }
        outstanding.remove(result.requestId());
        if (result.kind() == null) {
            o.result().complete(result.version());
        } else {
            o.result().completeExceptionally(new ClusterException(result.kind(), result.message()));
        }
    }

    private void expireOutstanding() {
        long now = clock.getAsLong();
        for (var it = outstanding.values().iterator(); it.hasNext(); ) {
            Outstanding o = it.next();
            if (now >= o.deadline()) {
                it.remove();
                o.result().completeExceptionally(new ClusterException(ClusterException.Kind.RETRY,
                        "the write " + o.request().requestId() + " was not confirmed by every member within "
                                + writeTimeout.toMillis() + "ms; it may or may not be applied: retry it with the same request id"));
            }
        }
    }

    /** Sends a message, or handles it here when it is for this node (no round trip through the stack). */
    private void deliver(String to, ReplicationMessage message) {
        if (to == null) {
            return;
        }
        if (to.equals(self)) {
            events.add(() -> dispatch(self, message));
        } else {
            membership.send(to, ReplicationMessage.encode(message));
        }
    }

    private static void trimApplied(LinkedHashSet<String> ids) {
        var it = ids.iterator();
        while (ids.size() > APPLIED_MEMORY && it.hasNext()) {
            it.next();
            it.remove();
        }
    }

    private void publish() {
        NodeStatus previous = status;
        // The digest hashes the whole CIB: only recompute it when the copy changed.
        String digest = previous != null && previous.cib() == cib ? previous.digest() : CibDocuments.digest(cib);
        status = new NodeStatus(self, view.members(), quorum, view.dc(), cib, CibVersion.of(cib), digest, !fresh);
    }

    @Override
    public void close() {
        running = false;
        timer.shutdownNow();
        thread.interrupt();
        persister.interrupt();
        try {
            thread.join(2000);
            persister.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Outstanding o : outstanding.values()) {
            o.result().completeExceptionally(new ClusterException(ClusterException.Kind.RETRY, "node " + self + " is stopping"));
        }
    }
}
