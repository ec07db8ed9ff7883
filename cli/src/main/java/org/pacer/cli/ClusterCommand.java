package org.pacer.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.pacer.cib.XmlElement;
import org.pacer.cluster.ClusterConfig;
import org.pacer.cluster.ClusterConfigFile;
import org.pacer.cluster.ClusterException;
import org.pacer.cluster.ClusterKey;
import org.pacer.cluster.ClusterNodeAddress;
import org.pacer.cluster.QuorumSettings;
import org.pacer.cluster.TransportSettings;
import org.pacer.cluster.LocalApiClient;
import org.pacer.cluster.NodeDaemon;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code pacer cluster ...}: set up a cluster, run and stop the local node, list the members. */
@Command(name = "cluster", description = "Set up the cluster, start and stop this node, show membership.",
        mixinStandardHelpOptions = true,
        subcommands = {ClusterCommand.Setup.class, ClusterCommand.Keygen.class, ClusterCommand.Members.class,
                ClusterCommand.Start.class, ClusterCommand.Stop.class})
final class ClusterCommand implements Runnable {
    static final Path DEFAULT_CONFIG_DIR = Path.of("/etc/pacer");

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    private static <T> T orFail(java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (ClusterException e) {
            throw NodeConnection.failure(e);
        }
    }

    @Command(name = "setup", description = "Write DIR/cluster.conf and a new DIR/cluster.key.", mixinStandardHelpOptions = true)
    static final class Setup implements Callable<Integer> {
        @Option(names = "--name", required = true, description = "The cluster's name.")
        String name;
        @Option(names = "--dir", paramLabel = "DIR", description = "Where to write the files (default /etc/pacer).")
        Path dir = DEFAULT_CONFIG_DIR;
        @Option(names = "--force", description = "Replace existing files.")
        boolean force;
        @Option(names = "--transport", paramLabel = "tcp|udp",
                description = "How nodes talk: tcp (default), or udp, which sends messages to all members once by IP multicast.")
        String transport = "tcp";
        @Option(names = "--multicast", paramLabel = "GROUP:PORT",
                description = "The multicast group of the udp transport (default 239.255.73.1:45700).")
        String multicast;
        @Parameters(paramLabel = "NODE=HOST:PORT", arity = "1..*", description = "Each node's name and address.")
        List<String> nodes;
        @Spec
        CommandSpec spec;

        /** The transport the options ask for; the configuration parser checks the values themselves. */
        private TransportSettings transport() {
            TransportSettings settings = new TransportSettings(transport, TransportSettings.DEFAULTS.heartbeatIntervalMs(),
                    TransportSettings.DEFAULTS.failureTimeoutMs(), TransportSettings.DEFAULTS.verifyTimeoutMs());
            if (multicast == null) {
                return settings;
            }
            if (!transport.equals("udp")) {
                throw new CommandFailure(ExitCode.USAGE, "--multicast is only used with --transport udp");
            }
            int colon = multicast.lastIndexOf(':');
            try {
                return settings.overUdp(multicast.substring(0, Math.max(colon, 0)).replaceAll("^\\[|]$", ""),
                        Integer.parseInt(multicast.substring(colon + 1)));
            } catch (NumberFormatException e) {
                throw new CommandFailure(ExitCode.USAGE, "--multicast: '" + multicast + "' is not GROUP:PORT");
            }
        }

        @Override
        public Integer call() throws IOException {
            List<ClusterNodeAddress> addresses = new ArrayList<>();
            for (String node : nodes) {
                addresses.add(orFail(() -> ClusterConfigFile.nodeArgument(node, addresses.size() + 1)));
            }
            ClusterConfig draft = new ClusterConfig(name, addresses, transport(),
                    new QuorumSettings(addresses.size(), addresses.size() == 2, addresses.size() == 2));
            // Reading the text back checks the rest (a valid cluster name, unique names and addresses).
            ClusterConfig config = orFail(() -> ClusterConfigFile.parse(ClusterConfigFile.format(draft), "cluster setup"));
            Path conf = dir.resolve("cluster.conf");
            Path key = dir.resolve("cluster.key");
            if (!force && (Files.exists(conf) || Files.exists(key))) {
                throw new CommandFailure(ExitCode.REFUSED, (Files.exists(conf) ? conf : key) + " exists already (use --force to replace)");
            }
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".cluster.conf", ".tmp");
            Files.writeString(tmp, ClusterConfigFile.format(config));
            Files.move(tmp, conf, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            orFail(() -> {
                ClusterKey.generate(new SecureRandom()).write(key, true);
                return null;
            });
            PrintWriter out = spec.commandLine().getOut();
            out.println("wrote " + conf + " (" + config.nodes().size() + " nodes) and " + key);
            out.println("copy both to every node, then run: pacer cluster start --config " + conf + " --node NAME");
            return ExitCode.OK;
        }
    }

