package org.pacer.fencing;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import org.pacer.cib.model.Cib;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's fencer: carries out fence requests with the devices and topology of the current configuration
 * and records every operation in its {@link FenceHistory}. For a target with topology levels, level after
 * level is tried until all devices of one succeed; without, each device that can fence the target is tried
 * in turn. Before a device powers a node off, the fencer waits its {@code pcmk_delay_base} plus a random
 * share of {@code pcmk_delay_max}; a failed action is retried {@code pcmk_<action>_retries} times within its
 * timeout. When to fence is not decided here: that is the controller's policy.
 *
 * <p>Agents run on {@code agentThreads} and block them; delays wait on the {@link FenceTimer}. Mutable
 * state: the current configuration (volatile), the requests in flight (guarded by {@code this}), the
 * history (its own lock) and the per-device action slots.
 */
public final class Fencer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Fencer.class);

    private final String localNode;
    private final FenceAgentRunner runner;
    private final FenceTimer timer;
    private final Executor agentThreads;
    private final Clock clock;
    private final Random random;
    private final List<ExecutorService> owned;
    private final DeviceCapabilities capabilities;
    private final FenceHistory history = new FenceHistory();
    private final AtomicLong sequence = new AtomicLong();
    private final ConcurrentMap<String, Semaphore> deviceSlots = new ConcurrentHashMap<>();
    /** Guarded by {@code this}: running operations by target and action, so overlapping requests merge. */
    private final Map<String, Operation> inFlight = new HashMap<>();
    private volatile FencingConfiguration configuration = FencingConfiguration.EMPTY;

    /**
     * A running operation: its history entry, the promise its requesters hold, and whether its outcome is
     * settled (by its devices or an operator's confirmation, whichever comes first), so that the history
     * is written before requesters hear of the outcome, and only once.
     */
    private record Operation(FenceHistoryEntry entry, CompletableFuture<FenceResult> promise, AtomicBoolean settled) {
    }

    /** A device as planned for one level: usable, or with the reason it cannot be used. */
    private record PlannedDevice(String id, FenceDevice device, AgentMetadata metadata, String unusable) {
    }

    private record PlannedLevel(int index, List<PlannedDevice> devices) {
    }

    /** One operation's run: what it works from, the attempts so far, and whether its outcome is settled. */
    private record Run(FencingConfiguration config, FenceRequest request, List<DeviceAttempt> attempts,
                       AtomicBoolean settled) {
        String target() {
            return request.target();
        }
    }

    /**
     * A fencer for {@code localNode} (the delegate recorded for its operations) with everything injected:
     * tests pass a manual timer, a fixed clock and a seeded random.
     */
    public Fencer(String localNode, FenceAgentRunner runner, FenceTimer timer, Executor agentThreads, Clock clock,
                  Random random) {
        this(localNode, runner, timer, agentThreads, clock, random, List.of());
    }

    private Fencer(String localNode, FenceAgentRunner runner, FenceTimer timer, Executor agentThreads, Clock clock,
                   Random random, List<ExecutorService> owned) {
        this.localNode = localNode;
        this.runner = runner;
        this.timer = timer;
        this.agentThreads = agentThreads;
        this.clock = clock;
        this.random = random;
        this.owned = owned;
        this.capabilities = new DeviceCapabilities(runner, clock);
    }

    /** A fencer with its own agent threads and delay scheduler, the system clock and a random seed. */
    public static Fencer start(String localNode, FenceAgentRunner runner) {
        AtomicInteger count = new AtomicInteger();
        ExecutorService threads = Executors.newCachedThreadPool(r -> daemon(r, "fence-agent-" + count.incrementAndGet()));
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "fence-delay"));
        return new Fencer(localNode, runner, FenceTimer.of(scheduler), threads, Clock.systemUTC(), new Random(),
                List.of(threads, scheduler));
    }

    /**
     * Uses the devices and topology of {@code config} for requests from now on, and reads the metadata of
     * agents not seen before in the background, so that the first fencing does not wait for it.
     */
    public void configure(FencingConfiguration config) {
        FencingConfiguration previous = configuration;
        this.configuration = config;
        if (config.devices().equals(previous.devices()) && config.problems().equals(previous.problems())) {
            return; // the CIB changed elsewhere: nothing new to say or to read
        }
        config.problems().forEach(problem -> LOG.warn("fencing configuration: {}", problem));
        config.devices().stream().filter(FenceDevice::enabled).map(FenceDevice::agent).distinct()
                .filter(agent -> !capabilities.knows(agent))
                .forEach(agent -> CompletableFuture.runAsync(() -> capabilities.metadata(agent), agentThreads)
                        .exceptionally(e -> {
                            LOG.warn("fence agent {}: {}", agent, e.getCause() == null ? e : e.getCause().getMessage());
                            return null;
                        }));
    }

    public void configure(Cib cib) {
        configure(FencingConfiguration.from(cib));
    }

    public FencingConfiguration configuration() {
        return configuration;
    }

    public FenceHistory history() {
        return history;
    }

    public String localNode() {
        return localNode;
    }

    /**
     * Fences {@code request.target()}. The stage completes with the result once a device (or every device
     * of a topology level) has confirmed, or exceptionally with a {@link FencingException} (itself, not
     * wrapped) listing the attempts when none could. A request for a target and action already being fenced
     * joins that operation.
     */
    public CompletionStage<FenceResult> fence(FenceRequest request) {
        String key = request.target() + "/" + request.action();
        Operation operation;
        synchronized (this) {
            Operation running = inFlight.get(key);
            if (running != null) {
                LOG.info("fencing {} ({}) requested by {} joins the operation already running", request.target(),
                        request.action().agentName(), request.origin());
                return handOut(running.promise());
            }
            FenceHistoryEntry entry = new FenceHistoryEntry(localNode + "-" + clock.millis() + "-"
                    + sequence.incrementAndGet(), request.target(), request.action(), FenceState.PENDING, null,
                    request.origin(), localNode, request.requestedAt(), null, null);
            operation = new Operation(entry, new CompletableFuture<>(), new AtomicBoolean());
            inFlight.put(key, operation);
        }
        history.record(operation.entry());
        LOG.info("fencing {} ({}) requested by {}", request.target(), request.action().agentName(), request.origin());
        Run run = new Run(configuration, request, Collections.synchronizedList(new ArrayList<>()),
                operation.settled());
        CompletableFuture.supplyAsync(() -> plan(run.config(), request.target(), run.attempts()), agentThreads)
                .thenCompose(levels -> tryLevel(run, levels, 0))
                .whenComplete((result, failure) -> finish(key, operation, result, failure));
        return handOut(operation.promise());
    }

    /**
     * Records that an operator has verified {@code target} to be down: a done {@code off} with device
     * {@code manual}, run by no agent. Operations still taking the target down (reboot, off) complete with
     * this result; their agents are not run any more.
     */
    public FenceResult confirm(String target, String origin) {
        FenceRequest request = new FenceRequest(target, FenceAction.OFF, origin, clock.instant());
        FenceResult result = new FenceResult(request, localNode, 0, List.of("manual"), List.of(), clock.instant(),
                true);
        List<Operation> waiting = new ArrayList<>();
        synchronized (this) {
            inFlight.values().removeIf(op -> op.entry().target().equals(target) && op.entry().action().takesNodeDown()
                    && waiting.add(op));
        }
        for (Operation op : waiting) {
            if (op.settled().compareAndSet(false, true)) {
                history.record(op.entry().finish(FenceState.DONE, "manual", result.completedAt(), null));
                op.promise().complete(result);
            }
        }
        history.record(new FenceHistoryEntry(localNode + "-" + clock.millis() + "-" + sequence.incrementAndGet(),
                target, FenceAction.OFF, FenceState.DONE, "manual", origin, localNode, request.requestedAt(),
                result.completedAt(), null));
        LOG.info("{} confirmed down by {} (manual fencing)", target, origin);
        return result;
    }

    /** The devices that would be tried for {@code target}, level by level (may run agents' list/status). */
    public CompletionStage<List<List<String>>> devicesFor(String target) {
        FencingConfiguration config = configuration;
        return CompletableFuture.supplyAsync(() -> plan(config, target, new ArrayList<>()).stream()
                .map(level -> level.devices().stream().map(PlannedDevice::id).toList()).toList(), agentThreads);
    }

    /** Stops the fencer's own threads; operations still running fail with a {@link FencingException}. */
    @Override
    public void close() {
        List<Operation> running;
        synchronized (this) {
            running = new ArrayList<>(inFlight.values());
            inFlight.clear();
        }
        owned.forEach(ExecutorService::shutdownNow);
        for (Operation op : running) {
            if (op.settled().compareAndSet(false, true)) {
                String why = "the fencer on " + localNode + " stopped before fencing " + op.entry().target()
                        + " completed";
                history.record(op.entry().finish(FenceState.FAILED, null, clock.instant(), why));
                op.promise().completeExceptionally(new FencingException(why, op.entry().target(), List.of()));
            }
        }
    }

    /** A stage of the requester's own, failing with the FencingException itself rather than a wrapper. */
    private static CompletionStage<FenceResult> handOut(CompletableFuture<FenceResult> promise) {
        CompletableFuture<FenceResult> own = new CompletableFuture<>();
        promise.whenComplete((result, failure) -> {
            if (failure == null) {
                own.complete(result);
            } else {
                own.completeExceptionally(failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure);
            }
        });
        return own;
    }

    private void finish(String key, Operation operation, FenceResult result, Throwable failure) {
        synchronized (this) {
            inFlight.remove(key, operation);
        }
        FenceHistoryEntry entry = operation.entry();
        if (!operation.settled().compareAndSet(false, true)) {
            return; // confirmed down by an operator meanwhile
        }
        if (failure == null) {
            history.record(entry.finish(FenceState.DONE, String.join(",", result.devices()),
                    result.completedAt(), null));
            LOG.info("{} fenced ({}) by {}", entry.target(), entry.action().agentName(), result.devices());
            operation.promise().complete(result);
            return;
        }
        FencingException error = asFencingException(failure, entry.target());
        String lastDevice = error.attempts().isEmpty() ? null
                : error.attempts().get(error.attempts().size() - 1).device();
        history.record(entry.finish(FenceState.FAILED, lastDevice, clock.instant(), error.getMessage()));
        LOG.warn("{}", error.getMessage());
        operation.promise().completeExceptionally(error);
    }

    private static FencingException asFencingException(Throwable failure, String target) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof FencingException fencing) {
            return fencing;
        }
        return new FencingException("fencing " + target + " failed: " + cause, cause);
    }

    private List<PlannedLevel> plan(FencingConfiguration config, String target, List<DeviceAttempt> attempts) {
        List<FencingConfiguration.Level> levels = config.levelsFor(target);
        if (!levels.isEmpty()) {
            return levels.stream().map(level -> new PlannedLevel(level.index(),
                    level.devices().stream().map(id -> planned(config, id, target)).toList())).toList();
        }
        List<PlannedLevel> planned = new ArrayList<>();
        for (FenceDevice device : config.devices()) {
            PlannedDevice candidate = planned(config, device.id(), target);
            if (candidate.unusable() == null) {
                planned.add(new PlannedLevel(0, List.of(candidate)));
            } else {
                attempts.add(new DeviceAttempt(device.id(), 0, "-", 0, Duration.ZERO, false, candidate.unusable()));
            }
        }
        return planned;
    }

    private PlannedDevice planned(FencingConfiguration config, String id, String target) {
        Optional<FenceDevice> found = config.device(id);
        if (found.isEmpty()) {
            return new PlannedDevice(id, null, null, "fence device " + id + " is not configured");
        }
        FenceDevice device = found.get();
        if (!device.enabled()) {
            return new PlannedDevice(id, device, null, "fence device " + id + " is disabled (target-role=Stopped)");
        }
        try {
            AgentMetadata meta = capabilities.metadata(device.agent());
            String reason = capabilities.cannotFence(device, meta, target, config).orElse(null);
            return new PlannedDevice(id, device, meta, reason);
        } catch (FencingException e) {
            return new PlannedDevice(id, device, null, e.getMessage());
        }
    }

    private CompletableFuture<FenceResult> tryLevel(Run run, List<PlannedLevel> levels, int next) {
        if (next == levels.size()) {
            return CompletableFuture.failedFuture(failure(run.request(), levels.isEmpty(), run.attempts()));
        }
        PlannedLevel level = levels.get(next);
        return runLevel(run, level).thenCompose(passed -> passed
                ? CompletableFuture.completedFuture(result(run.request(), level, run.attempts()))
                : tryLevel(run, levels, next + 1));
    }

    /**
     * One level: every device must succeed. A reboot through several devices is done as off on all of them,
     * then on on all of them, since rebooting one power supply after another would not reboot the node; it
     * has succeeded once all are off, and failures to power back on are only logged.
     */
    private CompletableFuture<Boolean> runLevel(Run run, PlannedLevel level) {
        if (run.request().action() == FenceAction.REBOOT && level.devices().size() > 1) {
            return runDevices(run, level, FenceAction.OFF, 0, true)
                    .thenCompose(off -> off
                            ? runDevices(run, level, FenceAction.ON, 0, false).thenApply(on -> true)
                            : CompletableFuture.completedFuture(false));
        }
        return runDevices(run, level, run.request().action(), 0, true);
    }

    private CompletableFuture<Boolean> runDevices(Run run, PlannedLevel level, FenceAction action, int next,
                                                  boolean mustSucceed) {
        if (next == level.devices().size()) {
            return CompletableFuture.completedFuture(true);
        }
        PlannedDevice planned = level.devices().get(next);
        Duration delay = planned.unusable() == null && action.takesNodeDown()
                ? delay(planned.device(), run.target()) : Duration.ZERO;
        if (!delay.isZero()) {
            LOG.info("fence device {}: waiting {} ms before fencing {}", planned.id(), delay.toMillis(), run.target());
        }
        return timer.after(delay).toCompletableFuture()
                .thenApplyAsync(ignored -> run.settled().get()
                        ? null // confirmed down meanwhile: no agent needs to run any more
                        : execute(run.config(), run.target(), level.index(), planned, action, delay), agentThreads)
                .thenCompose(attempt -> {
                    if (attempt == null) {
                        return CompletableFuture.completedFuture(false);
                    }
                    run.attempts().add(attempt);
                    if (!attempt.succeeded() && mustSucceed) {
                        return CompletableFuture.completedFuture(false);
                    }
                    if (!attempt.succeeded()) {
                        LOG.warn("fencing {}: {} (ignored)", run.target(), attempt);
                    }
                    return runDevices(run, level, action, next + 1, mustSucceed);
                });
    }

    /** {@code pcmk_delay_base} for the target plus a random share of what {@code pcmk_delay_max} leaves. */
    private Duration delay(FenceDevice device, String target) {
        Duration base = device.delayBase(target);
        Duration max = device.delayMax();
        if (max.compareTo(base) <= 0) {
            return base;
        }
        long spread = max.minus(base).toMillis();
        return base.plusMillis(random.nextLong(spread + 1));
    }

    /** Runs one device's action, retrying within its timeout; never throws. */
    private DeviceAttempt execute(FencingConfiguration config, String target, int level, PlannedDevice planned,
                                  FenceAction action, Duration delay) {
        if (planned.unusable() != null) {
            return new DeviceAttempt(planned.id(), level, action.agentName(), 0, delay, false, planned.unusable());
        }
        FenceDevice device = planned.device();
        String pacemakerAction = action.agentName();
        if (action == FenceAction.REBOOT && !device.remapsAction("reboot") && !planned.metadata().supports("reboot")) {
            pacemakerAction = "off"; // a device without reboot powers the node off instead
        }
        String agentAction = device.agentAction(pacemakerAction);
        Duration remaining = device.timeout(pacemakerAction).orElse(config.stonithTimeout());
        int allowedTries = 1 + Math.max(0, device.retries(pacemakerAction));
        Semaphore slot = slot(device);
        int tries = 0;
        String detail;
        try {
            if (slot != null) {
                slot.acquire();
            }
            try {
                while (true) {
                    tries++;
                    FenceAgentOutcome outcome = runner.run(new FenceAgentCall(device.agent(), agentAction,
                            capabilities.arguments(device, planned.metadata(), target), remaining));
                    if (outcome.succeeded()) {
                        return new DeviceAttempt(device.id(), level, agentAction, tries, delay, true,
                                "succeeded" + (tries > 1 ? " on try " + tries : ""));
                    }
                    remaining = remaining.minus(outcome.elapsed());
                    detail = outcome.describe() + (tries > 1 ? " on try " + tries : "");
                    LOG.warn("fence device {} {} {}: {}", device.id(), agentAction, target, detail);
                    if (tries >= allowedTries || outcome.timedOut() || remaining.toMillis() <= 0) {
                        break;
                    }
                }
            } finally {
                if (slot != null) {
                    slot.release();
                }
            }
        } catch (FencingException e) {
            detail = e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            detail = "interrupted";
        }
        return new DeviceAttempt(device.id(), level, agentAction, tries, delay, false, detail);
    }

    /** The device's {@code pcmk_action_limit} slots; null when unlimited. */
    private Semaphore slot(FenceDevice device) {
        int limit = device.actionLimit();
        if (limit <= 0) {
            return null;
        }
        return deviceSlots.computeIfAbsent(device.id() + "/" + limit, key -> new Semaphore(limit));
    }

    private FenceResult result(FenceRequest request, PlannedLevel level, List<DeviceAttempt> attempts) {
        List<DeviceAttempt> all;
        synchronized (attempts) {
            all = List.copyOf(attempts);
        }
        List<String> devices = level.devices().stream().map(PlannedDevice::id).toList();
        return new FenceResult(request, localNode, level.index(), devices, all, clock.instant(), false);
    }

    private static FencingException failure(FenceRequest request, boolean noDevice, List<DeviceAttempt> attempts) {
        List<DeviceAttempt> all;
        synchronized (attempts) {
            all = List.copyOf(attempts);
        }
        String tried = all.stream().map(DeviceAttempt::toString).collect(Collectors.joining("; "));
        String message = noDevice
                ? "no fence device can fence " + request.target() + (tried.isEmpty() ? "" : ": " + tried)
                : "fencing " + request.target() + " (" + request.action().agentName() + ") failed: " + tried;
        return new FencingException(message, request.target(), all);
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }
}
