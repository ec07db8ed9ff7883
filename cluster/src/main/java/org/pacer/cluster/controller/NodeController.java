package org.pacer.cluster.controller;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.pacer.cib.XmlElement;
import org.pacer.cib.XmlParser;
import org.pacer.cib.XmlWriter;
import org.pacer.cluster.ClusterException;
import org.pacer.cluster.ClusterNode;
import org.pacer.cluster.ClusterNodeAddress;
import org.pacer.cluster.Membership;
import org.pacer.cluster.MembershipView;
import org.pacer.cluster.NodeStatus;
import org.pacer.executor.AgentExecutor;
import org.pacer.executor.ExecutorConfig;
import org.pacer.executor.LocalExecutor;
import org.pacer.fencing.FenceAction;
import org.pacer.fencing.FenceHistoryEntry;
import org.pacer.fencing.FenceRequest;
import org.pacer.fencing.FenceResult;
import org.pacer.fencing.Fencer;
import org.pacer.fencing.ProcessFenceAgentRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller of one node (Pacemaker's controld): its {@link LocalOperations} on every node and, while
 * this node is the DC, the {@link TransitionEngine}. At start it clears the node's history of a previous
 * life from the CIB and then tells the DC it is ready; on a clean shutdown it asks the DC to move its
 * resources away and leaves only once told it may. Also the entry point of manual fencing and cleanup.
 *
 * <p>All controller state is confined to one thread; messages, results and timers are handed to it.
 */
public final class NodeController implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeController.class);
    private static final long TICK_MS = 20;

    private final ClusterNode node;
    private final String self;
    private final String selfId;
    private final LocalExecutor executor;
    private final Fencer fencer;
    private final CibWriter writer;
    private final ScheduledExecutorService loop;
    private final LocalOperations local;
    private final TransitionEngine engine;
    private final String incarnation = UUID.randomUUID().toString().substring(0, 8);

    // Confined to the loop thread.
    private boolean clearing;
    private boolean cleared;
    private String announcedTo;
    private String announcedView;
    private boolean wasDc;
    private XmlElement lastConfiguration;
    private volatile boolean stopping;

    NodeController(ClusterNode node, LocalExecutor executor, Fencer fencer, Clock clock) {
        this.node = node;
        this.self = node.name();
        this.selfId = Integer.toString(node.config().requireNode(self).id());
        this.executor = executor;
        this.fencer = fencer;
        this.writer = new CibWriter(self, node::submit);
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "controller-" + self);
            t.setDaemon(true);
            return t;
        });
        this.local = new LocalOperations(self, selfId, executor, writer, () -> node.status().cib(), loop);
        Map<String, String> ids = new LinkedHashMap<>();
        for (ClusterNodeAddress a : node.config().nodes()) {
            ids.put(a.name(), Integer.toString(a.id()));
        }
        this.engine = new TransitionEngine(self, ids, fencer, writer, this::send, clock, loop, this::shareFenceHistory);
    }

    /**
     * Starts the controller of a running node: agents from the installation (or {@code pacer.agents}),
     * the executor's work files under {@code stateDir}, fence agents from Pacer's and the system's folders.
     */
    public static NodeController start(ClusterNode node, Path stateDir) {
        ExecutorConfig config = ExecutorConfig.defaults().withWorkDir(stateDir.resolve("executor"));
        List<Path> fenceDirs = new ArrayList<>();
        if (config.pacerAgents() != null) {
            fenceDirs.add(config.pacerAgents().resolve("fence"));
        }
        fenceDirs.addAll(config.fenceDirs());
        Fencer fencer = Fencer.start(node.name(), new ProcessFenceAgentRunner(fenceDirs, Duration.ofSeconds(5)));
        NodeController controller = new NodeController(node, new AgentExecutor(config), fencer, Clock.systemUTC());
        controller.begin();
        return controller;
    }

    void begin() {
        node.addListener(new Membership.Listener() {
            @Override
            public void viewChanged(MembershipView view) {
                loop.execute(NodeController.this::shareFenceHistory);
            }

            @Override
            public void received(String from, byte[] payload) {
                if (!ControllerMessage.isControllerPayload(payload)) {
                    return;
                }
                ControllerMessage message;
                try {
                    message = ControllerMessage.decode(payload);
                } catch (ClusterException e) {
                    LOG.warn("{}: dropping a message from {}: {}", self, from, e.getMessage());
                    return;
                }
                loop.execute(() -> handle(from, message));
            }
        });
        loop.scheduleWithFixedDelay(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
    }

    private void handle(String from, ControllerMessage message) {
        try {
            if (message instanceof ControllerMessage.Execute e) {
                if (!stopping || e.task().equals("stop") || e.task().equals("demote")) {
                    local.execute(e);
                }
            } else if (message instanceof ControllerMessage.Ready r) {
                if (self.equals(node.status().dc())) {
                    engine.onReady(r.node(), r.incarnation());
                }
            } else if (message instanceof ControllerMessage.AttributeUpdate a) {
                writeAttribute(from, a);
            } else if (message instanceof ControllerMessage.FenceHistoryShare f) {
                List<FenceHistoryEntry> entries = new ArrayList<>();
                for (String xml : f.entries()) {
                    entries.add(FenceHistoryEntry.fromXml(new XmlParser().parse(xml, "fence history from " + from)));
                }
                fencer.history().merge(entries);
            }
        } catch (RuntimeException e) {
            LOG.error("{}: handling {} from {} failed", self, message.getClass().getSimpleName(), from, e);
        }
    }

    private void send(String to, ControllerMessage message) {
        if (to.equals(self)) {
            loop.execute(() -> handle(self, message));
        } else {
            node.send(to, ControllerMessage.encode(message));
        }
    }

    private void shareFenceHistory() {
        List<String> entries = fencer.history().entries().stream()
                .map(e -> XmlWriter.toCompactXml(e.toXml())).toList();
        if (!entries.isEmpty()) {
            node.broadcast(ControllerMessage.encode(new ControllerMessage.FenceHistoryShare(entries)));
        }
    }

    private void tick() {
        try {
            NodeStatus status = node.status();
            if (!status.synced()) {
                return;
            }
            if (!clearing) {
                clearing = true;
                // Operations of a previous life have call ids this executor will reuse: start from probes.
                writer.write("history of " + self + " before start", StatusRecords.forgetNode(self))
                        .thenRun(() -> loop.execute(() -> cleared = true));
            }
            XmlElement configuration = status.cib().child("configuration").orElse(null);
            if (!java.util.Objects.equals(configuration, lastConfiguration)) {
                // Every node keeps its fencer configured, so a new DC can fence at once.
                lastConfiguration = configuration;
                try {
                    fencer.configure(org.pacer.cib.model.Cib.of(status.cib()));
                } catch (RuntimeException e) {
                    LOG.warn("{}: fencing configuration not usable: {}", self, e.getMessage());
                }
                engine.warmUp(status.cib());
            }
            String dc = status.dc();
            String viewKey = String.join(",", status.members());
            if (cleared && dc != null && (!dc.equals(announcedTo) || !viewKey.equals(announcedView))) {
                announcedTo = dc;
                announcedView = viewKey;
                send(dc, new ControllerMessage.Ready(self, incarnation));
            }
            boolean isDc = self.equals(dc);
            if (isDc) {
                engine.tick(status);
            } else if (wasDc) {
                engine.reset();
            }
            wasDc = isDc;
        } catch (RuntimeException e) {
            LOG.error("{}: controller step failed", self, e);
        }
    }

    /** On the DC: records a transient attribute a node asked for (like attrd's writer). */
    private void writeAttribute(String from, ControllerMessage.AttributeUpdate a) {
        if (!self.equals(node.status().dc())) {
            LOG.warn("{}: not the DC; dropping {}'s update of attribute {} of {}", self, from, a.name(), a.node());
            return;
        }
        ClusterNodeAddress target = node.config().requireNode(a.node());
        LOG.info("DC {}: attribute {} of {} {} (from {})", self, a.name(), a.node(),
                a.value() == null ? "removed" : "= " + a.value(), from);
        writer.write("attribute " + a.name() + " of " + a.node(), a.value() == null
                ? StatusRecords.removeAttribute(a.node(), a.name())
                : StatusRecords.attributes(Integer.toString(target.id()), a.node(), Map.of(a.name(), a.value())));
    }

    // ---- operator requests (local API) ----

    /**
     * Sets (or, with a null value, removes) a transient attribute of {@code target}: sent to the DC, which
     * writes it into the status section; returns once this node's copy of the CIB shows it. Transient
     * attributes are forgotten when their node restarts.
     */
    public void updateAttribute(String target, String name, String value) {
        node.config().requireNode(target);
        if (name.startsWith("fail-count-") || name.startsWith("last-failure-") || name.equals("shutdown")) {
            throw new ClusterException(ClusterException.Kind.REFUSED, "attribute " + name
                    + " belongs to the controller; use pacer resource cleanup or pacer cluster stop");
        }
        StatusRecords.checkedName(name);
        long deadline = System.currentTimeMillis() + 10_000;
        String sentTo = null;
        while (System.currentTimeMillis() < deadline) {
            NodeStatus status = node.status();
            if (java.util.Objects.equals(StatusRecords.attribute(status.cib(), target, name), value)) {
                return;
            }
            if (status.dc() != null && !status.dc().equals(sentTo)) {
                sentTo = status.dc();
                send(sentTo, new ControllerMessage.AttributeUpdate(target, name, value));
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new ClusterException(ClusterException.Kind.RETRY, "attribute " + name + " of " + target
                + " is not recorded yet" + (sentTo == null ? " (no DC)" : " (asked DC " + sentTo + ")"));
    }

    /** Fences {@code target} with this node's fencer and records it down once confirmed. */
    public FenceResult fence(String target, boolean off) {
        node.config().requireNode(target);
        FenceAction action = off ? FenceAction.OFF : FenceAction.REBOOT;
        try {
            FenceResult result = fencer.fence(new FenceRequest(target, action, "pacer fence (" + self + ")",
                    java.time.Instant.now())).toCompletableFuture().get(180, TimeUnit.SECONDS);
            engineRecordFenced(target);
            return result;
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            throw new ClusterException("fencing " + target + " failed: " + (cause.getMessage() == null ? cause : cause.getMessage()));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new ClusterException(ClusterException.Kind.RETRY, "fencing " + target + " is still running");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterException(ClusterException.Kind.RETRY, "interrupted");
        } finally {
            loop.execute(this::shareFenceHistory);
        }
    }

    /** Records that an operator verified {@code target} down. */
    public FenceResult confirm(String target) {
        node.config().requireNode(target);
        FenceResult result = fencer.confirm(target, "pacer fence confirm (" + self + ")");
        engineRecordFenced(target);
        loop.execute(this::shareFenceHistory);
        return result;
    }

    private void engineRecordFenced(String target) {
        try {
            engine.recordFenced(target).get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new ClusterException(ClusterException.Kind.RETRY, target + " is fenced but recording it failed: " + e);
        }
    }

    /** The fence history this node knows (its own and its peers'), of one node or all. */
    public List<FenceHistoryEntry> fenceHistory(String target) {
        return target == null ? fencer.history().entries() : fencer.history().entries(target);
    }

    /** Forgets failures (and history, so the resource is probed again) of one resource or all. */
    public void cleanup(String resource, String onNode) {
        if (onNode != null) {
            node.config().requireNode(onNode);
        }
        org.pacer.cluster.CibOperation cleanup = StatusRecords.cleanup(onNode, resource);
        try {
            writer.write("cleanup", cleanup).get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new ClusterException(ClusterException.Kind.RETRY, "cleanup did not complete: " + e);
        }
    }

    /**
     * A clean shutdown: asks the DC to move this node's resources away and waits (up to {@code timeout})
     * until the DC has recorded that this node may leave. Alone, or without a DC, it leaves at once.
     */
    public void shutdown(Duration timeout) {
        stopping = true;
        NodeStatus status = node.status();
        if (status.members().size() > 1 && status.dc() != null) {
            LOG.info("{}: shutting down: asking the DC ({}) to move resources away", self, status.dc());
            writer.write("shutdown request", StatusRecords.attributes(selfId, self,
                    Map.of("shutdown", Long.toString(System.currentTimeMillis() / 1000))));
            long deadline = System.currentTimeMillis() + timeout.toMillis();
            while (System.currentTimeMillis() < deadline) {
                NodeStatus now = node.status();
                boolean allowed = StatusRecords.nodeStateOf(now.cib(), self)
                        .map(ns -> "down".equals(ns.attr("expected"))).orElse(false);
                if (allowed || now.members().size() <= 1) {
                    break;
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        NodeStatus last = node.status();
        if (last.members().size() <= 1) {
            // The last node standing records its own clean exit, so the next DC does not fence it.
            try {
                writer.write("own clean exit", StatusRecords.nodeState(selfId, self, Map.of("expected", "down",
                        "join", "down", "crmd", "offline"), List.of())).get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("{}: could not record the clean exit: {}", self, e.toString());
            }
        }
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        loop.execute(() -> {
            local.stopAll();
            stopped.complete(null);
        });
        stopped.completeOnTimeout(null, 5, TimeUnit.SECONDS).join();
        LOG.info("{}: controller stopped", self);
    }

    @Override
    public void close() {
        stopping = true;
        writer.close();
        loop.shutdownNow();
        executor.close();
        fencer.close();
    }

    /** For tests: whether the DC has nothing left to do. */
    boolean idle() {
        CompletableFuture<Boolean> r = new CompletableFuture<>();
        loop.execute(() -> r.complete(engine.idle()));
        return r.join();
    }

    static XmlElement historyXml(List<FenceHistoryEntry> entries) {
        return XmlElement.of("fence-history", Map.of(), entries.stream().map(FenceHistoryEntry::toXml).toList());
    }
}
