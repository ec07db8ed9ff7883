package org.pacer.fencing;

import java.time.Duration;

/**
 * How one fence agent run ended: its exit status (meaningless when {@code timedOut}), what it printed
 * (truncated to a bounded size) and how long it took. Exit status 0 is success for every action.
 */
public record FenceAgentOutcome(int exitCode, boolean timedOut, String output, String errors, Duration elapsed) {
    public boolean succeeded() {
        return !timedOut && exitCode == 0;
    }

    /** One line for logs and history: the exit status or the timeout, and the agent's last error line. */
    public String describe() {
        String what = timedOut ? "timed out after " + elapsed.toMillis() + " ms" : "exit status " + exitCode;
        String last = lastLine(errors.isBlank() ? output : errors);
        return last.isEmpty() ? what : what + " (" + last + ")";
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\\R");
        String line = lines[lines.length - 1].strip();
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
