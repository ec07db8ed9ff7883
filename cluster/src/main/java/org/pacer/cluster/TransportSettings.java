package org.pacer.cluster;

/**
 * How nodes talk and how quickly a silent one is declared gone. A node that sends no heartbeat for
 * {@code failureTimeoutMs} is suspected, and removed once {@code verifyTimeoutMs} more pass without an
 * answer; a crashed process is noticed sooner, when its sockets close.
 */
public record TransportSettings(String type, long heartbeatIntervalMs, long failureTimeoutMs, long verifyTimeoutMs) {
    /** Defaults that notice a dead node within about a second on a LAN. */
    public static final TransportSettings DEFAULTS = new TransportSettings("tcp", 200, 700, 250);
}
