package org.pacer.cli.admin;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One of Pacemaker's cluster options (Pacemaker Explained, "Cluster Options"): its name, type, default and,
 * for enumerations, the allowed values. {@link #ALL} is the table {@code pacer property} checks against;
 * options the cluster writes itself are marked so an administrator is told not to set them.
 */
public record ClusterOption(String name, Type type, String defaultValue, List<String> allowed, boolean setByCluster) {
    /** How an option's value is written. */
    public enum Type { STRING, BOOLEAN, INTEGER, DURATION, SCORE, ENUM }

    public ClusterOption {
        allowed = List.copyOf(allowed);
    }

    /** Every known option, in the order of the reference table. */
    public static final Map<String, ClusterOption> ALL;

    static {
        List<ClusterOption> all = new ArrayList<>();
        all.add(new ClusterOption("cluster-name", Type.STRING, "", List.of(), false));
        all.add(new ClusterOption("dc-version", Type.STRING, "", List.of(), true));
        all.add(new ClusterOption("cluster-infrastructure", Type.STRING, "", List.of(), true));
        all.add(choice("no-quorum-policy", "stop", "ignore", "freeze", "stop", "demote", "suicide"));
        all.add(of("batch-limit", Type.INTEGER, "0"));
        all.add(of("migration-limit", Type.INTEGER, "-1"));
        all.add(of("symmetric-cluster", Type.BOOLEAN, "true"));
        all.add(of("stop-all-resources", Type.BOOLEAN, "false"));
        all.add(of("stop-orphan-resources", Type.BOOLEAN, "true"));
        all.add(of("stop-orphan-actions", Type.BOOLEAN, "true"));
        all.add(of("start-failure-is-fatal", Type.BOOLEAN, "true"));
        all.add(of("enable-startup-probes", Type.BOOLEAN, "true"));
        all.add(of("maintenance-mode", Type.BOOLEAN, "false"));
        all.add(of("stonith-enabled", Type.BOOLEAN, "true"));
        all.add(choice("stonith-action", "reboot", "reboot", "off", "poweroff"));
        all.add(of("stonith-timeout", Type.DURATION, "60s"));
        all.add(of("stonith-max-attempts", Type.INTEGER, "10"));
        all.add(of("stonith-watchdog-timeout", Type.STRING, "0"));
        all.add(of("concurrent-fencing", Type.BOOLEAN, "false"));
        all.add(choice("fence-reaction", "stop", "stop", "panic"));
        all.add(of("priority-fencing-delay", Type.DURATION, "0"));
        all.add(of("cluster-delay", Type.DURATION, "60s"));
        all.add(of("dc-deadtime", Type.DURATION, "20s"));
        all.add(of("cluster-ipc-limit", Type.INTEGER, "500"));
        all.add(of("pe-error-series-max", Type.INTEGER, "-1"));
        all.add(of("pe-warn-series-max", Type.INTEGER, "5000"));
        all.add(of("pe-input-series-max", Type.INTEGER, "4000"));
        all.add(of("enable-acl", Type.BOOLEAN, "false"));
        all.add(choice("placement-strategy", "default", "default", "utilization", "minimal", "balanced"));
        all.add(choice("node-health-strategy", "none", "none", "migrate-on-red", "only-green", "progressive", "custom"));
        all.add(of("node-health-base", Type.SCORE, "0"));
        all.add(of("node-health-green", Type.SCORE, "0"));
        all.add(of("node-health-yellow", Type.SCORE, "0"));
        all.add(of("node-health-red", Type.SCORE, "0"));
        all.add(of("cluster-recheck-interval", Type.DURATION, "15min"));
        all.add(of("shutdown-lock", Type.BOOLEAN, "false"));
        all.add(of("shutdown-lock-limit", Type.DURATION, "0"));
        all.add(of("remove-after-stop", Type.BOOLEAN, "false"));
        all.add(of("startup-fencing", Type.BOOLEAN, "true"));
        all.add(of("election-timeout", Type.DURATION, "2min"));
        all.add(of("shutdown-escalation", Type.DURATION, "20min"));
        all.add(of("join-integration-timeout", Type.DURATION, "3min"));
        all.add(of("join-finalization-timeout", Type.DURATION, "30min"));
        all.add(of("transition-delay", Type.DURATION, "0s"));
        all.add(new ClusterOption("have-watchdog", Type.BOOLEAN, "false", List.of(), true));
        all.add(new ClusterOption("last-lrm-refresh", Type.INTEGER, "", List.of(), true));
        Map<String, ClusterOption> byName = new LinkedHashMap<>();
        all.forEach(o -> byName.put(o.name(), o));
        ALL = Collections.unmodifiableMap(byName);
    }

    private static ClusterOption of(String name, Type type, String defaultValue) {
        return new ClusterOption(name, type, defaultValue, List.of(), false);
    }

    private static ClusterOption choice(String name, String defaultValue, String... allowed) {
        return new ClusterOption(name, Type.ENUM, defaultValue, List.of(allowed), false);
    }

    public static Optional<ClusterOption> named(String name) {
        return Optional.ofNullable(ALL.get(name));
    }

    /** Why {@code value} is not a valid value of this option, or empty when it is. */
    public Optional<String> problem(String value) {
        boolean ok = switch (type) {
            case STRING -> true;
            case BOOLEAN -> PropertyEdits.isBoolean(value);
            case INTEGER -> value.strip().matches("[+-]?[0-9]{1,18}");
            case DURATION -> org.pacer.cib.Duration.isValid(value);
            case SCORE -> org.pacer.cib.Score.isValid(value);
            case ENUM -> allowed.contains(value);
        };
        if (ok) {
            return Optional.empty();
        }
        return Optional.of(switch (type) {
            case BOOLEAN -> "expected a boolean (true or false)";
            case INTEGER -> "expected an integer";
            case DURATION -> "expected a duration (e.g. 30s, 5min, 1h)";
            case SCORE -> "expected a score (an integer, INFINITY or -INFINITY)";
            case ENUM -> "expected one of " + String.join(", ", allowed);
            case STRING -> "";
        });
    }
}
