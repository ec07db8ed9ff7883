package org.pacer.executor;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * The node's local executor as the controller sees it: operations go in, results come out. Operations of
 * one resource run one at a time in arrival order; different resources run in parallel up to a limit.
 * A recurring monitor keeps running until cancelled: its first result completes the submission, every
 * later one goes to the result listeners only.
 */
public interface LocalExecutor extends AutoCloseable {
    /** Queues the operation; the stage completes with its (first) result and never exceptionally for agent failures. */
    CompletionStage<OperationResult> submit(OperationRequest request);

    /** Stops a recurring operation; false when no such operation was recurring. */
    boolean cancel(String resourceId, String action, Duration interval);

    /** Called with every result, including each run of a recurring monitor and cancellations. */
    void addResultListener(Consumer<OperationResult> listener);

    /** The agent's meta-data, run once per agent and remembered. */
    AgentMetadata metadata(AgentName agent);

    /** Stops recurring monitors and the executor's threads; running agents finish on their own. */
    @Override
    void close();
}
