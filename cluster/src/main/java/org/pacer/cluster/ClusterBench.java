package org.pacer.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import org.pacer.cib.XmlElement;
import org.pacer.cib.XmlParser;

/**
 * The cluster benchmark behind {@code bench/cluster-bench.sh}: starts three pacerd processes on loopback,
 * measures committed CIB writes per second and their latency from 1 and 16 clients, then kills a node
 * with SIGKILL 20 times and measures how long until every survivor's view has dropped it.
 */
public final class ClusterBench {
    private final Path dir;
    private final Path config;
    private final Map<String, Process> processes = new LinkedHashMap<>();
    private final List<String> names = List.of("b1", "b2", "b3");
    private final boolean fullDaemon;
    /** The nodes' CPU use while nothing is written (heartbeats, timers), in nanoseconds per second. */
    private double idleCpuPerSecond;

    private ClusterBench(Path dir, boolean fullDaemon) {
        this.dir = dir;
        this.config = dir.resolve("cluster.conf");
        this.fullDaemon = fullDaemon;
    }

    /**
     * A node with membership, replication and the local API but no controller: what this benchmark
     * measures by default, so that scheduler runs triggered by each write do not count as replication.
     */
    public static final class ReplicationNode {
        private ReplicationNode() {
        }

        public static void main(String[] args) throws Exception {
            NodeDaemon.Options options = NodeDaemon.parse(args);
            ClusterConfig config = ClusterConfigFile.read(options.config());
            ClusterNode node = new ClusterNode(config, options.node(), ClusterKey.read(options.keyPath()),
                    options.stateDir(), java.time.Duration.ofSeconds(30)).start();
            CountDownLatch stop = new CountDownLatch(1);
            try (LocalApiServer api = new LocalApiServer(options.socketPath(), node, stop::countDown)) {
                stop.await();
            }
            node.close();
        }
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("pacer-bench");
        int basePort = args.length > 0 ? Integer.parseInt(args[0]) : 17801;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int kills = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        boolean fullDaemon = args.length > 3 && args[3].equals("--pacerd");
        ClusterBench bench = new ClusterBench(dir, fullDaemon);
        System.out.println(fullDaemon ? "nodes: full pacerd (controller included)" : "nodes: replication only (membership, CIB replication, local API)");
        try {
            bench.setUp(basePort);
            // Unmeasured warm-up: let the three JVMs compile the write path before anything counts.
            bench.writes(16, Math.max(seconds, 10), false);
            bench.measureIdle();
            bench.writes(1, seconds);
            bench.writes(16, seconds);
            if (kills > 0) {
                bench.kills(kills);
            }
        } finally {
            bench.processes.values().forEach(Process::destroyForcibly);
        }
    }

