package org.pacer.executor.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.pacer.executor.AgentExecutor;
import org.pacer.executor.AgentName;
import org.pacer.executor.ExecutorConfig;
import org.pacer.executor.OperationRequest;
import org.pacer.executor.OperationResult;
import org.pacer.executor.Standard;

/**
 * Runs N resources with recurring monitors of a trivial agent for a while and reports the executor's own CPU
 * and heap beside the agents' CPU, and the delay between each monitor's due time and its start, in the steady state
 * (after the first monitors and two intervals of warm-up).
 * Usage: ExecutorBench [resources=1000] [intervalSeconds=10] [durationSeconds=60] [parallelism=default]
 */
public final class ExecutorBench {
    private ExecutorBench() {
    }

    public static void main(String[] args) throws Exception {
        int resources = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int intervalSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int durationSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        Path dir = Files.createTempDirectory("pacer-bench");
        Path agent = dir.resolve("agents/ocf/resource.d/bench/Trivial");
        Files.createDirectories(agent.getParent());
        Files.writeString(agent, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(agent, PosixFilePermissions.fromString("rwxr-xr-x"));
        ExecutorConfig config = ExecutorConfig.defaults().withPacerAgents(dir.resolve("agents")).withWorkDir(dir.resolve("work"));
        if (args.length > 3) {
            config = config.withParallelism(Integer.parseInt(args[3]));
        }
        AgentName trivial = new AgentName(Standard.OCF, "bench", "Trivial");

        List<Long> delaysMs = Collections.synchronizedList(new ArrayList<>());
        AtomicLong runs = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        System.out.printf("executor bench: %d resources, monitor every %ds, for %ds, parallelism %d, %d cores, load %.1f%n",
                resources, intervalSeconds, durationSeconds, config.parallelism(), Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        try (AgentExecutor executor = new AgentExecutor(config)) {
            executor.addResultListener(result -> {
                runs.incrementAndGet();
                if (result.rc() != 0) {
                    failures.incrementAndGet();
                }
            });
            List<CompletableFuture<OperationResult>> firsts = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int i = 0; i < resources; i++) {
                OperationRequest monitor = new OperationRequest("rsc" + i, trivial, "monitor",
                        Duration.ofSeconds(intervalSeconds), Duration.ofSeconds(20), Map.of("n", Integer.toString(i)), Map.of(), null);
                firsts.add(executor.submit(monitor).toCompletableFuture());
            }
            CompletableFuture.allOf(firsts.toArray(CompletableFuture[]::new)).join();
            System.out.printf("first monitors of all resources done in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            // Measure the steady state only: after two intervals of warm-up (the JIT compiler is busy until then),
            // every run is a recurring one with a due time.
            Thread.sleep(2000L * intervalSeconds);
            executor.addResultListener(result -> delaysMs.add(result.queueTime().toMillis()));
            SleepLateness lateness = SleepLateness.start();
            long cpu0 = os.getProcessCpuTime();
            long[] children0 = cpuTicks("self");
            Map<String, Long> threads0 = threadTicks();
            long wall0 = System.nanoTime();
            long runs0 = runs.get();
            long heapPeak = 0;
            for (int s = 0; s < durationSeconds; s++) {
                Thread.sleep(1000);
                heapPeak = Math.max(heapPeak, memory.getHeapMemoryUsage().getUsed());
            }
            double wallS = (System.nanoTime() - wall0) / 1e9;
            // The lateness probe's own CPU is the bench's, not the executor's.
            double executorCpuS = (os.getProcessCpuTime() - cpu0 - lateness.cpuNanos()) / 1e9;
            long[] children1 = cpuTicks("self");
            Map<String, Long> threads1 = threadTicks();
            double agentsCpuS = ((children1[2] - children0[2]) + (children1[3] - children0[3])) / 100.0;
            List<Long> late = lateness.stop();
            System.gc();
            long heapAfterGc = memory.getHeapMemoryUsage().getUsed();
            List<Long> sorted = new ArrayList<>(delaysMs);
            Collections.sort(sorted);
            System.out.printf("monitor runs in %.0f s: %d (%.1f/s), failures %d%n", wallS, runs.get() - runs0,
                    (runs.get() - runs0) / wallS, failures.get());
            System.out.printf("executor CPU: %.2f s = %.1f%% of one core (the JVM, agents excluded)%n", executorCpuS,
                    100 * executorCpuS / wallS);
            System.out.printf("agents CPU:   %.2f s = %.1f%% of one core (reaped agent processes: setsid + sh)%n",
                    agentsCpuS, 100 * agentsCpuS / wallS);
            System.out.printf("per monitor run: executor %.2f ms, agent %.2f ms of CPU%n",
                    1000 * executorCpuS / (runs.get() - runs0), 1000 * agentsCpuS / (runs.get() - runs0));
            System.out.printf("executor heap: peak used %.1f MB, after GC %.1f MB%n", heapPeak / 1e6, heapAfterGc / 1e6);
            System.out.printf("system load average at the end: %.1f%n", os.getSystemLoadAverage());
            System.out.println("executor CPU by thread kind (ms per monitor run): " + perRun(threads0, threads1, runs.get() - runs0));
            System.out.printf("monitor start delay after due time: p50 %d ms, p99 %d ms, max %d ms (%d samples)%n",
                    percentile(sorted, 0.50), percentile(sorted, 0.99), sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1),
                    sorted.size());
            System.out.printf("machine's wake-up lateness (a bare thread sleeping 10 ms, same JVM): p50 %d ms, p99 %d ms, max %d ms%n",
                    percentile(late, 0.50), percentile(late, 0.99), late.isEmpty() ? 0 : late.get(late.size() - 1));
        }
    }

    /**
     * How late a thread that does nothing but sleep 10 ms wakes up: what the machine's load alone adds to any due
     * time in this JVM, to read the monitors' delay against.
     */
    private static final class SleepLateness {
        private final List<Long> lateMs = Collections.synchronizedList(new ArrayList<>());
        private volatile boolean stopped;
        private Thread thread;

        static SleepLateness start() {
            SleepLateness probe = new SleepLateness();
            probe.thread = new Thread(() -> {
                while (!probe.stopped) {
                    long before = System.nanoTime();
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        return;
                    }
                    probe.lateMs.add(Math.max(0, (System.nanoTime() - before) / 1_000_000 - 10));
                }
            }, "bench-sleep-probe");
            probe.thread.setDaemon(true);
            probe.thread.start();
            return probe;
        }

        long cpuNanos() {
            return ManagementFactory.getThreadMXBean().getThreadCpuTime(thread.getId());
        }

        List<Long> stop() throws InterruptedException {
            stopped = true;
            thread.join();
            List<Long> sorted = new ArrayList<>(lateMs);
            Collections.sort(sorted);
            return sorted;
        }
    }

