package org.pacer.cluster;

/**
 * The cluster module's expected failure: a message for the user and what kind of failure it is, so the
 * CLI can choose the exit status and a client can tell a refusal from a failure worth retrying.
 */
public class ClusterException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What went wrong, as far as a caller needs to know to decide what to do next. */
    public enum Kind {
        /** Bad input or a failed operation. */
        FAILED,
        /** A named thing (file, element, node) does not exist. */
        NOT_FOUND,
        /** The cluster refused: no quorum, no permission, an older configuration. */
        REFUSED,
        /** The outcome is unknown or the cluster is changing: retrying with the same request is safe. */
        RETRY,
        /** No daemon answers on the local socket. */
        NO_CONNECTION
    }

    private final Kind kind;

    public ClusterException(String message) {
        this(Kind.FAILED, message);
    }

    public ClusterException(String message, Throwable cause) {
        this(Kind.FAILED, message, cause);
    }

    public ClusterException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public ClusterException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