    private void setUp(int basePort) throws Exception {
        List<ClusterNodeAddress> nodes = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            nodes.add(new ClusterNodeAddress(names.get(i), i + 1, "127.0.0.1", basePort + i));
        }
        Files.writeString(config, ClusterConfigFile.format(new ClusterConfig("bench", nodes, TransportSettings.DEFAULTS,
                new QuorumSettings(3, false, false))));
        ClusterKey.generate(new SecureRandom()).write(dir.resolve("cluster.key"), false);
        for (String n : names) {
            start(n);
        }
        waitFor(() -> names.stream().allMatch(n -> members(n).size() == 3), 60_000);
        System.out.println("cluster of 3 pacerd processes up in " + dir);
    }

    private void start(String node) throws IOException {
        Files.createDirectories(dir.resolve(node));
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                fullDaemon ? NodeDaemon.class.getName() : ReplicationNode.class.getName(),
                "--config", config.toString(), "--node", node, "--state-dir", dir.resolve(node).toString());
        processes.put(node, new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(node + ".log").toFile())).start());
    }

    private Path socket(String node) {
        return dir.resolve(node).resolve(NodeDaemon.SOCKET_NAME);
    }

    private List<String> members(String node) {
        try (LocalApiClient client = LocalApiClient.connect(socket(node))) {
            XmlElement m = client.call("members", Map.of(), null).child("members").orElseThrow();
            if (!Boolean.parseBoolean(m.attr("synced"))) {
                return List.of();
            }
            return m.children("member").stream().map(e -> e.attr("name")).toList();
        } catch (ClusterException e) {
            return List.of();
        }
    }

    private void measureIdle() throws InterruptedException {
        long before = nodeCpuNanos();
        long start = System.nanoTime();
        Thread.sleep(3000); // the nodes idle while we measure; nothing in the bench waits on them
        idleCpuPerSecond = (nodeCpuNanos() - before) / ((System.nanoTime() - start) / 1e9);
        System.out.printf(Locale.ROOT, "CPU of the 3 nodes when idle: %.0f ms/s%n", idleCpuPerSecond / 1e6);
    }

    private void writes(int clients, int seconds) throws Exception {
        writes(clients, seconds, true);
    }

    private void writes(int clients, int seconds, boolean report) throws Exception {
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicLong failures = new AtomicLong();
        CountDownLatch done = new CountDownLatch(clients);
        long cpuBefore = nodeCpuNanos();
        long compilerBefore = compilerCpuNanos();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        XmlParser parser = new XmlParser();
        for (int c = 0; c < clients; c++) {
            String node = names.get(c % names.size());
            int client = c;
            Thread t = new Thread(() -> {
                try (LocalApiClient api = LocalApiClient.connect(socket(node))) {
                    for (int i = 0; System.nanoTime() < end; i++) {
                        XmlElement fragment = parser.parse("<crm_config><cluster_property_set id='bench'><nvpair id='bench-c"
                                + client + "' name='c" + client + "' value='" + i + "'/></cluster_property_set></crm_config>", "bench");
                        long start = System.nanoTime();
                        try {
                            api.call("cib-modify", Map.of("request-id", "bench-" + clients + "-" + client + "-" + i), fragment);
                            latencies.add(System.nanoTime() - start);
                        } catch (ClusterException e) {
                            failures.incrementAndGet();
                        }
                    }
                } finally {
                    done.countDown();
                }
            });
            t.start();
        }
        done.await();
        long cpuUsed = nodeCpuNanos() - cpuBefore;
        long compilerUsed = compilerCpuNanos() - compilerBefore;
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        if (!report) {
            System.out.printf(Locale.ROOT, "warm-up: %d writes%n", sorted.size());
            return;
        }
        System.out.printf(Locale.ROOT, "writes, %2d client(s): %7.0f committed writes/s, latency p50 %6.2f ms, p99 %6.2f ms (%d writes, %d failed)%n",
                clients, sorted.size() / (double) seconds, percentile(sorted, 50) / 1e6, percentile(sorted, 99) / 1e6,
                sorted.size(), failures.get());
        // CPU time does not depend on what else the machine runs, unlike writes/s on a shared, loaded host.
        double aboveIdle = cpuUsed - idleCpuPerSecond * seconds;
        int n = Math.max(1, sorted.size());
        System.out.printf(Locale.ROOT, "               CPU of the 3 nodes per committed write: %.2f ms (%.2f ms above idle, %.2f ms of it"
                        + " compiling with the JIT); load average %s%n",
                cpuUsed / 1e6 / n, aboveIdle / 1e6 / n, compilerUsed / 1e6 / n, loadAverage());
    }

    private long nodeCpuNanos() {
        return processes.values().stream().mapToLong(p -> p.info().totalCpuDuration()
                .map(java.time.Duration::toNanos).orElse(0L)).sum();
    }

    /** CPU time of the nodes' JIT compiler threads (Linux /proc; 0 elsewhere): warm-up, not replication. */
    private long compilerCpuNanos() {
        long ticks = 0;
        for (Process p : processes.values()) {
            Path tasks = Path.of("/proc", Long.toString(p.pid()), "task");
            try (var threads = Files.list(tasks)) {
                for (Path task : (Iterable<Path>) threads::iterator) {
                    try {
                        if (!Files.readString(task.resolve("comm")).startsWith("C")) {
                            continue;
                        }
                        String stat = Files.readString(task.resolve("stat"));
                        if (!stat.contains("CompilerThre")) {
                            continue;
                        }
                        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    } catch (IOException | RuntimeException gone) {
                        // the thread ended between listing and reading
                    }
                }
            } catch (IOException e) {
                return 0;
            }
        }
        return ticks * 10_000_000L; // USER_HZ is 100 on Linux
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private void kills(int count) throws Exception {
        List<Long> detections = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            String victim = names.get(k % names.size());
            List<String> survivors = names.stream().filter(n -> !n.equals(victim)).toList();
            Process p = processes.remove(victim);
            long start = System.nanoTime();
            p.destroyForcibly();
            waitFor(() -> survivors.stream().allMatch(s -> {
                List<String> m = members(s);
                return !m.isEmpty() && !m.contains(victim);
            }), 30_000);
            detections.add(System.nanoTime() - start);
            p.waitFor();
            start(victim);
            // Not measured: a generous bound, since a JVM starting on a busy shared host can take long.
            waitFor(() -> names.stream().allMatch(n -> members(n).size() == 3), 180_000);
        }
        Collections.sort(detections);
        System.out.printf(Locale.ROOT, "kill -9 detection over %d kills: p50 %.0f ms, p99 %.0f ms, max %.0f ms%n", count,
                percentile(detections, 50) / 1e6, percentile(detections, 99) / 1e6, detections.get(detections.size() - 1) / 1e6);
    }

    private static long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static void waitFor(BooleanSupplier condition, long timeoutMs) {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("timed out after " + timeoutMs + "ms");
            }
            try {
                Thread.sleep(5); // polling every 5 ms bounds the measurement error without loading the nodes
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
