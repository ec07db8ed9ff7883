package org.pacer.cluster.demo;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.pacer.cib.XmlElement;
import org.pacer.cluster.ClusterConfig;
import org.pacer.cluster.ClusterConfigFile;
import org.pacer.cluster.ClusterException;
import org.pacer.cluster.ClusterKey;
import org.pacer.cluster.ClusterNodeAddress;
import org.pacer.cluster.LocalApiClient;
import org.pacer.cluster.NodeDaemon;
import org.pacer.cluster.QuorumSettings;
import org.pacer.cluster.TransportSettings;

/**
 * A cluster of pacerd processes on loopback under one directory: {@code cluster.conf} and {@code cluster.key}
 * there, and per node a state directory {@code DIR/NODE} with its socket, log and a private {@code tmp}
 * (agents' state files, so that nodes do not see each other's resources as on separate machines; emptied
 * when the node starts, as a reboot would). Used by
 * {@code pacer demo} and by the end-to-end tests. Processes are started detached: they outlive this object
 * unless {@link #close} is called.
 */
public final class LocalCluster implements AutoCloseable {
    private final Path dir;
    private final List<String> nodes;
    private final String java;
    private final String classpath;
    private final boolean linkCuts;

    private LocalCluster(Path dir, List<String> nodes, String java, String classpath, boolean linkCuts) {
        this.dir = dir;
        this.nodes = List.copyOf(nodes);
        this.java = java;
        this.classpath = classpath;
        this.linkCuts = linkCuts;
    }

    /** The same cluster, whose nodes (started from now on) let {@link #partition} cut their links: tests only. */
    public LocalCluster withLinkCuts() {
        return new LocalCluster(dir, nodes, java, classpath, true);
    }

    /**
     * Splits the network into the given sides: every node drops the messages of the nodes not on its side.
     * With a single side holding every node, the links are whole again. Needs {@link #withLinkCuts}.
     */
    public void partition(List<List<String>> sides) {
        for (List<String> side : sides) {
            String others = nodes.stream().filter(n -> !side.contains(n)).collect(Collectors.joining(","));
            for (String n : side) {
                call(n, "test-links", Map.of("block", others), null);
            }
        }
    }

    /** Writes the configuration and key of a new {@code size}-node cluster on free loopback ports. */
    public static LocalCluster create(Path dir, int size, String javaHome, String classpath) {
        try {
            Files.createDirectories(dir);
            List<ClusterNodeAddress> addresses = new ArrayList<>();
            for (int i = 1; i <= size; i++) {
                addresses.add(new ClusterNodeAddress("node" + i, i, "127.0.0.1", freePort()));
            }
            ClusterConfig config = new ClusterConfig("pacer-demo", addresses, TransportSettings.DEFAULTS,
                    new QuorumSettings(size, size == 2, size == 2));
            Files.writeString(dir.resolve(MARKER), "made by pacer demo; removed by pacer demo stop\n");
            Files.writeString(dir.resolve("cluster.conf"), ClusterConfigFile.format(config));
            ClusterKey.generate(new SecureRandom()).write(dir.resolve("cluster.key"), true);
            for (ClusterNodeAddress a : addresses) {
                Files.createDirectories(dir.resolve(a.name()).resolve("tmp"));
            }
            return new LocalCluster(dir, addresses.stream().map(ClusterNodeAddress::name).toList(),
                    Path.of(javaHome, "bin", "java").toString(), classpath, false);
        } catch (IOException e) {
            throw new ClusterException(dir + ": cannot set up a local cluster: " + e.getMessage(), e);
        }
    }

    /** An existing local cluster (for {@code pacer demo stop}). */
    public static LocalCluster open(Path dir) {
        if (!Files.exists(dir.resolve(MARKER))) {
            throw new ClusterException(ClusterException.Kind.NOT_FOUND, dir + " holds no cluster made by pacer demo");
        }
        ClusterConfig config = ClusterConfigFile.read(dir.resolve("cluster.conf"));
        return new LocalCluster(dir, config.nodes().stream().map(ClusterNodeAddress::name).toList(),
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), System.getProperty("java.class.path"),
                false);
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    public Path dir() {
        return dir;
    }

    public List<String> nodes() {
        return nodes;
    }

    public Path stateDir(String node) {
        return dir.resolve(node);
    }

    public Path socket(String node) {
        return stateDir(node).resolve(NodeDaemon.SOCKET_NAME);
    }

    public Path log(String node) {
        return dir.resolve(node + ".log");
    }

