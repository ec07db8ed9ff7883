package org.pacer.fencing;

/**
 * Runs fence agents. The fencer only talks to agents through this, so another way of running them (the
 * executor's general agent runner, a remote node) can stand in; {@link ProcessFenceAgentRunner} runs them
 * as local processes. A run blocks until the agent ends or its timeout has passed and it has been killed.
 */
public interface FenceAgentRunner {
    /**
     * Runs {@code call} to its end. An agent that fails or times out is an outcome, not an exception;
     * a {@link FencingException} means the agent could not be run at all (not installed, not executable).
     */
    FenceAgentOutcome run(FenceAgentCall call);
}
