package org.pacer.cluster;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Several real nodes on loopback in this JVM, each with its own state directory and ports. */
final class LoopbackCluster implements AutoCloseable {
    final ClusterConfig config;
    final ClusterKey key;
    final Path root;
    final Map<String, ClusterNode> nodes = new LinkedHashMap<>();

    LoopbackCluster(Path root, int size) {
        this(root, size, TransportSettings.DEFAULTS);
    }

    LoopbackCluster(Path root, int size, TransportSettings transport) {
        this.root = root;
        this.key = ClusterKey.generate(new SecureRandom());
        List<ClusterNodeAddress> addresses = new ArrayList<>();
        for (int i = 1; i <= size; i++) {
            addresses.add(new ClusterNodeAddress("n" + i, i, "127.0.0.1", freePort()));
        }
        this.config = new ClusterConfig("test", addresses, transport,
                new QuorumSettings(size, size == 2, size == 2));
    }

    /** A port free now, whose FD_SOCK2 companion (port + 100) is free too. */
    static int freePort() {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int port = s.getLocalPort();
                if (port + 100 < 65536) {
                    try (ServerSocket companion = new ServerSocket(port + 100, 1, InetAddress.getLoopbackAddress())) {
                        return port;
                    } catch (IOException busy) {
                        // try another
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("no free port pair");
    }

    LoopbackCluster startAll() {
        for (ClusterNodeAddress n : config.nodes()) {
            start(n.name());
        }
        return this;
    }

    ClusterNode start(String name) {
        ClusterNode node = new ClusterNode(config, name, key, root.resolve(name), Duration.ofSeconds(5)).start();
        nodes.put(name, node);
        return node;
    }

    void stop(String name) {
        ClusterNode node = nodes.remove(name);
        if (node != null) {
            node.close();
        }
    }

    ClusterNode node(String name) {
        return nodes.get(name);
    }

    /** Cuts every link between the two groups, in both directions. */
    void partition(Set<String> a, Set<String> b) {
        for (String x : a) {
            for (String y : b) {
                nodes.get(x).links().block(y);
                nodes.get(y).links().block(x);
            }
        }
    }

    void heal() {
        nodes.values().forEach(n -> n.links().unblockAll());
    }

    /**
     * Waits until each group's nodes see exactly that group, synchronised by its DC (whose id the copy names
     * in dc-uuid), on one digest.
     */
    void awaitGroups(List<Set<String>> groups) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            for (Set<String> group : groups) {
                Set<String> digests = group.stream().map(n -> nodes.get(n).status().digest()).collect(Collectors.toSet());
                for (String n : group) {
                    NodeStatus s = nodes.get(n).status();
                    if (!Set.copyOf(s.members()).equals(group) || !s.synced() || !syncedByItsDc(s)) {
                        return false;
                    }
                }
                if (digests.size() != 1) {
                    return false;
                }
            }
            return true;
        });
    }

    /** The copy carries its DC's mark: the DC of the current view has synchronised it, not an earlier one. */
    private boolean syncedByItsDc(NodeStatus s) {
        return s.dc() != null && config.node(s.dc())
                .map(dc -> Integer.toString(dc.id()).equals(s.cib().attr("dc-uuid"))).orElse(false);
    }

    @Override
    public void close() {
        new ArrayList<>(nodes.keySet()).forEach(this::stop);
    }
}
