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

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pacer.cluster.ClusterConfig;
import org.pacer.cluster.ClusterConfigFile;
import org.pacer.cluster.ClusterKey;
import org.pacer.cluster.ClusterNode;
import org.pacer.cluster.LocalApiServer;
import org.pacer.cluster.TransportSettings;

/** The cluster commands against real nodes in this JVM, each serving its own socket. */
class ClusterCommandsTest {
    @TempDir
    Path dir;

    private record Run(int status, String out, String err) {
    }

    private static Run pacer(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(status, out.toString(), err.toString());
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void setupWritesTheUdpTransportAndChecksItsGroup() throws Exception {
        Run setup = pacer("cluster", "setup", "--name", "demo", "--dir", dir.toString(), "--transport", "udp",
                "--multicast", "239.255.9.9:46001", "a=127.0.0.1:7801", "b=127.0.0.1:7802", "c=127.0.0.1:7803");
        assertThat(setup.status()).as(setup.err()).isZero();
        assertThat(ClusterConfigFile.read(dir.resolve("cluster.conf")).transport())
                .isEqualTo(TransportSettings.DEFAULTS.overUdp("239.255.9.9", 46001));
        assertThat(pacer("cluster", "setup", "--name", "demo", "--dir", dir.resolve("x").toString(), "--transport", "udp",
                "--multicast", "10.0.0.1:46001", "a=h:1").err())
                .startsWith("pacer: cluster setup:10: multicast_address: '10.0.0.1' is not a multicast address");
        assertThat(pacer("cluster", "setup", "--name", "demo", "--dir", dir.resolve("y").toString(),
                "--multicast", "239.255.9.9:46001", "a=h:1").status()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void setupThenMembersQuorumAndCibCommands() throws Exception {
        Run setup = pacer("cluster", "setup", "--name", "demo", "--dir", dir.toString(),
                "a=127.0.0.1:" + freePort(), "b=127.0.0.1:" + freePort(), "c=127.0.0.1:" + freePort());
        assertThat(setup.status()).as(setup.err()).isZero();
        assertThat(pacer("cluster", "setup", "--name", "demo", "--dir", dir.toString(), "a=h:1").status())
                .isEqualTo(ExitCode.REFUSED);
        assertThat(pacer("cluster", "setup", "--name", "demo", "--dir", dir.resolve("x").toString(), "a=h:port").err())
                .isEqualTo("pacer: 'a=h:port': port 'port' is not a number\n");

        ClusterConfig config = ClusterConfigFile.read(dir.resolve("cluster.conf"));
        ClusterKey key = ClusterKey.read(dir.resolve("cluster.key"));
        List<AutoCloseable> running = new ArrayList<>();
        try {
            for (String n : List.of("a", "b", "c")) {
                ClusterNode node = new ClusterNode(config, n, key, dir.resolve(n), Duration.ofSeconds(10)).start();
                running.add(node);
                running.add(new LocalApiServer(dir.resolve(n + ".sock"), node, () -> { }));
            }
            String a = dir.resolve("a.sock").toString();
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    pacer("cluster", "members", "--socket", a, "--output", "json").out().contains("\"members\": [\"a\", \"b\", \"c\"]")
                            && pacer("cluster", "members", "--socket", a, "--output", "json").out().contains("\"synced\": true"));
            assertThat(pacer("cluster", "members", "--socket", a, "--output", "json").out())
                    .startsWith("{\"node\": \"a\", \"members\": [\"a\", \"b\", \"c\"], \"quorate\": true, \"dc\": \"a\"");
            assertThat(pacer("quorum", "--socket", a).out()).contains("Quorate:  yes").contains("Votes:    3 of 3");

            Run modify = pacer("cib", "modify", "--socket", dir.resolve("b.sock").toString(), "--xml-text",
                    "<resources><primitive id='d1' class='ocf' provider='pacemaker' type='Dummy'/></resources>");
            assertThat(modify.status()).as(modify.err()).isZero();
            assertThat(modify.out()).startsWith("CIB modified; now version 0.1.0");
            Run query = pacer("cib", "query", "--socket", dir.resolve("c.sock").toString(), "--output", "json");
            assertThat(query.out()).contains("\"admin_epoch\": 0, \"epoch\": 1, \"num_updates\": 0, \"digest\": \"");
            String digestC = query.out().replaceAll("(?s).*\"digest\": \"([0-9a-f]+)\".*", "$1");
            String digestA = pacer("cib", "query", "--socket", a, "--output", "json").out()
                    .replaceAll("(?s).*\"digest\": \"([0-9a-f]+)\".*", "$1");
            assertThat(digestA).isEqualTo(digestC).hasSize(64);
            assertThat(pacer("cib", "query", "--socket", a, "--xpath", "//primitive").out())
                    .isEqualTo("<primitive id=\"d1\" class=\"ocf\" provider=\"pacemaker\" type=\"Dummy\"/>\n");

            Path replacement = dir.resolve("new.xml");
            Files.writeString(replacement, pacer("cib", "query", "--socket", a).out()
                    .replace("type=\"Dummy\"", "type=\"Stateful\""));
            Run replace = pacer("cib", "replace", "--socket", a, replacement.toString());
            assertThat(replace.status()).as(replace.err()).isZero();
            assertThat(pacer("cib", "query", "--socket", dir.resolve("b.sock").toString(), "--xpath", "//primitive").out())
                    .contains("Stateful");
            assertThat(pacer("cib", "replace", "--socket", a, replacement.toString()).err())
                    .as("an older copy is refused").contains("older than the cluster's");

            assertThat(pacer("cib", "delete", "--socket", a, "--xpath", "//primitive[@id='d1']").status()).isZero();
            Run missing = pacer("cib", "delete", "--socket", a, "--xpath", "//primitive[@id='d1']");
            assertThat(missing.status()).isEqualTo(ExitCode.NOT_FOUND);
            assertThat(missing.err()).isEqualTo("pacer: --xpath '//primitive[@id='d1']' selects nothing\n");
            assertThat(pacer("cib", "modify", "--socket", a, "--xml-text", "<unclosed>").err()).contains("--xml-text:1:");
        } finally {
            for (int i = running.size() - 1; i >= 0; i--) {
                running.get(i).close();
            }
        }
        Run down = pacer("cluster", "members", "--socket", dir.resolve("a.sock").toString());
        assertThat(down.status()).isEqualTo(ExitCode.NO_CONNECTION);
        assertThat(down.err()).startsWith("pacer: cannot connect to pacerd at ");
    }

    @Test
    void startRunsPacerdInTheBackgroundAndStopEndsIt() throws Exception {
        Path conf = dir.resolve("etc");
        assertThat(pacer("cluster", "setup", "--name", "solo", "--dir", conf.toString(), "only=127.0.0.1:" + freePort()).status()).isZero();
        Path state = dir.resolve("state");
        Run start = pacer("cluster", "start", "--config", conf.resolve("cluster.conf").toString(), "--node", "only",
                "--state-dir", state.toString());
        String socket = state.resolve("pacerd.sock").toString();
        try {
            assertThat(start.status()).as(start.err()).isZero();
            assertThat(start.out()).startsWith("started node only (pid ");
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    pacer("cluster", "members", "--socket", socket, "--output", "json").out().contains("\"synced\": true"));
            assertThat(pacer("quorum", "--socket", socket, "--output", "json").out())
                    .isEqualTo("{\"node\": \"only\", \"quorate\": true, \"votes\": 1, \"expected_votes\": 1, "
                            + "\"waiting_for_all\": false, \"members\": [\"only\"]}\n");
            assertThat(pacer("cluster", "start", "--config", conf.resolve("cluster.conf").toString(), "--node", "only",
                    "--state-dir", state.toString()).err()).contains("another pacerd is running with this state directory");
        } finally {
            Run stop = pacer("cluster", "stop", "--socket", socket);
            assertThat(stop.status()).as(stop.err()).isZero();
        }
        assertThat(Files.exists(state.resolve("pacerd.sock"))).isFalse();
    }
}
