package org.pacer.fencing;

import java.time.Duration;

/**
 * What happened when one device was used for one fencing operation: the topology level it belonged to
 * (0 when no topology applies), the agent action run, how many times it ran, the delay waited before it,
 * and whether it succeeded, with a one-line detail (exit status, timeout, or why it could not run).
 */
public record DeviceAttempt(String device, int level, String action, int tries, Duration delay, boolean succeeded,
                            String detail) {
    @Override
    public String toString() {
        return device + (level > 0 ? " (level " + level + ")" : "") + " " + action + ": " + detail;
    }
}
