package org.pacer.executor;

import java.time.Duration;
import java.time.Instant;

/**
 * The outcome of one run of an operation, as recorded in the resource's history. {@code rc} is already
 * mapped to OCF's meaning whatever the agent's standard; {@code status} says whether the agent ran to
 * the end at all. Output is the agent's (bounded) stdout and stderr.
 *
 * @param callId       the executor's call number, shared by every run of one recurring monitor
 * @param lastRcChange when this operation's return code last changed (its first run for one-shot actions)
 */
public record OperationResult(OperationRequest request, int callId, int rc, ExecStatus status, String exitReason,
                              String stdout, String stderr, Instant startedAt, Duration execTime,
                              Duration queueTime, Instant lastRcChange) {
    public ResultCode resultCode() {
        return ResultCode.of(rc);
    }

    /** True when the agent ran to completion and returned what the caller expected (or success). */
    public boolean succeeded() {
        int expected = request.expectedRc();
        return status == ExecStatus.DONE && (expected >= 0 ? rc == expected : rc == 0);
    }

    /** One human phrase: {@code ok}, {@code not running}, {@code timed out}, {@code not installed}... */
    public String outcome() {
        if (status == ExecStatus.DONE || status == ExecStatus.ERROR) {
            return resultCode().text();
        }
        return status.text();
    }

    OperationResult withLastRcChange(Instant when) {
        return new OperationResult(request, callId, rc, status, exitReason, stdout, stderr, startedAt, execTime,
                queueTime, when);
    }
}
