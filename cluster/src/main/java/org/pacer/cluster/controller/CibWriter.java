package org.pacer.cluster.controller;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

import org.pacer.cluster.CibOperation;
import org.pacer.cluster.ClusterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller's writes to the replicated CIB, one after another in submission order (so a pending
 * record never lands after its result), each retried with its request id until the cluster confirms it.
 * A delete that finds nothing counts as done. Thread-safe: the tail of the chain is guarded by {@code this}.
 */
final class CibWriter {
    private static final Logger LOG = LoggerFactory.getLogger(CibWriter.class);
    private static final int ATTEMPTS = 20;

    private final String node;
    private final BiFunction<String, CibOperation, CompletableFuture<String>> submit;
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);
    private volatile boolean closed;

    CibWriter(String node, BiFunction<String, CibOperation, CompletableFuture<String>> submit) {
        this.node = node;
        this.submit = submit;
    }

    /** Queues a write; the stage completes once the cluster has it (or it was given up, logged). */
    synchronized CompletableFuture<Void> write(String what, CibOperation operation) {
        String requestId = node + ":ctl:" + UUID.randomUUID();
        CompletableFuture<Void> done = tail.thenCompose(v -> attempt(what, requestId, operation, 1));
        tail = done;
        return done;
    }

    private CompletableFuture<Void> attempt(String what, String requestId, CibOperation operation, int n) {
        if (closed) {
            return CompletableFuture.completedFuture(null);
        }
        return submit.apply(requestId, operation).handle((version, error) -> {
            if (error == null) {
                return CompletableFuture.<Void>completedFuture(null);
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof ClusterException ce && ce.kind() == ClusterException.Kind.NOT_FOUND) {
                return CompletableFuture.<Void>completedFuture(null);
            }
            if (cause instanceof ClusterException ce && ce.kind() == ClusterException.Kind.RETRY && n < ATTEMPTS && !closed) {
                Executor later = CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS);
                return CompletableFuture.supplyAsync(() -> null, later)
                        .thenCompose(x -> attempt(what, requestId, operation, n + 1));
            }
            LOG.warn("{}: could not write {}: {}", node, what, cause.getMessage());
            return CompletableFuture.<Void>completedFuture(null);
        }).thenCompose(f -> f);
    }

    void close() {
        closed = true;
    }
}
