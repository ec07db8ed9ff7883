package org.pacer.executor;

import java.util.List;
import java.util.Map;

/**
 * Exactly how one agent process is started: its argument vector (never a shell command line), its whole
 * environment, and what it reads on standard input (fence agents' {@code key=value} lines, or null).
 */
public record AgentInvocation(List<String> argv, Map<String, String> env, String stdin) {
    public AgentInvocation {
        argv = List.copyOf(argv);
        env = Map.copyOf(env);
    }
}
