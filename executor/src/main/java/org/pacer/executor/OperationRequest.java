package org.pacer.executor;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One action to run on one resource: what the controller (or {@code pacer agent run}) asks of the
 * executor. Parameters become {@code OCF_RESKEY_name}, meta attributes {@code OCF_RESKEY_CRM_meta_name};
 * names are checked so that none can break the environment or the fence agents' line format.
 * An interval above zero on a monitor makes it recurring.
 *
 * @param transitionKey Pacemaker's {@code action:graph:expected-rc:uuid}, or null when run by hand
 */
public record OperationRequest(String resourceId, AgentName agent, String action, Duration interval,
                               Duration timeout, Map<String, String> params, Map<String, String> meta,
                               String transitionKey) {
    /** Pacemaker's default operation timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern ACTION = Pattern.compile("[a-z][a-z0-9_-]{0,63}");

    public OperationRequest {
        if (resourceId == null || !NAME.matcher(resourceId.replace(':', '_')).matches()) {
            throw new ExecutorException("resource id '" + resourceId + "' is not a plain name");
        }
        if (agent == null) {
            throw new ExecutorException("resource " + resourceId + ": no agent given");
        }
        if (action == null || !ACTION.matcher(action).matches()) {
            throw new ExecutorException("resource " + resourceId + ": action '" + action + "' is not a plain name");
        }
        interval = interval == null ? Duration.ZERO : interval;
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        if (interval.isNegative() || timeout.isNegative() || timeout.isZero()) {
            throw new ExecutorException("resource " + resourceId + ": " + action + " needs a positive timeout and an interval >= 0");
        }
        params = checked(resourceId, "parameter", params);
        meta = checked(resourceId, "meta attribute", meta);
    }

    /** A one-shot action with no parameters and the default timeout. */
    public static OperationRequest of(String resourceId, AgentName agent, String action) {
        return new OperationRequest(resourceId, agent, action, Duration.ZERO, DEFAULT_TIMEOUT, Map.of(), Map.of(), null);
    }

    private static Map<String, String> checked(String resourceId, String what, Map<String, String> values) {
        if (values == null) {
            return Map.of();
        }
        Map<String, String> copy = new LinkedHashMap<>();
        values.forEach((name, value) -> {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new ExecutorException("resource " + resourceId + ": " + what + " name '" + name
                        + "' is not a plain name (letters, digits, _ . -)");
            }
            if (value == null || value.indexOf('\0') >= 0) {
                throw new ExecutorException("resource " + resourceId + ": " + what + " " + name + " has no value or holds a NUL");
            }
            copy.put(name, value);
        });
        return Collections.unmodifiableMap(copy);
    }

    public OperationRequest withParams(Map<String, String> newParams) {
        return new OperationRequest(resourceId, agent, action, interval, timeout, newParams, meta, transitionKey);
    }

    public OperationRequest withMeta(Map<String, String> newMeta) {
        return new OperationRequest(resourceId, agent, action, interval, timeout, params, newMeta, transitionKey);
    }

    public OperationRequest withInterval(Duration newInterval) {
        return new OperationRequest(resourceId, agent, action, newInterval, timeout, params, meta, transitionKey);
    }

    public OperationRequest withTimeout(Duration newTimeout) {
        return new OperationRequest(resourceId, agent, action, interval, newTimeout, params, meta, transitionKey);
    }

    public OperationRequest withTransitionKey(String key) {
        return new OperationRequest(resourceId, agent, action, interval, timeout, params, meta, key);
    }

    /** A monitor with an interval: the executor repeats it until cancelled. */
    public boolean recurring() {
        return !interval.isZero() && action.equals("monitor");
    }

    /** Pacemaker's operation key, {@code RESOURCE_ACTION_INTERVALMS}. */
    public String operationKey() {
        return resourceId + "_" + action + "_" + interval.toMillis();
    }

    /** The return code the transition expects (third field of the transition key), or -1 when unknown. */
    public int expectedRc() {
        if (transitionKey == null) {
            return -1;
        }
        String[] parts = transitionKey.split(":");
        try {
            return parts.length == 4 ? Integer.parseInt(parts[2]) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
