package org.pacer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.pacer.cluster.ClusterConfig;
import org.pacer.cluster.ClusterConfigFile;
import org.pacer.cluster.ClusterKey;
import org.pacer.cluster.ClusterNode;
import org.pacer.cluster.LocalApiServer;

import picocli.CommandLine;

/**
 * The operator commands against three real nodes in this JVM (JGroups on loopback, each node serving its
 * own socket): building the demo's configuration, every kind of refusal, dry runs, status, export/import.
 * The tests run in order on one cluster; the last one takes quorum away.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminCommandsTest {
    private static final String AGENTS = Path.of("..", "agents").toAbsolutePath().normalize().toString();

    @TempDir
    static Path dir;
    private static final List<AutoCloseable> running = new ArrayList<>();
    private static String a;
    private static String b;

    record Run(int status, String out, String err) {
    }

    static Run pacer(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(status, out.toString(), err.toString());
    }

    /** Runs a command on node a's socket. */
    static Run on(String socket, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--socket");
        all.add(socket);
        return pacer(all.toArray(String[]::new));
    }

    static Run ok(String... args) {
        Run run = on(a, args);
        assertThat(run.status()).as(String.join(" ", args) + "\n" + run.err() + run.out()).isZero();
        return run;
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @BeforeAll
    static void startCluster() throws Exception {
        Run setup = pacer("cluster", "setup", "--name", "demo", "--dir", dir.toString(),
                "a=127.0.0.1:" + freePort(), "b=127.0.0.1:" + freePort(), "c=127.0.0.1:" + freePort());
        assertThat(setup.status()).as(setup.err()).isZero();
        ClusterConfig config = ClusterConfigFile.read(dir.resolve("cluster.conf"));
        ClusterKey key = ClusterKey.read(dir.resolve("cluster.key"));
        for (String n : List.of("a", "b", "c")) {
            ClusterNode node = new ClusterNode(config, n, key, dir.resolve(n), Duration.ofSeconds(10)).start();
            running.add(node);
            running.add(new LocalApiServer(dir.resolve(n + ".sock"), node, () -> { }));
        }
        a = dir.resolve("a.sock").toString();
        b = dir.resolve("b.sock").toString();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            String members = on(a, "cluster", "members", "--output", "json").out();
            return members.contains("\"members\": [\"a\", \"b\", \"c\"]") && members.contains("\"synced\": true");
        });
        // What the controller's DC writes once nodes join (no controller runs in this test): the node entries.
        Run nodes = on(a, "cib", "modify", "--xml-text", "<configuration><nodes><node id='1' uname='a'/>"
                + "<node id='2' uname='b'/><node id='3' uname='c'/></nodes></configuration>");
        assertThat(nodes.status()).as(nodes.err()).isZero();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
    }

    private static String epoch(String socket) {
        return on(socket, "cib", "query", "--output", "json").out().replaceAll("(?s).*\"epoch\": ([0-9]+).*", "$1");
    }

    @Test
    @Order(1)
    void buildsTheDemoConfigurationWithTheseCommandsAlone() {
        ok("property", "set", "stonith-enabled=true", "no-quorum-policy=stop", "cluster-name=demo");
        ok("fence", "device", "create", "killer", "fence_pacer_kill", "pcmk_host_list=a b c", "--agent-dir", AGENTS);
        ok("resource", "create", "data", "ocf:pacer:Dummy", "--group", "storage", "--agent-dir", AGENTS);
        ok("resource", "create", "disk", "ocf:pacer:Dummy", "fake=disk", "--group", "storage", "--agent-dir", AGENTS);
        ok("resource", "create", "web", "ocf:pacer:Dummy", "op", "monitor", "interval=10s", "timeout=20s",
                "--agent-dir", AGENTS);
        ok("resource", "create", "vip", "ocf:pacer:Dummy", "meta", "resource-stickiness=100", "--agent-dir", AGENTS);
        ok("constraint", "colocation", "add", "web", "with", "storage");
        ok("constraint", "colocation", "add", "vip", "with", "web");
        ok("constraint", "order", "add", "storage", "then", "web");
        ok("constraint", "order", "add", "web", "then", "vip");
        ok("constraint", "location", "add", "storage", "prefers", "a=50");
        ok("resource", "defaults", "resource-stickiness=100");
        assertThat(on(b, "resource", "defaults").out()).isEqualTo("resource-stickiness=100\n");

        // Written through the cluster: node b holds the same configuration.
        String onB = on(b, "cib", "query", "--xpath", "//resources").out();
        assertThat(onB).contains("<group id=\"storage\">").contains("id=\"data\"").contains("id=\"disk\"")
                .contains("<primitive id=\"killer\" class=\"stonith\" type=\"fence_pacer_kill\">")
                .contains("<op id=\"web-monitor-interval-10s\" name=\"monitor\" interval=\"10s\" timeout=\"20s\"/>")
                .contains("name=\"pcmk_host_list\" value=\"a b c\"");
        assertThat(on(b, "cib", "query", "--xpath", "//primitive[@id='data']//op[@name='monitor']").status())
                .as("the agent's own monitor is added when none is given").isZero();
        assertThat(on(b, "constraint", "list").out()).contains("Colocation Constraints:", "  web with storage INFINITY",
                "Ordering Constraints:", "  start storage then start web kind=Mandatory", "storage prefers a=50");
        assertThat(on(b, "property", "show").out()).contains("stonith-enabled=true", "cluster-name=demo");
        assertThat(on(b, "fence", "device", "list").out()).startsWith("killer\t(stonith:fence_pacer_kill):\tStopped");

        Run status = on(b, "status");
        assertThat(status.status()).as(status.err()).isZero();
        assertThat(status.out()).contains("Cluster name: demo", "Current DC: ", "(partition with quorum)",
                "3 nodes configured", "5 resources configured", "Resource Group: storage:", "\u0020data\t(ocf:pacer:Dummy):")
                .doesNotContain("\u001b[");
        Run json = on(a, "status", "--output", "json");
        assertThat(json.out()).startsWith("{\"cluster_name\": \"demo\", \"queried_on\": \"a\"")
                .contains("\"quorum\": {\"quorate\": true, \"votes\": 3, \"expected_votes\": 3}")
                .contains("{\"id\": \"storage\", \"kind\": \"group\", \"role\": \"Stopped\"")
                .contains("{\"name\": \"c\", \"id\": \"3\", \"state\": \"online\"");
        assertThat(on(a, "status", "--output", "xml").out()).contains("<pacemaker-result api-version=")
                .contains("<group id=\"storage\" managed=\"true\" failed=\"false\" number_resources=\"2\">")
                .contains("<resource id=\"web\" resource_agent=\"ocf:pacer:Dummy\" role=\"Stopped\"");
        assertThat(on(a, "status", "--watch", "--interval", "10ms", "--refreshes", "2").out().split("Cluster Summary:", -1))
                .hasSize(3);
        assertThat(on(a, "resource", "list").out()).contains("* Resource Group: storage:", "  * web\t(ocf:pacer:Dummy):\t Stopped");
    }

    @Test
    @Order(2)
    void changesAreCheckedAndNothingIsWrittenWhenRefused() {
        String before = epoch(a);
        Run ghost = on(a, "resource", "delete", "ghost");
        assertThat(ghost.status()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(ghost.err()).isEqualTo("pacer: no resource 'ghost' in the configuration (pacer resource list shows the resources)\n");
        Run score = on(a, "constraint", "location", "add", "web", "prefers", "b=lots");
        assertThat(score.status()).isEqualTo(ExitCode.USAGE);
        assertThat(score.err()).contains("'lots' is not a score");
        Run missing = on(a, "constraint", "colocation", "add", "web", "with", "ghost");
        assertThat(missing.status()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(missing.err()).contains("no resource 'ghost'");
        Run param = on(a, "resource", "create", "x", "ocf:pacer:Dummy", "colour=blue", "--agent-dir", AGENTS);
        assertThat(param.status()).isEqualTo(ExitCode.REFUSED);
        assertThat(param.err()).startsWith("pacer: ocf:pacer:Dummy has no parameter 'colour'; it takes: state, fake");
        Run agent = on(a, "resource", "create", "x", "ocf:pacer:NoSuchAgent", "--agent-dir", AGENTS);
        assertThat(agent.status()).isEqualTo(ExitCode.NOT_FOUND);
        Run taken = on(a, "resource", "create", "web", "ocf:pacer:Dummy", "--agent-dir", AGENTS);
        assertThat(taken.status()).isEqualTo(ExitCode.REFUSED);
        assertThat(taken.err()).contains("id 'web' is already used by a <primitive>");
        Run option = on(a, "property", "set", "no-quorum-policy=panic");
        assertThat(option.status()).isEqualTo(ExitCode.USAGE);
        Run node = on(a, "node", "standby", "zz");
        assertThat(node.status()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(epoch(a)).as("nothing was written").isEqualTo(before);
        Run usage = on(a, "resource", "move");
        assertThat(usage.status()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    @Order(3)
    void dryRunPrintsTheTransitionSummaryAndWritesNothing() {
        String before = epoch(a);
        Run dry = on(a, "node", "standby", "a", "--dry-run");
        assertThat(dry.status()).as(dry.err()).isZero();
        assertThat(dry.out()).startsWith("Transition Summary:\n").endsWith("Dry run: the CIB was not changed.\n");
        Run disable = on(a, "resource", "disable", "web", "--dry-run");
        assertThat(disable.out()).startsWith("Transition Summary:\n");
        Run create = on(a, "resource", "create", "extra", "ocf:pacer:Dummy", "--agent-dir", AGENTS, "--dry-run");
        assertThat(create.out()).as(create.err()).containsPattern("\\* Start +extra +\\( +[abc] \\)");
        assertThat(on(a, "resource", "show", "extra").status()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(epoch(a)).isEqualTo(before);
    }

    @Test
    @Order(4)
    void nodeResourceAndPropertyChangesReachEveryNode() {
        ok("node", "standby", "c");
        assertThat(on(b, "node", "list").out()).contains("c (id 3): standby  standby=on");
        ok("node", "unstandby", "c");
        ok("node", "attribute", "a", "rack=r1");
        assertThat(on(b, "node", "attribute", "a", "rack").out()).isEqualTo("r1\n");
        ok("resource", "disable", "web");
        assertThat(on(b, "resource", "show", "web").out()).contains("name=\"target-role\" value=\"Stopped\"");
        assertThat(on(b, "status").out()).contains("(1 DISABLED)");
        ok("resource", "enable", "web");
        ok("resource", "unmanage", "vip");
        assertThat(on(b, "resource", "show", "vip", "--output", "json").out()).contains("\"is-managed\": \"false\"");
        ok("resource", "manage", "vip");
        ok("resource", "move", "web", "b", "--lifetime", "1h");
        ok("resource", "ban", "web", "c");
        assertThat(on(b, "constraint", "location", "list").out()).contains("cli-ban-web-on-c").contains("cli-prefer-web");
        ok("resource", "clear", "web");
        assertThat(on(b, "constraint", "location", "list").out()).doesNotContain("cli-");
        ok("resource", "update", "disk", "fake=other", "--agent-dir", AGENTS);
        assertThat(on(b, "cib", "query", "--xpath", "//nvpair[@name='fake']").out()).contains("value=\"other\"");
        ok("property", "unset", "no-quorum-policy");
        assertThat(on(b, "property", "show", "no-quorum-policy").out()).isEqualTo("no-quorum-policy=stop (default)\n");
        ok("constraint", "location", "remove", "location-storage-a-50");
        assertThat(on(a, "resource", "failcount", "show").out()).isEqualTo("No fail counts\n");
        assertThat(on(a, "resource", "failcount", "reset", "web").out()).contains("nothing to change");
    }

    @Test
    @Order(5)
    void exportAndImportRoundTrip() throws Exception {
        Path file = dir.resolve("exported.xml");
        ok("cib", "export", file.toString());
        assertThat(Files.readString(file)).contains("<status/>").contains("<group id=\"storage\">");
        ok("resource", "delete", "vip");
        assertThat(on(b, "cib", "query", "--xpath", "//primitive[@id='vip']").status()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(on(a, "constraint", "list").out()).doesNotContain("vip");
        Run imported = on(a, "cib", "import", file.toString());
        assertThat(imported.status()).as(imported.err()).isZero();
        assertThat(on(b, "cib", "query", "--xpath", "//primitive[@id='vip']").status()).isZero();
        Files.writeString(dir.resolve("bad.xml"), Files.readString(file).replace("with-rsc=\"web\"", "with-rsc=\"nothing\""));
        Run bad = on(a, "cib", "import", dir.resolve("bad.xml").toString());
        assertThat(bad.status()).isEqualTo(ExitCode.REFUSED);
        assertThat(bad.err()).contains("refused, the CIB would be invalid:").contains("nothing");
    }

    @Test
    @Order(6)
    void helpExamplesCompletionAndNoConnection() {
        CommandLine root = PacerCommand.commandLine();
        List<String> withoutExamples = new ArrayList<>();
        for (String top : List.of("status", "resource", "constraint", "node", "property", "fence")) {
            collectLeaves(root.getSubcommands().get(top), withoutExamples);
        }
        // The controller's commands (fence NODE|history|confirm, resource cleanup) are checked by their owner.
        withoutExamples.removeAll(List.of("pacer resource cleanup", "pacer fence history", "pacer fence confirm"));
        assertThat(withoutExamples).as("every command shows examples in --help").isEmpty();
        assertThat(pacer("resource", "create", "--help").out()).contains("Examples:", "pacer resource create web");
        assertThat(on(a, "status", "--color", "always").out()).contains("\u001b[32mOnline\u001b[0m")
                .contains("\u001b[1mNode List:\u001b[0m");
        assertThat(on(a, "status").out()).as("no colours when not on a terminal").doesNotContain("\u001b[");
        Run completion = pacer("completion", "bash");
        assertThat(completion.out()).contains("complete -F").contains("resource").contains("constraint");
        Run down = pacer("status", "--socket", dir.resolve("nobody.sock").toString());
        assertThat(down.status()).isEqualTo(ExitCode.NO_CONNECTION);
        assertThat(down.err()).startsWith("pacer: cannot connect to pacerd at ");
        assertThat(pacer("resource", "disable", "web", "--socket", dir.resolve("nobody.sock").toString()).status())
                .isEqualTo(ExitCode.NO_CONNECTION);
    }

    private static void collectLeaves(CommandLine command, List<String> missing) {
        if (command.getSubcommands().isEmpty()) {
            if (!command.getUsageMessage().contains("Examples:")) {
                missing.add(command.getCommandSpec().qualifiedName());
            }
        }
        command.getSubcommands().values().forEach(c -> collectLeaves(c, missing));
    }

    @Test
    @Order(7)
    void withoutQuorumChangesAreRefused() throws Exception {
        String before = epoch(a);
        for (int i = running.size() - 1; i >= 2; i--) {
            running.get(i).close();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> on(a, "quorum").out().contains("Quorate:  no"));
        Run refused = on(a, "resource", "disable", "web");
        assertThat(refused.status()).isEqualTo(ExitCode.REFUSED);
        assertThat(refused.err()).contains("no quorum");
        assertThat(on(a, "status").out()).contains("(partition WITHOUT quorum)");
        assertThat(epoch(a)).isEqualTo(before);
        running.subList(2, running.size()).clear();
    }
}
