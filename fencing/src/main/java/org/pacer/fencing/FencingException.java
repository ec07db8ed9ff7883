package org.pacer.fencing;

import java.util.List;

/**
 * An expected fencing failure: a fence device configured wrongly, an agent that cannot be found or started,
 * or a fencing operation that no device or level could complete. The message is one line naming the device,
 * parameter or target; {@link #attempts()} lists what was tried when fencing itself failed.
 */
public class FencingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String target;
    private final transient List<DeviceAttempt> attempts;

    public FencingException(String message) {
        this(message, null, List.of());
    }

    public FencingException(String message, Throwable cause) {
        super(message, cause);
        this.target = null;
        this.attempts = List.of();
    }

    public FencingException(String message, String target, List<DeviceAttempt> attempts) {
        super(message);
        this.target = target;
        this.attempts = List.copyOf(attempts);
    }

    /** The node that could not be fenced, or null when the failure is not about one target. */
    public String target() {
        return target;
    }

    /** The device attempts made before giving up, in order; empty when none could be made. */
    public List<DeviceAttempt> attempts() {
        return attempts == null ? List.of() : attempts;
    }
}