    @Command(name = "keygen", description = "Write a new random cluster key.", mixinStandardHelpOptions = true)
    static final class Keygen implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", arity = "0..1", description = "The key file (default /etc/pacer/cluster.key).")
        Path file = DEFAULT_CONFIG_DIR.resolve("cluster.key");
        @Option(names = "--force", description = "Replace an existing key.")
        boolean force;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            orFail(() -> {
                ClusterKey.generate(new SecureRandom()).write(file, force);
                return null;
            });
            spec.commandLine().getOut().println("wrote a new cluster key to " + file + "; copy it to every node");
            return ExitCode.OK;
        }
    }

    @Command(name = "members", description = "List the members of this node's partition.", mixinStandardHelpOptions = true)
    static final class Members implements Callable<Integer> {
        @Mixin
        NodeConnection node;
        @Mixin
        OutputOption output;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            XmlElement m = node.call("members", Map.of(), null).child("members").orElseThrow();
            List<String> members = m.children("member").stream().map(e -> e.attr("name")).toList();
            String dc = m.attr("dc", "");
            if (output.json()) {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("node", m.attr("node"));
                json.put("members", members);
                json.put("quorate", Boolean.parseBoolean(m.attr("quorate")));
                json.put("dc", dc.isEmpty() ? null : dc);
                json.put("votes", Integer.parseInt(m.attr("votes")));
                json.put("expected_votes", Integer.parseInt(m.attr("expected-votes")));
                json.put("synced", Boolean.parseBoolean(m.attr("synced")));
                spec.commandLine().getOut().println(Json.write(json));
            } else {
                PrintWriter out = spec.commandLine().getOut();
                out.println("Node:     " + m.attr("node"));
                out.println("DC:       " + (dc.isEmpty() ? "(none)" : dc));
                out.println("Quorate:  " + (Boolean.parseBoolean(m.attr("quorate")) ? "yes" : "no"));
                out.println("Members:  " + String.join(" ", members));
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "start", description = "Start this node's pacerd (in the background unless --foreground).",
            mixinStandardHelpOptions = true)
    static final class Start implements Callable<Integer> {
        @Option(names = "--config", paramLabel = "FILE", description = "The cluster configuration (default /etc/pacer/cluster.conf).")
        Path config = DEFAULT_CONFIG_DIR.resolve("cluster.conf");
        @Option(names = "--node", paramLabel = "NAME", description = "This node's name in the configuration (default: the host name).")
        String nodeName;
        @Option(names = "--state-dir", paramLabel = "DIR", description = "The node's state directory (default /var/lib/pacer).")
        Path stateDir = NodeDaemon.DEFAULT_STATE_DIR;
        @Option(names = "--foreground", description = "Run in this process until stopped.")
        boolean foreground;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException, InterruptedException {
            ClusterConfig cluster = orFail(() -> ClusterConfigFile.read(config));
            String name = nodeName != null ? nodeName : InetAddress.getLocalHost().getHostName().split("\\.")[0];
            orFail(() -> cluster.requireNode(name));
            List<String> args = List.of("--config", config.toString(), "--node", name, "--state-dir", stateDir.toString());
            if (foreground) {
                return NodeDaemon.run(args.toArray(String[]::new), System.err);
            }
            Files.createDirectories(stateDir);
            Path socket = stateDir.resolve(NodeDaemon.SOCKET_NAME);
            if (answers(socket)) {
                throw new CommandFailure(ExitCode.REFUSED, "another pacerd is running with this state directory ("
                        + socket + " answers)");
            }
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Daemon.class.getName()));
            command.addAll(args);
            Path log = stateDir.resolve("pacerd.log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
            while (Instant.now().isBefore(deadline)) {
                if (!process.isAlive()) {
                    throw new CommandFailure(ExitCode.FAILED, "pacerd exited with status " + process.exitValue()
                            + "; see " + log);
                }
                if (answers(socket)) {
                    spec.commandLine().getOut().println("started node " + name + " (pid " + process.pid()
                            + "); socket " + socket + ", log " + log);
                    return ExitCode.OK;
                }
                process.waitFor(100, java.util.concurrent.TimeUnit.MILLISECONDS);
            }
            throw new CommandFailure(ExitCode.FAILED, "pacerd did not answer on " + socket + " within 30s; see " + log);
        }
    }

    private static boolean answers(Path socket) {
        if (!Files.exists(socket)) {
            return false;
        }
        try (LocalApiClient client = LocalApiClient.connect(socket)) {
            client.call("members", Map.of(), null);
            return true;
        } catch (ClusterException e) {
            return false;
        }
    }

    @Command(name = "stop", description = "Stop the node pacerd runs on this socket.", mixinStandardHelpOptions = true)
    static final class Stop implements Callable<Integer> {
        @Mixin
        NodeConnection node;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws InterruptedException {
            node.call("shutdown", Map.of(), null);
            Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
            while (Instant.now().isBefore(deadline) && Files.exists(node.socketPath())) {
                Thread.sleep(100);
            }
            if (Files.exists(node.socketPath())) {
                throw new CommandFailure(ExitCode.FAILED, "pacerd on " + node.socketPath() + " did not stop within 30s");
            }
            spec.commandLine().getOut().println("stopped");
            return ExitCode.OK;
        }
    }
}
