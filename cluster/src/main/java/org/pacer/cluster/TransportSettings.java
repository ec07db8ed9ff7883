package org.pacer.cluster;

/**
 * How nodes talk and how quickly a silent one is declared gone. A node that sends no heartbeat for
 * {@code failureTimeoutMs} is suspected, and removed once {@code verifyTimeoutMs} more pass without an
 * answer; a crashed process is noticed sooner, when its sockets close. With {@code type} "tcp" every message
 * travels over TCP connections between the nodes; with "udp" messages to all members are sent once, by IP
 * multicast to {@code multicastAddress}:{@code multicastPort}, and the rest as UDP datagrams to each node's
 * address. Discovery uses the configured node list either way.
 */
public record TransportSettings(String type, long heartbeatIntervalMs, long failureTimeoutMs, long verifyTimeoutMs,
                                String multicastAddress, int multicastPort) {
    /** The multicast group used when the file names none: administratively scoped (RFC 2365). */
    public static final String DEFAULT_MULTICAST_ADDRESS = "239.255.73.1";
    public static final int DEFAULT_MULTICAST_PORT = 45700;
    /** Defaults that notice a dead node within about a second on a LAN. */
    public static final TransportSettings DEFAULTS = new TransportSettings("tcp", 200, 700, 250);

    /** Settings with the default multicast group (used only by the udp transport). */
    public TransportSettings(String type, long heartbeatIntervalMs, long failureTimeoutMs, long verifyTimeoutMs) {
        this(type, heartbeatIntervalMs, failureTimeoutMs, verifyTimeoutMs, DEFAULT_MULTICAST_ADDRESS, DEFAULT_MULTICAST_PORT);
    }

    /** The same timings over UDP multicast to {@code address}:{@code port}. */
    public TransportSettings overUdp(String address, int port) {
        return new TransportSettings("udp", heartbeatIntervalMs, failureTimeoutMs, verifyTimeoutMs, address, port);
    }
}
