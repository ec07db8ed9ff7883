package org.pacer.executor;

/**
 * OCF return codes, the common language every standard's exit status is mapped to. Anything an agent
 * returns outside 0-9 becomes {@link #GENERIC_ERROR}, as Pacemaker does.
 */
public enum ResultCode {
    OK(0, "ok"),
    GENERIC_ERROR(1, "error"),
    INVALID_ARGUMENT(2, "invalid parameter"),
    UNIMPLEMENTED(3, "unimplemented feature"),
    INSUFFICIENT_PRIVILEGES(4, "insufficient privileges"),
    NOT_INSTALLED(5, "not installed"),
    NOT_CONFIGURED(6, "not configured"),
    NOT_RUNNING(7, "not running"),
    RUNNING_PROMOTED(8, "promoted"),
    FAILED_PROMOTED(9, "promoted (failed)");

    private final int code;
    private final String text;

    ResultCode(int code, String text) {
        this.code = code;
        this.text = text;
    }

    public int code() {
        return code;
    }

    /** Human words, as {@code pacer agent run} prints them. */
    public String text() {
        return text;
    }

    public static ResultCode of(int code) {
        for (ResultCode rc : values()) {
            if (rc.code == code) {
                return rc;
            }
        }
        return GENERIC_ERROR;
    }
}
