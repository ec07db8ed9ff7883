package org.pacer.executor;

import java.util.Locale;

/** The agent standards (Pacemaker's resource classes) the executor knows how to run. */
public enum Standard {
    /** Open Cluster Framework agents under {@code $OCF_ROOT/resource.d/PROVIDER/TYPE}. */
    OCF,
    /** System V init scripts under {@code /etc/init.d}. */
    LSB,
    /** systemd units, run through systemctl. */
    SYSTEMD,
    /** An LSB script when one exists, else a systemd unit. */
    SERVICE,
    /** Fence agents, which read their arguments as {@code key=value} lines on standard input. */
    STONITH;

    /** The lower-case name used in agent names and the CIB's {@code class} attribute. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The standard with this CIB class name. */
    public static Standard of(String label) {
        for (Standard standard : values()) {
            if (standard.label().equals(label)) {
                return standard;
            }
        }
        throw new ExecutorException("unknown agent class '" + label + "' (expected ocf, lsb, systemd, service or stonith)");
    }
}
