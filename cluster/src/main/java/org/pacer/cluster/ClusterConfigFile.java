package org.pacer.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes {@code cluster.conf}, an INI file people edit by hand:
 * <pre>
 * [cluster]
 * name = demo
 * transport = tcp
 * heartbeat_interval = 200ms
 * failure_timeout = 700ms
 * # transport = udp sends to all members by IP multicast; the group defaults to 239.255.73.1:45700
 * # multicast_address = 239.255.73.1
 * # multicast_port = 45700
 *
 * [quorum]
 * expected_votes = 3
 * two_node = no
 *
 * [node alpha]
 * id = 1
 * address = 10.0.0.1:7801
 * </pre>
 * Every error names the file, the line and the field, like {@code cluster.conf:12: port: not a number}.
 */
public final class ClusterConfigFile {
    private static final Pattern SECTION = Pattern.compile("\\[\\s*([a-z_]+)(?:\\s+([^\\]\\s]+))?\\s*]");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(ms|s)?");
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    private ClusterConfigFile() {
    }

    /** One {@code key = value} line, kept with its line number for messages. */
    private record Entry(String value, int line) {
    }

    /** One {@code [kind name]} section with its entries. */
    private record Section(String kind, String label, int line, Map<String, Entry> entries) {
    }

    public static ClusterConfig read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ClusterException(ClusterException.Kind.NOT_FOUND, file + ": no such file");
        } catch (IOException e) {
            throw new ClusterException(file + ": cannot read: " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    public static ClusterConfig parse(String text, String source) {
        List<Section> sections = sections(text, source);
        Section cluster = null;
        Section quorum = null;
        List<Section> nodeSections = new ArrayList<>();
        for (Section s : sections) {
            switch (s.kind()) {
                case "cluster" -> cluster = single(cluster, s, source);
                case "quorum" -> quorum = single(quorum, s, source);
                case "node" -> nodeSections.add(s);
                default -> throw error(source, s.line(), "[" + s.kind() + "]",
                        "unknown section (expected [cluster], [quorum] or [node NAME])");
            }
        }
        if (cluster == null) {
            throw error(source, 1, "[cluster]", "missing section");
        }
        String name = required(cluster, "name", source);
        checkName(name, cluster.entries().get("name"), "name", source);
        TransportSettings defaults = TransportSettings.DEFAULTS;
        String transport = optional(cluster, "transport", defaults.type());
        if (!transport.equals("tcp") && !transport.equals("udp")) {
            throw error(source, cluster.entries().get("transport").line(), "transport", "'" + transport
                    + "' is not a transport (tcp or udp)");
        }
        for (String key : List.of("multicast_address", "multicast_port")) {
            if (transport.equals("tcp") && cluster.entries().containsKey(key)) {
                throw error(source, cluster.entries().get(key).line(), key, "only used with transport = udp");
            }
        }
        TransportSettings timings = new TransportSettings(transport,
                duration(cluster, "heartbeat_interval", defaults.heartbeatIntervalMs(), source),
                duration(cluster, "failure_timeout", defaults.failureTimeoutMs(), source),
                duration(cluster, "verify_timeout", defaults.verifyTimeoutMs(), source),
                multicastAddress(cluster, source),
                (int) number(cluster, "multicast_port", TransportSettings.DEFAULT_MULTICAST_PORT, 1, 65535, source));
        if (timings.failureTimeoutMs() <= timings.heartbeatIntervalMs()) {
            int line = cluster.entries().containsKey("failure_timeout")
                    ? cluster.entries().get("failure_timeout").line() : cluster.line();
            throw error(source, line, "failure_timeout", "must be longer than heartbeat_interval");
        }
        unknownKeys(cluster, Set.of("name", "transport", "heartbeat_interval", "failure_timeout", "verify_timeout",
                "multicast_address", "multicast_port"), source);

        List<ClusterNodeAddress> nodes = nodes(nodeSections, source);
        if (nodes.isEmpty()) {
            throw error(source, cluster.line(), "[node]", "no nodes: add a [node NAME] section for each node");
        }
        int expected = nodes.size();
        boolean twoNode = nodes.size() == 2;
        boolean waitForAll = twoNode;
        if (quorum != null) {
            expected = (int) number(quorum, "expected_votes", expected, 1, 1024, source);
            twoNode = bool(quorum, "two_node", twoNode, source);
            waitForAll = bool(quorum, "wait_for_all", waitForAll, source);
            if (twoNode && expected != 2) {
                throw error(source, quorum.entries().containsKey("two_node") ? quorum.entries().get("two_node").line()
                        : quorum.line(), "two_node", "needs exactly 2 expected votes, not " + expected);
            }
            unknownKeys(quorum, Set.of("expected_votes", "two_node", "wait_for_all"), source);
        }
        return new ClusterConfig(name, nodes, timings, new QuorumSettings(expected, twoNode, waitForAll));
    }

    /** The file's text for a configuration; {@link #parse} reads it back to an equal configuration. */
    public static String format(ClusterConfig config) {
        StringBuilder out = new StringBuilder();
        out.append("# Pacer cluster configuration: the same file on every node.\n");
        out.append("[cluster]\n");
        out.append("name = ").append(config.name()).append('\n');
        out.append("transport = ").append(config.transport().type()).append('\n');
        out.append("# A node silent for failure_timeout is suspected, and removed verify_timeout later.\n");
        out.append("heartbeat_interval = ").append(config.transport().heartbeatIntervalMs()).append("ms\n");
        out.append("failure_timeout = ").append(config.transport().failureTimeoutMs()).append("ms\n");
        out.append("verify_timeout = ").append(config.transport().verifyTimeoutMs()).append("ms\n");
        if (config.transport().type().equals("udp")) {
            out.append("# Messages to all members go by IP multicast to this group.\n");
            out.append("multicast_address = ").append(config.transport().multicastAddress()).append('\n');
            out.append("multicast_port = ").append(config.transport().multicastPort()).append('\n');
        }
        out.append("\n[quorum]\n");
        out.append("expected_votes = ").append(config.quorum().expectedVotes()).append('\n');
        out.append("two_node = ").append(config.quorum().twoNode() ? "yes" : "no").append('\n');
        out.append("wait_for_all = ").append(config.quorum().waitForAll() ? "yes" : "no").append('\n');
        for (ClusterNodeAddress node : config.nodes()) {
            out.append("\n[node ").append(node.name()).append("]\n");
            out.append("id = ").append(node.id()).append('\n');
            out.append("address = ").append(hostPort(node.host(), node.port())).append('\n');
        }
        return out.toString();
    }

    static String hostPort(String host, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    private static List<Section> sections(String text, String source) {
        List<Section> sections = new ArrayList<>();
        Section current = null;
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[")) {
                Matcher m = SECTION.matcher(line);
                if (!m.matches()) {
                    throw error(source, lineNo, line, "not a section header (expected [cluster], [quorum] or [node NAME])");
                }
                current = new Section(m.group(1), m.group(2), lineNo, new LinkedHashMap<>());
                sections.add(current);
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw error(source, lineNo, line, "expected 'key = value'");
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            if (current == null) {
                throw error(source, lineNo, key, "outside any section (start with [cluster])");
            }
            if (current.entries().containsKey(key)) {
                throw error(source, lineNo, key, "set twice (first on line " + current.entries().get(key).line() + ")");
            }
            current.entries().put(key, new Entry(value, lineNo));
        }
        return sections;
    }

    private static List<ClusterNodeAddress> nodes(List<Section> sections, String source) {
        List<ClusterNodeAddress> nodes = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<Integer> ids = new HashSet<>();
        Set<String> addresses = new HashSet<>();
        int nextId = 1;
        for (Section s : sections) {
            if (s.label() == null) {
                throw error(source, s.line(), "[node]", "needs a name, like [node alpha]");
            }
            if (!NAME.matcher(s.label()).matches()) {
                throw error(source, s.line(), "[node]", "'" + s.label() + "' is not a valid node name");
            }
            if (!names.add(s.label())) {
                throw error(source, s.line(), "[node " + s.label() + "]", "node defined twice");
            }
            int id = (int) number(s, "id", nextId, 1, Integer.MAX_VALUE, source);
            if (!ids.add(id)) {
                throw error(source, s.entries().get("id") == null ? s.line() : s.entries().get("id").line(), "id",
                        id + " is used by another node");
            }
            nextId = Math.max(nextId, id) + 1;
            Entry address = s.entries().get("address");
            if (address == null) {
                throw error(source, s.line(), "address", "missing in [node " + s.label() + "] (like address = 10.0.0.1:7801)");
            }
            ClusterNodeAddress node = parseAddress(s.label(), id, address.value(),
                    msg -> error(source, address.line(), "address", msg));
            if (!addresses.add(node.host() + ":" + node.port())) {
                throw error(source, address.line(), "address", address.value() + " is used by another node");
            }
            unknownKeys(s, Set.of("id", "address"), source);
            nodes.add(node);
        }
        return nodes;
    }

    /** A node from a {@code NAME=HOST:PORT} command-line argument; errors quote the argument. */
    public static ClusterNodeAddress nodeArgument(String argument, int id) {
        int eq = argument.indexOf('=');
        if (eq <= 0) {
            throw new ClusterException("'" + argument + "' is not NODE=HOST:PORT");
        }
        String name = argument.substring(0, eq);
        if (!NAME.matcher(name).matches()) {
            throw new ClusterException("'" + argument + "': '" + name + "' is not a valid node name");
        }
        return parseAddress(name, id, argument.substring(eq + 1), msg -> new ClusterException("'" + argument + "': " + msg));
    }

    /** Parses {@code HOST:PORT} (IPv6 hosts in brackets); {@code failure} turns a complaint into an exception. */
    static ClusterNodeAddress parseAddress(String name, int id, String value,
                                           java.util.function.Function<String, ClusterException> failure) {
        String host;
        String port;
        if (value.startsWith("[")) {
            int close = value.indexOf("]:");
            if (close < 0) {
                throw failure.apply("'" + value + "' is not [IPV6]:PORT");
            }
            host = value.substring(1, close);
            port = value.substring(close + 2);
        } else {
            int colon = value.lastIndexOf(':');
            if (colon <= 0 || value.indexOf(':') != colon) {
                throw failure.apply("'" + value + "' is not HOST:PORT");
            }
            host = value.substring(0, colon);
            port = value.substring(colon + 1);
        }
        int portNumber;
        try {
            portNumber = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw failure.apply("port '" + port + "' is not a number");
        }
        if (portNumber < 1 || portNumber > 65535) {
            throw failure.apply("port " + portNumber + " is not between 1 and 65535");
        }
        if (host.isBlank() || host.chars().anyMatch(Character::isWhitespace)) {
            throw failure.apply("'" + value + "' has no valid host");
        }
        return new ClusterNodeAddress(name, id, host, portNumber);
    }

    private static Section single(Section previous, Section s, String source) {
        if (previous != null) {
            throw error(source, s.line(), "[" + s.kind() + "]", "section repeated (first on line " + previous.line() + ")");
        }
        if (s.label() != null) {
            throw error(source, s.line(), "[" + s.kind() + "]", "takes no name");
        }
        return s;
    }

    private static void checkName(String value, Entry entry, String field, String source) {
        if (!NAME.matcher(value).matches()) {
            throw error(source, entry.line(), field, "'" + value
                    + "' is not a valid name (letters, digits, '.', '_', '-'; at most 64)");
        }
    }

    private static String required(Section s, String key, String source) {
        Entry e = s.entries().get(key);
        if (e == null || e.value().isEmpty()) {
            throw error(source, e == null ? s.line() : e.line(), key, "missing in [" + s.kind() + "]");
        }
        return e.value();
    }

    private static String optional(Section s, String key, String fallback) {
        Entry e = s.entries().get(key);
        return e == null ? fallback : e.value();
    }

    /** An IPv4 or IPv6 multicast group, written as a literal address (never looked up in DNS). */
    private static String multicastAddress(Section s, String source) {
        Entry e = s.entries().get("multicast_address");
        if (e == null) {
            return TransportSettings.DEFAULT_MULTICAST_ADDRESS;
        }
        String value = e.value();
        boolean multicast;
        Matcher v4 = IPV4.matcher(value);
        if (v4.matches()) {
            int first = Integer.parseInt(v4.group(1));
            boolean octets = java.util.stream.IntStream.rangeClosed(1, 4).allMatch(i -> Integer.parseInt(v4.group(i)) <= 255);
            multicast = octets && first >= 224 && first <= 239;
        } else if (value.contains(":") && value.matches("[0-9A-Fa-f:.]+")) {
            try {
                multicast = java.net.InetAddress.getByName(value).isMulticastAddress();
            } catch (java.net.UnknownHostException ex) {
                multicast = false;
            }
        } else {
            multicast = false;
        }
        if (!multicast) {
            throw error(source, e.line(), "multicast_address", "'" + value
                    + "' is not a multicast address (like 239.255.73.1, in 224.0.0.0/4, or ff05::1 for IPv6)");
        }
        return value;
    }

    private static long duration(Section s, String key, long fallbackMs, String source) {
        Entry e = s.entries().get(key);
        if (e == null) {
            return fallbackMs;
        }
        Matcher m = DURATION.matcher(e.value());
        if (!m.matches()) {
            throw error(source, e.line(), key, "'" + e.value() + "' is not a duration (like 200ms or 2s)");
        }
        long value = Long.parseLong(m.group(1)) * ("s".equals(m.group(2)) ? 1000 : 1);
        if (value < 10 || value > 600_000) {
            throw error(source, e.line(), key, value + "ms is outside 10ms..600s");
        }
        return value;
    }

    private static long number(Section s, String key, long fallback, long min, long max, String source) {
        Entry e = s.entries().get(key);
        if (e == null) {
            return fallback;
        }
        try {
            long value = Long.parseLong(e.value());
            if (value < min || value > max) {
                throw error(source, e.line(), key, value + " is outside " + min + ".." + max);
            }
            return value;
        } catch (NumberFormatException ex) {
            throw error(source, e.line(), key, "'" + e.value() + "' is not a number");
        }
    }

    private static boolean bool(Section s, String key, boolean fallback, String source) {
        Entry e = s.entries().get(key);
        if (e == null) {
            return fallback;
        }
        return switch (e.value().toLowerCase(java.util.Locale.ROOT)) {
            case "yes", "true", "on", "1" -> true;
            case "no", "false", "off", "0" -> false;
            default -> throw error(source, e.line(), key, "'" + e.value() + "' is not yes or no");
        };
    }

    private static void unknownKeys(Section s, Set<String> known, String source) {
        for (Map.Entry<String, Entry> e : s.entries().entrySet()) {
            if (!known.contains(e.getKey())) {
                throw error(source, e.getValue().line(), e.getKey(), "unknown field in [" + s.kind()
                        + "] (known: " + String.join(", ", new java.util.TreeSet<>(known)) + ")");
            }
        }
    }

    private static ClusterException error(String source, int line, String field, String message) {
        return new ClusterException(source + ":" + line + ": " + field + ": " + message);
    }
}
