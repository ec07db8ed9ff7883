package org.pacer.executor;

/**
 * How an operation ended, independent of the agent's return code: Pacemaker's {@code op-status}.
 * The numeric codes are the ones Pacemaker writes into {@code lrm_rsc_op}.
 */
public enum ExecStatus {
    DONE(0, "done"),
    CANCELLED(1, "cancelled"),
    TIMED_OUT(2, "timed out"),
    NOT_SUPPORTED(3, "not supported"),
    ERROR(4, "error"),
    ERROR_HARD(5, "hard error"),
    ERROR_FATAL(6, "fatal error"),
    NOT_INSTALLED(7, "not installed");

    private final int code;
    private final String text;

    ExecStatus(int code, String text) {
        this.code = code;
        this.text = text;
    }

    public int code() {
        return code;
    }

    public String text() {
        return text;
    }
}
