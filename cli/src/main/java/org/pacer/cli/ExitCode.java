package org.pacer.cli;

/**
 * The exit statuses of every {@code pacer} command, documented in the README. Each kind of failure has
 * its own code so that scripts can tell a usage mistake from a refusal or an unreachable daemon.
 */
public final class ExitCode {
    /** The command did what was asked. */
    public static final int OK = 0;
    /** The command ran but found a problem: an invalid CIB, a failed action, a patch that does not apply. */
    public static final int FAILED = 1;
    /** The command line itself is wrong: unknown option, missing argument. */
    public static final int USAGE = 2;
    /** A named thing (file, resource, node) does not exist. */
    public static final int NOT_FOUND = 3;
    /** The cluster refused the request: no quorum, no permission, validation failed. */
    public static final int REFUSED = 4;
    /** No connection to pacerd. */
    public static final int NO_CONNECTION = 5;
    /** An unexpected internal error (a bug): rerun with --debug for the stack trace. */
    public static final int INTERNAL = 70;

    private ExitCode() {
    }
}
