package org.pacer.fencing;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One run of a fence agent: the agent (an executable's name, e.g. {@code fence_ipmilan}), the action, the
 * arguments it gets on stdin after {@code action=} (device parameters, then the host argument and
 * {@code nodename}), and how long it may take. Values must not contain line breaks, which would smuggle in
 * other arguments.
 */
public record FenceAgentCall(String agent, String action, Map<String, String> arguments, Duration timeout) {
    public FenceAgentCall {
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(timeout, "timeout");
        arguments = Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
        checkLine("action", action, agent);
        arguments.forEach((name, value) -> {
            checkLine(name, name, agent);
            checkLine(name, value, agent);
            if (name.isEmpty() || name.contains("=")) {
                throw new FencingException("fence agent " + agent + ": parameter name \"" + name
                        + "\" is empty or contains '='");
            }
        });
    }

    /** The agent's standard input: {@code action=...} then one {@code name=value} line per argument. */
    public String stdin() {
        StringBuilder text = new StringBuilder("action=").append(action).append('\n');
        arguments.forEach((name, value) -> text.append(name).append('=').append(value).append('\n'));
        return text.toString();
    }

    private static void checkLine(String name, String value, String agent) {
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('\0') >= 0) {
            throw new FencingException("fence agent " + agent + ": parameter " + name
                    + " contains a line break or NUL, which the fence agent protocol cannot carry");
        }
    }
}