    private static long percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }

    /**
     * CPU ticks (user + system) of the JVM's live threads, summed by thread name with digits removed ("GC Thread#",
     * "process reaper", "C2 CompilerThread"...), from /proc/self/task: it sees the JVM's own threads too.
     */
    private static Map<String, Long> threadTicks() throws IOException {
        Map<String, Long> ticks = new java.util.TreeMap<>();
        try (java.util.stream.Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]", "").strip();
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks.merge(name, Long.parseLong(fields[11]) + Long.parseLong(fields[12]), Long::sum);
                } catch (IOException ended) {
                    // The thread ended while we looked.
                }
            }
        }
        return ticks;
    }

    private static String perRun(Map<String, Long> before, Map<String, Long> after, long runs) {
        StringBuilder text = new StringBuilder();
        after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0)
                .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                .forEach(e -> text.append(String.format("%s%s %.2f", text.length() == 0 ? "" : ", ", e.getKey(),
                        10.0 * e.getValue() / Math.max(1, runs))));
        return text.toString();
    }

    /** utime, stime, cutime, cstime of a process (cu/cs: its reaped children), in clock ticks, from /proc. */
    private static long[] cpuTicks(String pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", pid, "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // After "pid (comm) ", field 3 (state) is index 0: utime is field 14, stime 15, cutime 16, cstime 17.
        return new long[] {Long.parseLong(fields[11]), Long.parseLong(fields[12]), Long.parseLong(fields[13]),
                Long.parseLong(fields[14])};
    }
}
