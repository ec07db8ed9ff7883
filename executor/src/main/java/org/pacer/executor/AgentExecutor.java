package org.pacer.executor;

import org.pacer.cib.OpDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local executor: runs agents as real processes with per-resource serial queues, a global limit on
 * parallel operations, recurring monitors driven by an {@link ExecutorClock}, and validate-all before a
 * resource's first start. All queue and recurring state is guarded by {@code lock}; agent processes are
 * started and results delivered outside it. Each operation runs from start to result on one agent thread, which
 * waits for its process; the thread that notices a monitor's due time runs it itself, and a thread that finishes
 * takes the next waiting operation, so an operation is handed between threads only when it is submitted.
 */
public final class AgentExecutor implements LocalExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(AgentExecutor.class);
    private static final String EXIT_REASON_PREFIX = "ocf-exit-reason:";

    private final AgentCatalog catalog;
    private final ExecutorClock clock;
    /**
     * The agent threads: they wait for due monitors and run each operation from start to result, blocking while its
     * agent runs. One more than the parallelism limit, so that one is always free to notice the next due time; a
     * thread whose monitor falls due runs it itself (no hand-over, so no second wake-up before the start).
     */
    private final ScheduledThreadPoolExecutor threads;
    private final AgentProcess processes;
    private final List<Consumer<OperationResult>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicInteger callIds = new AtomicInteger();
    private final Map<AgentName, AgentMetadata> metadataCache = new ConcurrentHashMap<>();

    private final Object lock = new Object();
    /** Guarded by lock: each resource's pending operations. */
    private final Map<String, ResourceQueue> queues = new HashMap<>();
    /** Guarded by lock: resources whose next operation waits for a free slot, in arrival order. */
    private final ArrayDeque<ResourceQueue> waiting = new ArrayDeque<>();
    /** Guarded by lock: active recurring operations by operation key. */
    private final Map<String, Recurring> recurring = new HashMap<>();
    /** Guarded by lock: the op-digest of the parameters each resource last passed validate-all with. */
    private final Map<String, String> validated = new HashMap<>();
    /** Guarded by lock. */
    private int running;
    /** Guarded by lock. */
    private boolean closed;

    /** One queued run of an operation; {@code series} is set for recurring monitors. */
    private record Pending(OperationRequest request, int callId, Instant dueAt, CompletableFuture<OperationResult> future,
                           Recurring series) {
    }

    /** A resource's queue; {@code busy} while one of its operations runs. Guarded by lock. */
    private static final class ResourceQueue {
        final String resourceId;
        final ArrayDeque<Pending> ops = new ArrayDeque<>();
        boolean busy;
        boolean waiting;

        ResourceQueue(String resourceId) {
            this.resourceId = resourceId;
        }
    }

    /** The executor's own threads, which may block in an agent run (others hand operations over to them). */
    private static final class AgentThread extends Thread {
        AgentThread(Runnable task, String name) {
            super(task, name);
            setDaemon(true);
        }
    }

    /** A recurring monitor's state across runs. Guarded by lock. */
    private static final class Recurring {
        final OperationRequest request;
        final int callId;
        final CompletableFuture<OperationResult> first;
        boolean cancelled;
        ExecutorClock.Cancellable next;
        int lastRc = Integer.MIN_VALUE;
        Instant lastRcChange;

        Recurring(OperationRequest request, int callId, CompletableFuture<OperationResult> first) {
            this.request = request;
            this.callId = callId;
            this.first = first;
        }
    }

    /** An executor on wall-clock time. */
    public AgentExecutor(ExecutorConfig config) {
        this(config, null);
    }

    /** An executor whose recurring monitors and recorded times follow {@code clock} (null: wall-clock time). */
    public AgentExecutor(ExecutorConfig config, ExecutorClock clock) {
        this.catalog = new AgentCatalog(config);
        AtomicInteger threadNumbers = new AtomicInteger();
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(config.parallelism() + 1,
                runnable -> new AgentThread(runnable, "pacer-agent-" + threadNumbers.incrementAndGet()));
        pool.setRemoveOnCancelPolicy(true);
        this.threads = pool;
        this.clock = clock != null ? clock : ExecutorClock.system(pool);
        this.processes = new AgentProcess(config);
    }

    public AgentCatalog catalog() {
        return catalog;
    }

    @Override
    public void addResultListener(Consumer<OperationResult> listener) {
        listeners.add(listener);
    }

    @Override
    public CompletionStage<OperationResult> submit(OperationRequest request) {
        CompletableFuture<OperationResult> future = new CompletableFuture<>();
        int callId = callIds.incrementAndGet();
        Recurring replaced = null;
        Pending pending;
        synchronized (lock) {
            if (closed) {
                throw new ExecutorException("executor is closed; " + request.operationKey() + " not run");
            }
            Recurring series = null;
            if (request.recurring()) {
                series = new Recurring(request, callId, future);
                replaced = recurring.put(request.operationKey(), series);
                if (replaced != null) {
                    stopLocked(replaced);
                }
            }
            pending = new Pending(request, callId, clock.now(), future, series);
            enqueueLocked(pending);
        }
        if (replaced != null) {
            deliverCancelled(replaced);
        }
        dispatch();
        return future;
    }

    @Override
    public boolean cancel(String resourceId, String action, Duration interval) {
        String key = resourceId + "_" + action + "_" + interval.toMillis();
        Recurring series;
        synchronized (lock) {
            series = recurring.remove(key);
            if (series == null) {
                return false;
            }
            stopLocked(series);
        }
        deliverCancelled(series);
        return true;
    }

    private void stopLocked(Recurring series) {
        series.cancelled = true;
        if (series.next != null) {
            series.next.cancel();
        }
        ResourceQueue queue = queues.get(series.request.resourceId());
        if (queue != null) {
            queue.ops.removeIf(p -> p.series() == series);
        }
    }

    private void deliverCancelled(Recurring series) {
        Instant now = clock.now();
        OperationResult cancelled = new OperationResult(series.request, series.callId, 0, ExecStatus.CANCELLED, "",
                "", "", now, Duration.ZERO, Duration.ZERO, now);
        LOG.info("resource {} {} (call {}): cancelled", series.request.resourceId(), series.request.operationKey(), series.callId);
        series.first.complete(cancelled);
        notifyListeners(cancelled);
    }

    private void enqueueLocked(Pending pending) {
        ResourceQueue queue = queues.computeIfAbsent(pending.request().resourceId(), ResourceQueue::new);
        queue.ops.add(pending);
        if (!queue.busy && !queue.waiting) {
            queue.waiting = true;
            waiting.add(queue);
        }
    }

    /**
     * Claims as many waiting operations as free slots allow and hands them to agent threads, except one that the
     * calling agent thread runs itself when {@code runOneHere}: that one is returned (else null).
     */
    private Pending dispatch(boolean runOneHere) {
        List<Pending> toStart = new ArrayList<>();
        synchronized (lock) {
            while (running < catalog.config().parallelism() && !waiting.isEmpty()) {
                ResourceQueue queue = waiting.poll();
                queue.waiting = false;
                Pending next = queue.ops.poll();
                if (next == null) {
                    dropIfIdleLocked(queue);
                    continue;
                }
                queue.busy = true;
                running++;
                toStart.add(next);
            }
        }
        Pending here = runOneHere && !toStart.isEmpty() ? toStart.remove(0) : null;
        for (Pending pending : toStart) {
            try {
                threads.execute(() -> runFrom(pending));
            } catch (RejectedExecutionException closing) {
                Pending next = pending;
                while (next != null) { // closed under our feet: each claimed operation still gets its result
                    next = finished(next, internalFailure(next, clock.now(), Duration.ZERO, closing), false);
                }
            }
        }
        return here;
    }

    /** Starts what can start, from a thread that must not block in an agent run (a caller, a test's clock). */
    private void dispatch() {
        dispatch(false);
    }

    private void dropIfIdleLocked(ResourceQueue queue) {
        if (!queue.busy && queue.ops.isEmpty() && !queue.waiting) {
            queues.remove(queue.resourceId, queue);
        }
    }

    /** On an agent thread: runs this operation, then the waiting ones it can claim, one after the other. */
    private void runFrom(Pending first) {
        Pending next = first;
        while (next != null) {
            next = finished(next, run(next), true);
        }
    }

    /** Runs one operation on the calling agent thread. */
    private OperationResult run(Pending pending) {
        Instant startedAt = clock.now();
        Duration queueTime = Duration.between(pending.dueAt(), startedAt);
        Duration queued = queueTime.isNegative() ? Duration.ZERO : queueTime;
        OperationResult result;
        try {
            OperationResult failedValidation = validateBeforeFirstStart(pending, startedAt, queued);
            result = failedValidation != null ? failedValidation
                    : execute(pending.request(), pending.callId(), startedAt, queued);
        } catch (RuntimeException e) {
            result = internalFailure(pending, startedAt, queued, e);
        }
        return result;
    }

    private OperationResult internalFailure(Pending pending, Instant startedAt, Duration queued, Throwable cause) {
        if (cause instanceof ExecutorException) {
            LOG.error("resource {} {}: {}", pending.request().resourceId(), pending.request().operationKey(), cause.getMessage());
        } else {
            LOG.error("resource {} {}: executor failure", pending.request().resourceId(), pending.request().operationKey(), cause);
        }
        return new OperationResult(pending.request(), pending.callId(), ResultCode.GENERIC_ERROR.code(), ExecStatus.ERROR,
                String.valueOf(cause.getMessage()), "", "", startedAt, Duration.ZERO, queued, startedAt);
    }

    /** Runs validate-all before a resource's first start when the agent has it; null when fine. */
    private OperationResult validateBeforeFirstStart(Pending pending, Instant startedAt, Duration queued) {
        OperationRequest request = pending.request();
        if (!request.action().equals("start") || request.agent().standard() != Standard.OCF) {
            return null;
        }
        synchronized (lock) {
            if (OpDigest.of(request.params(), 0, 0).equals(validated.get(request.resourceId()))) {
                return null;
            }
        }
        if (catalog.locate(request.agent()).isEmpty()) {
            return null;
        }
        try {
            if (!metadata(request.agent()).hasAction("validate-all")) {
                return null;
            }
        } catch (ExecutorException e) {
            LOG.warn("agent {}: no usable meta-data, so no validate-all before start: {}", request.agent(), e.getMessage());
            return null;
        }
        return validate(pending, startedAt, queued);
    }

    private OperationResult validate(Pending pending, Instant startedAt, Duration queued) {
        OperationRequest request = pending.request();
        OperationRequest validate = new OperationRequest(request.resourceId(), request.agent(), "validate-all",
                Duration.ZERO, request.timeout(), request.params(), request.meta(), null);
        OperationResult result = execute(validate, pending.callId(), startedAt, queued);
        if (result.status() == ExecStatus.DONE && result.rc() == 0) {
            synchronized (lock) {
                validated.put(request.resourceId(), OpDigest.of(request.params(), 0, 0));
            }
            return null;
        }
        String reason = "validate-all failed before start: " + (result.exitReason().isEmpty() ? result.outcome() : result.exitReason());
        return new OperationResult(request, pending.callId(), result.rc(), result.status(), reason, result.stdout(),
                result.stderr(), startedAt, result.execTime(), queued, startedAt);
    }

    /** Runs the agent process for one request (blocking) and maps its outcome; agent trouble is a result, not an exception. */
    private OperationResult execute(OperationRequest request, int callId, Instant startedAt, Duration queued) {
        if (!catalog.supports(request)) {
            return new OperationResult(request, callId, ResultCode.UNIMPLEMENTED.code(), ExecStatus.NOT_SUPPORTED,
                    request.agent() + " has no action " + request.action(), "", "", startedAt, Duration.ZERO, queued, startedAt);
        }
        if (request.action().equals("meta-data")) {
            Optional<String> builtIn = catalog.builtInMetadata(request.agent());
            if (builtIn.isPresent()) {
                return new OperationResult(request, callId, ResultCode.OK.code(), ExecStatus.DONE, "", builtIn.get(), "",
                        startedAt, Duration.ZERO, queued, startedAt);
            }
        }
        AgentInvocation invocation;
        try {
            invocation = catalog.invocation(request);
        } catch (ExecutorException e) {
            boolean missing = catalog.locate(request.agent()).isEmpty();
            return new OperationResult(request, callId,
                    missing ? ResultCode.NOT_INSTALLED.code() : ResultCode.INVALID_ARGUMENT.code(),
                    missing ? ExecStatus.NOT_INSTALLED : ExecStatus.ERROR_FATAL, e.getMessage(), "", "", startedAt,
                    Duration.ZERO, queued, startedAt);
        }
        AgentProcess.Outcome outcome = processes.run(invocation, request.timeout());
        if (outcome.timedOut()) {
            return new OperationResult(request, callId, ResultCode.GENERIC_ERROR.code(), ExecStatus.TIMED_OUT,
                    "timed out after " + request.timeout().toMillis() + "ms", outcome.stdout(), outcome.stderr(),
                    startedAt, outcome.elapsed(), queued, startedAt);
        }
        int rc = catalog.exitCode(request, outcome.exitStatus());
        int expected = request.expectedRc();
        ExecStatus status = expected >= 0 && rc != expected ? ExecStatus.ERROR : ExecStatus.DONE;
        return new OperationResult(request, callId, rc, status, exitReason(outcome.stderr()), outcome.stdout(),
                outcome.stderr(), startedAt, outcome.elapsed(), queued, startedAt);
    }

    private static String exitReason(String stderr) {
        String reason = "";
        for (String line : stderr.split("\n")) {
            int at = line.indexOf(EXIT_REASON_PREFIX);
            if (at >= 0) {
                reason = line.substring(at + EXIT_REASON_PREFIX.length()).strip();
            }
        }
        return reason;
    }

    /**
     * Frees the operation's slot, delivers its result and starts what can start now; returns the operation the
     * calling agent thread should run next when {@code onAgentThread} (null when there is none).
     */
    private Pending finished(Pending pending, OperationResult raw, boolean onAgentThread) {
        OperationResult result = raw;
        boolean deliver = true;
        synchronized (lock) {
            running--;
            lock.notifyAll();
            ResourceQueue queue = queues.get(pending.request().resourceId());
            if (queue != null) {
                queue.busy = false;
                if (!queue.ops.isEmpty()) {
                    queue.waiting = true;
                    waiting.add(queue);
                } else {
                    dropIfIdleLocked(queue);
                }
            }
            Recurring series = pending.series();
            if (series != null) {
                if (series.cancelled) {
                    deliver = false; // the caller has moved on (e.g. stopped the resource): a late result would mislead
                } else {
                    if (series.lastRc != result.rc()) {
                        series.lastRc = result.rc();
                        series.lastRcChange = result.startedAt();
                    }
                    result = result.withLastRcChange(series.lastRcChange);
                    scheduleNextLocked(series);
                }
            }
        }
        Pending next = dispatch(onAgentThread);
        log(result);
        if (deliver) {
            pending.future().complete(result);
            notifyListeners(result);
        }
        return next;
    }

    private void scheduleNextLocked(Recurring series) {
        if (closed) {
            return;
        }
        Duration interval = series.request.interval();
        Instant due = clock.now().plus(interval);
        series.next = clock.schedule(interval, () -> {
            synchronized (lock) {
                if (series.cancelled || closed) {
                    return;
                }
                enqueueLocked(new Pending(series.request, series.callId, due, series.first, series));
            }
            Pending here = dispatch(Thread.currentThread() instanceof AgentThread);
            if (here != null) {
                runFrom(here);
            }
        });
    }

    private void log(OperationResult result) {
        OperationRequest request = result.request();
        boolean routine = request.recurring() && result.succeeded();
        String line = "resource {} {} (call {}): {} (rc {}, {}) in {}ms after {}ms queued{}";
        Object[] args = {request.resourceId(), request.operationKey(), result.callId(), result.outcome(), result.rc(),
                result.status().text(), result.execTime().toMillis(), result.queueTime().toMillis(),
                result.exitReason().isEmpty() ? "" : ": " + result.exitReason()};
        if (routine) {
            LOG.debug(line, args);
        } else {
            LOG.info(line, args);
        }
        if (!result.succeeded() && !result.stderr().isBlank() && result.status() != ExecStatus.CANCELLED) {
            LOG.info("resource {} {} stderr: {}", request.resourceId(), request.operationKey(),
                    result.stderr().strip().replace("\n", " | "));
        } else if (LOG.isDebugEnabled() && !(result.stdout().isEmpty() && result.stderr().isEmpty())) {
            LOG.debug("resource {} {} output: {} / stderr: {}", request.resourceId(), request.operationKey(),
                    result.stdout().strip(), result.stderr().strip());
        }
    }

    private void notifyListeners(OperationResult result) {
        for (Consumer<OperationResult> listener : listeners) {
            try {
                listener.accept(result);
            } catch (RuntimeException e) {
                LOG.error("result listener failed on {}", result.request().operationKey(), e);
            }
        }
    }

    /** The agent's meta-data, from the cache or by running it on the calling thread (bounded by its 30 s timeout). */
    @Override
    public AgentMetadata metadata(AgentName agent) {
        AgentMetadata known = metadataCache.get(agent);
        if (known != null) {
            return known;
        }
        if (catalog.locate(agent).isEmpty()) {
            throw new ExecutorException(catalog.notInstalledMessage(agent));
        }
        OperationRequest request = new OperationRequest("meta-data", agent, "meta-data", Duration.ZERO,
                Duration.ofSeconds(30), Map.of(), Map.of(), null);
        OperationResult result = execute(request, 0, clock.now(), Duration.ZERO);
        if (result.status() != ExecStatus.DONE || result.rc() != 0) {
            throw new ExecutorException("meta-data of " + agent + " failed: " + result.outcome()
                    + (result.stderr().isBlank() ? "" : ": " + result.stderr().strip().lines().findFirst().orElse("")));
        }
        AgentMetadata parsed = AgentMetadata.parse(result.stdout(), agent.toString());
        metadataCache.put(agent, parsed);
        return parsed;
    }

    /**
     * Waits (bounded) for running operations, so that a timed-out agent's group still gets its SIGKILL from the
     * timer thread before that thread goes away.
     */
    private void awaitRunning(Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        synchronized (lock) {
            while (running > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    LOG.warn("executor closing with {} operations still running", running);
                    return;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        List<Recurring> stopped;
        synchronized (lock) {
            closed = true;
            stopped = new ArrayList<>(recurring.values());
            recurring.clear();
            stopped.forEach(this::stopLocked);
        }
        stopped.forEach(series -> series.first.complete(new OperationResult(series.request, series.callId, 0,
                ExecStatus.CANCELLED, "executor closed", "", "", clock.now(), Duration.ZERO, Duration.ZERO, clock.now())));
        awaitRunning(catalog.config().killGrace().plusSeconds(10));
        threads.shutdown();
        processes.removeWorkDirectory();
    }
}
