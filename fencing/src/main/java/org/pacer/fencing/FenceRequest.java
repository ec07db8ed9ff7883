package org.pacer.fencing;

import java.time.Instant;
import java.util.Objects;

/**
 * A request to fence one node: which node, what to do to it, who asked (a node name, or a client such as
 * {@code pacer fence}) and when. Requests with the same target and action that overlap are merged.
 */
public record FenceRequest(String target, FenceAction action, String origin, Instant requestedAt) {
    public FenceRequest {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(requestedAt, "requestedAt");
        if (target.isBlank()) {
            throw new FencingException("a fence request needs a target node name");
        }
    }
}
