package org.pacer.cli;

import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;

/**
 * Turns an exception that escaped a command into one line on standard error and an exit status.
 * Expected failures carry their own message; anything else is a bug, shown in full only with --debug.
 */
final class ErrorReporting {
    private ErrorReporting() {
    }

    static int report(Exception ex, PrintWriter err, boolean debug) {
        if (ex instanceof CommandFailure failure) {
            err.println("pacer: " + failure.getMessage());
            return failure.exitCode();
        }
        if (ex instanceof NoSuchFileException missing) {
            err.println("pacer: " + missing.getFile() + ": no such file");
            return ExitCode.NOT_FOUND;
        }
        if (ex instanceof java.io.IOException io) {
            err.println("pacer: " + io.getMessage());
            return ExitCode.FAILED;
        }
        if (ex instanceof RuntimeException && ex.getClass().getPackageName().startsWith("org.pacer")
                && ex.getClass().getSimpleName().endsWith("Exception")) {
            // Each module has one exception type for expected failures, with a message for the user.
            err.println("pacer: " + ex.getMessage());
            if (debug) {
                ex.printStackTrace(err);
            }
            return ExitCode.FAILED;
        }
        err.println("pacer: internal error: " + ex);
        if (debug) {
            ex.printStackTrace(err);
        } else {
            err.println("pacer: rerun with --debug for the stack trace");
        }
        return ExitCode.INTERNAL;
    }

    static int exitCodeOf(Throwable ex) {
        return ex instanceof CommandFailure f ? f.exitCode() : ExitCode.INTERNAL;
    }
}