    /** Starts pacerd for {@code node}, detached, with its output appended to {@code DIR/NODE.log}. */
    public void start(String node) {
        List<String> command = new ArrayList<>(List.of(java, "-Xss512k", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Xmx128m", "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS"));
        if (linkCuts) {
            command.add("-D" + NodeDaemon.TEST_LINKS_PROPERTY + "=true");
        }
        command.addAll(List.of("-cp", classpath, NodeDaemon.class.getName(), "--config", dir.resolve("cluster.conf").toString(),
                "--node", node, "--state-dir", stateDir(node).toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log(node).toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().put("TMPDIR", stateDir(node).resolve("tmp").toString());
        builder.environment().put("PACER_STATE_DIR", stateDir(node).toString());
        try {
            emptyTmp(node);
            builder.start();
        } catch (IOException e) {
            throw new ClusterException("cannot start pacerd for " + node + ": " + e.getMessage(), e);
        }
    }

    /**
     * A node starts as a machine boots: with an empty {@code tmp}, so the state files of agents that ran there
     * before a crash do not make their resources look active (a machine's /run or /tmp does not outlive it).
     */
    private void emptyTmp(String node) throws IOException {
        Path tmp = stateDir(node).resolve("tmp");
        if (Files.isDirectory(tmp)) {
            try (var paths = Files.walk(tmp)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    if (!p.equals(tmp)) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
        Files.createDirectories(tmp);
    }

    public void startAll() {
        nodes.forEach(this::start);
    }

    /** The running pacerd of {@code node}, from its pid file. */
    public Optional<ProcessHandle> process(String node) {
        try {
            Path pidFile = stateDir(node).resolve("pacerd.pid");
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Power loss: SIGKILL to the node's pacerd and everything it started. Returns how many processes. */
    public int crash(String node) {
        Optional<ProcessHandle> p = process(node);
        if (p.isEmpty()) {
            return 0;
        }
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(p.get());
        tree.addAll(p.get().descendants().toList());
        tree.forEach(ProcessHandle::destroyForcibly);
        return tree.size();
    }

    /** Asks the node to shut down cleanly (as {@code pacer cluster stop} does). */
    public void stop(String node) {
        call(node, "shutdown", Map.of(), null);
    }

    public XmlElement call(String node, String op, Map<String, String> attributes, XmlElement body) {
        try (LocalApiClient client = LocalApiClient.connect(socket(node))) {
            return client.call(op, attributes, body);
        }
    }

    /** The node's copy of the CIB. */
    public XmlElement cib(String node) {
        XmlElement copy = call(node, "cib-query", Map.of(), null).child("cib-copy").orElseThrow();
        return copy.children().get(0);
    }

    /** Members as {@code node} sees them, when it is synchronised; empty when it does not answer. */
    public List<String> members(String node) {
        try {
            XmlElement m = call(node, "members", Map.of(), null).child("members").orElseThrow();
            if (!Boolean.parseBoolean(m.attr("synced"))) {
                return List.of();
            }
            return m.children("member").stream().map(e -> e.attr("name")).collect(Collectors.toList());
        } catch (ClusterException e) {
            return List.of();
        }
    }

    /** Nodes whose pacerd runs. */
    public Map<String, Long> running() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String n : nodes) {
            process(n).ifPresent(p -> out.put(n, p.pid()));
        }
        return out;
    }

    /** The marker file that says a directory was made by {@link #create} (so it may be removed). */
    public static final String MARKER = ".pacer-local-cluster";

    /**
     * Stops the whole cluster: resources first (cluster property {@code stop-all-resources}), then every
     * node cleanly; whatever still runs after {@code timeout} is killed. Progress lines go to {@code progress}.
     */
    public void stopAll(Duration timeout, Consumer<String> progress) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Long> running = running();
        if (!running.isEmpty()) {
            String any = running.keySet().iterator().next();
            try {
                XmlElement stopAll = XmlElement.of("cib", Map.of(), List.of(XmlElement.of("configuration", Map.of(),
                        List.of(XmlElement.of("crm_config", Map.of(), List.of(DemoCib.set("cluster_property_set",
                                "cib-bootstrap-options", Map.of("stop-all-resources", "true"))))))));
                call(any, "cib-modify", Map.of(), stopAll);
                progress.accept("stopping resources (stop-all-resources=true)");
                while (System.nanoTime() < deadline && anythingActive(any)) {
                    pause();
                }
            } catch (ClusterException e) {
                progress.accept("could not stop resources first: " + e.getMessage());
            }
        }
        for (String n : running.keySet()) {
            try {
                stop(n);
            } catch (ClusterException e) {
                // Already gone: nothing to stop.
            }
        }
        progress.accept("stopping pacerd on " + String.join(", ", running.keySet()));
        while (System.nanoTime() < deadline && !running().isEmpty()) {
            pause();
        }
        close();
    }

    private boolean anythingActive(String node) {
        XmlElement cib = cib(node);
        for (XmlElement primitive : cib.path("configuration", "resources").map(r -> r.descendantsAndSelf()
                .filter(e -> e.name().equals("primitive")).toList()).orElse(List.of())) {
            if (!"stonith".equals(primitive.attr("class")) && !DemoWatch.activeOn(cib, primitive.id()).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterException("interrupted");
        }
    }

    /** Removes the cluster's directory, only if {@link #create} made it. */
    public void delete() {
        if (!Files.exists(dir.resolve(MARKER))) {
            throw new ClusterException(ClusterException.Kind.REFUSED, dir + " was not made by pacer demo; not removing it");
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new ClusterException(dir + ": could not remove everything: " + e.getMessage(), e);
        }
    }

    /** Kills every node's process tree (tests' cleanup; the demo stops nodes cleanly first). */
    @Override
    public void close() {
        for (String n : nodes) {
            crash(n);
        }
    }
}
