package org.pacer.cluster;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import org.pacer.cluster.controller.ControllerApi;
import org.pacer.cluster.controller.NodeController;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * pacerd: runs one node in the foreground until asked to stop (SIGTERM or the API's shutdown). It holds a
 * lock on its state directory so two daemons never share one, and listens on {@code pacerd.sock} there
 * unless told otherwise.
 */
public final class NodeDaemon {
    private static final Logger LOG = LoggerFactory.getLogger(NodeDaemon.class);
    public static final Path DEFAULT_STATE_DIR = Path.of("/var/lib/pacer");
    public static final String SOCKET_NAME = "pacerd.sock";
    /** How long a clean shutdown waits for the DC to move this node's resources away. */
    static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(120);
    /**
     * System property that lets end-to-end tests cut this node's links through the local API (operation
     * {@code test-links}, attribute {@code block}: the nodes whose messages are dropped from now on). Never set
     * in production: without it the operation does not exist.
     */
    public static final String TEST_LINKS_PROPERTY = "pacer.test.links";

    /** The daemon's command line. */
    public record Options(Path config, String node, Path stateDir, Path socket, Path key) {
        public Path socketPath() {
            return socket != null ? socket : stateDir.resolve(SOCKET_NAME);
        }

        /** The key: given, else in the state directory, else next to the configuration file. */
        public Path keyPath() {
            if (key != null) {
                return key;
            }
            Path inState = stateDir.resolve("cluster.key");
            if (Files.exists(inState)) {
                return inState;
            }
            Path parent = config.toAbsolutePath().getParent();
            return parent.resolve("cluster.key");
        }
    }

    private NodeDaemon() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.err));
    }

    /** Parses the command line and runs until stopped; returns the exit status. */
    public static int run(String[] args, PrintStream err) {
        Options options;
        try {
            options = parse(args);
        } catch (ClusterException e) {
            err.println("pacerd: " + e.getMessage());
            err.println("usage: pacerd --config FILE --node NAME [--state-dir DIR] [--socket PATH] [--key FILE]");
            return 2;
        }
        try {
            runUntilStopped(options);
            return 0;
        } catch (ClusterException e) {
            err.println("pacerd: " + e.getMessage());
            return e.kind() == ClusterException.Kind.NOT_FOUND ? 3 : 1;
        }
    }

    static Options parse(String[] args) {
        Path config = null;
        String node = null;
        Path stateDir = DEFAULT_STATE_DIR;
        Path socket = null;
        Path key = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                throw new ClusterException("help");
            }
            if (i + 1 >= args.length) {
                throw new ClusterException(arg + " needs a value");
            }
            String value = args[++i];
            switch (arg) {
                case "--config" -> config = Path.of(value);
                case "--node" -> node = value;
                case "--state-dir" -> stateDir = Path.of(value);
                case "--socket" -> socket = Path.of(value);
                case "--key" -> key = Path.of(value);
                default -> throw new ClusterException("unknown option " + arg);
            }
        }
        if (config == null || node == null) {
            throw new ClusterException("--config and --node are required");
        }
        return new Options(config, node, stateDir, socket, key);
    }

    private static org.pacer.cib.XmlElement cutLinks(ClusterNode node, String block) {
        node.links().unblockAll();
        for (String peer : block.split(",")) {
            if (!peer.isBlank()) {
                node.config().requireNode(peer.strip());
                node.links().block(peer.strip());
            }
        }
        LOG.warn("pacerd: test hook: links from {} cut", block.isBlank() ? "no node" : block);
        return org.pacer.cib.XmlElement.of("links", java.util.Map.of("blocked", block));
    }

    static void runUntilStopped(Options options) {
        ClusterConfig config = ClusterConfigFile.read(options.config());
        config.requireNode(options.node());
        ClusterKey key = ClusterKey.read(options.keyPath());
        try {
            Files.createDirectories(options.stateDir());
        } catch (IOException e) {
            throw new ClusterException(options.stateDir() + ": cannot create the state directory: " + e.getMessage());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        try (FileChannel lockFile = FileChannel.open(options.stateDir().resolve("pacerd.lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock = lockFile.tryLock();
            if (lock == null) {
                throw new ClusterException(ClusterException.Kind.REFUSED, options.stateDir()
                        + ": another pacerd is running with this state directory");
            }
            Files.writeString(options.stateDir().resolve("pacerd.pid"), ProcessHandle.current().pid() + "\n");
            ClusterNode node = new ClusterNode(config, options.node(), key, options.stateDir(), Duration.ofSeconds(30));
            node.start();
            NodeController controller = NodeController.start(node, options.stateDir());
            LocalApiServer api = new LocalApiServer(options.socketPath(), node, stopped::countDown);
            ControllerApi.register(api, controller);
            if (Boolean.getBoolean(TEST_LINKS_PROPERTY)) {
                api.register("test-links", request -> cutLinks(node, request.attr("block", "")));
            }
            CountDownLatch finished = new CountDownLatch(1);
            Thread hook = new Thread(() -> {
                // SIGTERM is a clean shutdown too: let the main thread move resources away first.
                stopped.countDown();
                try {
                    finished.await(SHUTDOWN_TIMEOUT.toSeconds() + 10, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                api.close();
                node.close();
            }, "pacerd-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            LOG.info("pacerd: node {} of cluster {} running; socket {}", options.node(), config.name(), api.socket());
            stopped.await();
            LOG.info("pacerd: node {} stopping", options.node());
            controller.shutdown(SHUTDOWN_TIMEOUT);
            controller.close();
            api.close();
            node.close();
            finished.countDown();
            Files.deleteIfExists(options.stateDir().resolve("pacerd.pid"));
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // Already shutting down (SIGTERM): the hook does the same work.
            }
        } catch (IOException e) {
            throw new ClusterException(options.stateDir() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
