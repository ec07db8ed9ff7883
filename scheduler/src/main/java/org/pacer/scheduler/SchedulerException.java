package org.pacer.scheduler;

/** An expected failure of the scheduler: the CIB cannot be scheduled as given (the message says why and where). */
public class SchedulerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SchedulerException(String message) {
        super(message);
    }

    public SchedulerException(String message, Throwable cause) {
        super(message, cause);
    }
}
