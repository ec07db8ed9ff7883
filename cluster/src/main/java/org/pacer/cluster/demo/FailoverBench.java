package org.pacer.cluster.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The failover benchmark behind {@code bench/failover-bench.sh}: on one 3-node demo cluster, RUNS times each,
 * (a) a failed monitor (the HTTP server killed under its agent) until the service answers again, and (b) kill -9
 * of the node running the service until the service answers from another node; the killed node is restarted
 * between runs. Prints each run and p50/p99 of both.
 */
public final class FailoverBench {
    private FailoverBench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Path dir = Files.createTempDirectory("pacer-failover-bench-");
        LocalCluster cluster = LocalCluster.create(dir, 3, System.getProperty("java.home"), System.getProperty("java.class.path"));
        List<Double> monitor = new ArrayList<>();
        List<Double> crash = new ArrayList<>();
        boolean finished = false;
        try {
            System.out.println("load average (1, 5, 15 min) at the start: " + loadAverage());
            cluster.startAll();
            await(Duration.ofSeconds(90), () -> cluster.members("node1").size() == 3);
            int port = LocalCluster.freePort();
            cluster.call("node1", "cib-modify", Map.of(), DemoCib.fragment(cluster, new DemoCib.Settings(port,
                    dir.resolve("activity.log"), Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    System.getProperty("java.class.path"), "1s")));
            for (int i = 1; i <= runs; i++) {
                settle(cluster, port);
                String home = DemoWatch.httpNode(port).orElseThrow();
                Path pidFile = cluster.stateDir(home).resolve("tmp").resolve("pacer-HttpService-web.pid");
                long pid = Long.parseLong(Files.readString(pidFile).strip());
                long t0 = System.nanoTime();
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                await(Duration.ofSeconds(60), () -> DemoWatch.httpNode(port).isEmpty());
                await(Duration.ofSeconds(60), () -> DemoWatch.httpNode(port).isPresent());
                monitor.add((System.nanoTime() - t0) / 1e9);
                // Fail counts would move the service after a few runs: forget them.
                cluster.call(home, "resource-cleanup", Map.of("resource", "web"), null);
                settle(cluster, port);
                home = DemoWatch.httpNode(port).orElseThrow();
                t0 = System.nanoTime();
                cluster.crash(home);
                String victim = home;
                await(Duration.ofSeconds(60), () -> DemoWatch.httpNode(port).filter(n -> !n.equals(victim)).isPresent());
                crash.add((System.nanoTime() - t0) / 1e9);
                System.out.printf("run %2d: monitor failure -> answering %.2f s; kill -9 %s -> answering elsewhere %.2f s%n",
                        i, monitor.get(i - 1), victim, crash.get(i - 1));
                cluster.start(victim);
                await(Duration.ofSeconds(90), () -> cluster.members(victim).size() == 3);
            }
            System.out.println("load average (1, 5, 15 min) at the end: " + loadAverage());
            System.out.println(summary("failed monitor -> running again", monitor));
            System.out.println(summary("kill -9 -> HTTP answering elsewhere", crash));
            finished = true;
        } finally {
            cluster.stopAll(Duration.ofSeconds(30), line -> { });
            if (finished) {
                cluster.delete();
            } else {
                System.out.println("nodes' logs kept in " + dir);
            }
        }
    }

    /** Waits until the whole group runs and nothing is recorded failed. */
    private static void settle(LocalCluster cluster, int port) throws InterruptedException {
        await(Duration.ofSeconds(90), () -> DemoWatch.httpNode(port).isPresent()
                && !DemoWatch.activeOn(cluster.cib(DemoWatch.httpNode(port).orElse("node1")), "address").isEmpty());
    }

    /** The machine's load average: on a shared machine the figures mean little without it. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + ", " + f[1] + ", " + f[2];
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }

    static String summary(String what, List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return String.format("%-36s n=%d  p50 %.2f s  p99 %.2f s  (min %.2f, max %.2f)", what, sorted.size(),
                percentile(sorted, 50), percentile(sorted, 99), sorted.get(0), sorted.get(sorted.size() - 1));
    }

    static double percentile(List<Double> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static void await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up after " + timeout.toSeconds() + " s");
            }
            Thread.sleep(10);
        }
    }
}
