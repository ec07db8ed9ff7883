package org.pacer.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.pacer.cib.XmlElement;
import org.pacer.cluster.ClusterException;
import org.pacer.cluster.demo.DemoCib;
import org.pacer.cluster.demo.DemoTimeline;
import org.pacer.cluster.demo.DemoWatch;
import org.pacer.cluster.demo.LocalCluster;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pacer demo}: a 3-node cluster of pacerd processes on loopback running a fenced, monitored HTTP
 * service; crashes the node running it with kill -9 and prints the failover timeline. With {@code --keep}
 * the cluster stays up; {@code pacer demo stop --dir DIR} removes it.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run a 3-node cluster on this machine, crash the node running the service, show the failover.",
        subcommands = {DemoCommand.Stop.class})
final class DemoCommand implements Callable<Integer> {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration FAILOVER_TIMEOUT = Duration.ofSeconds(60);

    @Option(names = "--keep", description = "Leave the cluster running (no crash); stop it with 'pacer demo stop --dir DIR'.")
    boolean keep;
    @Option(names = "--dir", paramLabel = "DIR", description = "Where to put the cluster (default: a new temporary directory).")
    Path dir;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Path base = prepare();
        LocalCluster cluster = LocalCluster.create(base, 3, System.getProperty("java.home"),
                System.getProperty("java.class.path"));
        boolean leaveRunning = false;
        boolean failed = true;
        try {
            out.println("Starting 3 pacerd processes under " + base);
            out.flush();
            cluster.startAll();
            await("all 3 nodes to join", START_TIMEOUT, () -> cluster.members("node1").size() == 3);
            int port = LocalCluster.freePort();
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            cluster.call("node1", "cib-modify", Map.of(), DemoCib.fragment(cluster, new DemoCib.Settings(port,
                    base.resolve("activity.log"), java.toString(), System.getProperty("java.class.path"), "1s")));
            out.println("Configured: fence device fence-kill (fence_pacer_kill), group service = storage, web, address");
            out.flush();
            await("the service to start", START_TIMEOUT, () -> DemoWatch.httpNode(port).isPresent()
                    && !DemoWatch.activeOn(cluster.cib("node1"), "address").isEmpty());
            printStatus(out, cluster, port);
            if (keep) {
                leaveRunning = true;
                printKeep(out, cluster, base, port);
                return ExitCode.OK;
            }
            failover(out, cluster, port);
            failed = false;
            return ExitCode.OK;
        } finally {
            if (!leaveRunning) {
                out.println("Stopping everything" + (failed ? "" : " and removing " + base));
                out.flush();
                cluster.stopAll(Duration.ofSeconds(30), line -> { });
                if (failed) {
                    out.println("The nodes' logs are kept in " + base + " (remove it with: pacer demo stop --dir " + base + ")");
                } else {
                    cluster.delete();
                }
                out.flush();
            }
        }
    }

    private Path prepare() throws IOException {
        if (dir == null) {
            return Files.createTempDirectory("pacer-demo-");
        }
        if (Files.exists(dir) && Files.list(dir).findAny().isPresent()) {
            throw new CommandFailure(ExitCode.REFUSED, dir + " is not empty"
                    + (Files.exists(dir.resolve(LocalCluster.MARKER)) ? " (a demo runs there? pacer demo stop --dir " + dir + ")" : ""));
        }
        Files.createDirectories(dir);
        return dir.toAbsolutePath();
    }

    private static void printStatus(PrintWriter out, LocalCluster cluster, int port) {
        XmlElement cib = cluster.cib("node1");
        out.println();
        out.println("Cluster status:");
        out.println("  Nodes online: " + String.join(" ", cluster.members("node1")));
        for (String r : List.of("fence-kill", "storage", "web", "address")) {
            List<String> on = DemoWatch.activeOn(cib, r);
            out.printf("  %-11s %s%n", r, on.isEmpty() ? "Stopped" : "Started " + String.join(", ", on));
        }
        out.println("  HTTP service: http://127.0.0.1:" + port + "/ -> \"" + DemoWatch.httpNode(port)
                .map(n -> "pacer demo service on " + n).orElse("no answer") + "\"");
        out.println();
        out.flush();
    }

    private static void printKeep(PrintWriter out, LocalCluster cluster, Path base, int port) {
        out.println("The cluster keeps running. Each node's state directory holds its socket, for example:");
        out.println("  pacer status --socket " + cluster.socket("node1"));
        out.println("  pacer cluster members --socket " + cluster.socket("node2"));
        out.println("  pacer fence history --socket " + cluster.socket("node3"));
        out.println("  curl http://127.0.0.1:" + port + "/");
        out.println("Node logs: " + base + "/node1.log ... node3.log");
        out.println("Stop it and remove " + base + " with:");
        out.println("  pacer demo stop --dir " + base);
        out.flush();
    }

    private static void failover(PrintWriter out, LocalCluster cluster, int port) {
        String victim = DemoWatch.httpNode(port).orElseThrow();
        List<String> survivors = cluster.nodes().stream().filter(n -> !n.equals(victim)).toList();
        Instant crash = Instant.now();
        int killed = cluster.crash(victim);
        DemoTimeline timeline = new DemoTimeline(crash);
        timeline.add(crash, "kill -9 " + victim + " (pacerd and everything it started: " + killed + " processes)");
        out.println("Crashed " + victim + ", which ran the service. Watching the failover...");
        out.flush();
        Instant answered = null;
        long deadline = System.nanoTime() + FAILOVER_TIMEOUT.toNanos();
        while (answered == null && System.nanoTime() < deadline) {
            String watcher = survivors.get(0);
            if (!timeline.has("failure noticed")) {
                List<String> members = cluster.members(watcher);
                if (!members.isEmpty() && !members.contains(victim)) {
                    timeline.add(Instant.now(), "failure noticed: " + victim + " left the membership of " + members);
                }
            }
            watchRecovery(cluster, watcher, victim, timeline);
            Optional<String> node = DemoWatch.httpNode(port);
            if (node.isPresent() && !node.get().equals(victim)) {
                answered = Instant.now();
                timeline.add(answered, "HTTP service answering again, from " + node.get());
            }
            sleep(10);
        }
        // The CIB records the start just after the service answers: give it a moment.
        long settle = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (answered != null && !timeline.has("service started") && System.nanoTime() < settle) {
            watchRecovery(cluster, survivors.get(0), victim, timeline);
            sleep(10);
        }
        addFencing(cluster, survivors.get(0), victim, crash, timeline);
        out.println();
        out.println("Timeline (from the crash):");
        timeline.lines().forEach(out::println);
        if (answered == null) {
            throw new CommandFailure(ExitCode.FAILED, "the service did not come back within " + FAILOVER_TIMEOUT.toSeconds() + " s");
        }
        out.println(timeline.failover(answered));
        out.println();
        out.flush();
    }

    /** Notes when the recovery of the service began (its start pending) and when it was recorded started. */
    private static void watchRecovery(LocalCluster cluster, String watcher, String victim, DemoTimeline timeline) {
        if (timeline.has("service started")) {
            return;
        }
        try {
            XmlElement cib = cluster.cib(watcher);
            if (!timeline.has("recovery")) {
                DemoWatch.startingOn(cib, "storage").filter(n -> !n.equals(victim)).ifPresent(n ->
                        timeline.add(Instant.now(), "recovery begins: starting storage, web, address on " + n));
            }
            List<String> on = DemoWatch.activeOn(cib, "web");
            on.remove(victim);
            if (!on.isEmpty()) {
                timeline.add(Instant.now(), "service started on " + on.get(0) + " (web recorded started in the CIB)");
            }
        } catch (ClusterException e) {
            // The watcher is busy: look again next round.
        }
    }

    private static void addFencing(LocalCluster cluster, String node, String victim, Instant crash, DemoTimeline timeline) {
        try {
            XmlElement history = cluster.call(node, "fence-history", Map.of("target", victim), null)
                    .child("fence-history").orElseThrow();
            for (XmlElement event : history.children()) {
                Instant requested = Instant.parse(event.attr("requested"));
                if (requested.isBefore(crash)) {
                    continue;
                }
                timeline.add(requested, "fencing of " + victim + " requested by " + event.attr("origin"));
                if (event.attr("completed") != null) {
                    timeline.add(Instant.parse(event.attr("completed")), "fencing of " + victim + " "
                            + ("success".equals(event.attr("status")) ? "confirmed by device " + event.attr("device")
                            : event.attr("status")));
                }
            }
        } catch (ClusterException | java.time.format.DateTimeParseException e) {
            timeline.add(Instant.now(), "fence history not available: " + e.getMessage());
        }
    }

    private static void await(String what, Duration timeout, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new CommandFailure(ExitCode.FAILED, "gave up waiting for " + what + " after " + timeout.toSeconds() + " s");
            }
            sleep(50);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailure(ExitCode.FAILED, "interrupted");
        }
    }

    /** {@code pacer demo stop --dir DIR}: stops a kept demo cluster and removes its directory. */
    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop a demo cluster left running with --keep and remove it.")
    static final class Stop implements Callable<Integer> {
        @Option(names = "--dir", paramLabel = "DIR", required = true, description = "The directory 'pacer demo --keep' reported.")
        Path dir;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            LocalCluster cluster;
            try {
                cluster = LocalCluster.open(dir.toAbsolutePath());
            } catch (ClusterException e) {
                throw NodeConnection.failure(e);
            }
            cluster.stopAll(Duration.ofSeconds(30), line -> {
                out.println(line);
                out.flush();
            });
            cluster.delete();
            out.println("Stopped the demo cluster and removed " + cluster.dir());
            return ExitCode.OK;
        }
    }
}
