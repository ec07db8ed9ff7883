package org.pacer.executor;

/**
 * The executor's expected failure: a bad agent name, a missing agent, unreadable meta-data. The message
 * names the agent, resource or file concerned and is meant to be shown to the user as it is.
 */
public class ExecutorException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ExecutorException(String message) {
        super(message);
    }

    public ExecutorException(String message, Throwable cause) {
        super(message, cause);
    }
}
