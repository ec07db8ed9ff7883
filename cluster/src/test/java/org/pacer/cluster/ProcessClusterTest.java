package org.pacer.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pacer.cib.CibVersion;
import org.pacer.cib.XmlElement;
import org.pacer.cib.XmlParser;

/**
 * Three pacerd processes on loopback: writes keep flowing while nodes are killed with SIGKILL and
 * restarted; afterwards every node holds the same CIB and every acknowledged write is in it, once: each
 * write also sets a counter to its own name, so a write applied again after later ones would put an old
 * name back and cost one epoch more than there were writes.
 */
class ProcessClusterTest {
    @TempDir
    Path dir;
    private final Map<String, Process> processes = new LinkedHashMap<>();
    private Path config;

    @AfterEach
    void stopAll() {
        processes.values().forEach(Process::destroyForcibly);
    }

    private void start(String node) throws IOException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xss512k", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                NodeDaemon.class.getName(), "--config", config.toString(), "--node", node,
                "--state-dir", dir.resolve(node).toString());
        Files.createDirectories(dir.resolve(node));
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(node + ".log").toFile())).start();
        processes.put(node, p);
    }

    private void kill(String node) throws InterruptedException {
        Process p = processes.remove(node);
        p.destroyForcibly(); // SIGKILL on Linux
        p.waitFor();
    }

    private Path socket(String node) {
        return dir.resolve(node).resolve(NodeDaemon.SOCKET_NAME);
    }

    private XmlElement call(String node, String op, Map<String, String> attrs, XmlElement body) {
        try (LocalApiClient client = LocalApiClient.connect(socket(node))) {
            return client.call(op, attrs, body);
        }
    }

    private XmlElement members(String node) {
        return call(node, "members", Map.of(), null).child("members").orElseThrow();
    }

    private XmlElement copy(String node) {
        return call(node, "cib-query", Map.of(), null).child("cib-copy").orElseThrow();
    }

    private boolean sees(String node, Set<String> expected) {
        try {
            XmlElement m = members(node);
            return m.children("member").stream().map(e -> e.attr("name")).collect(Collectors.toSet()).equals(expected)
                    && Boolean.parseBoolean(m.attr("synced"));
        } catch (ClusterException e) {
            return false;
        }
    }

    private void awaitConverged(Set<String> nodes) {
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(100)).until(() ->
                nodes.stream().allMatch(n -> sees(n, nodes))
                        && nodes.stream().map(n -> copy(n).attr("digest")).distinct().count() == 1);
    }

    /** Writes until acknowledged, retrying with the same request id; returns false when refused. */
    private boolean write(String node, String id) {
        XmlElement fragment = new XmlParser().parse("<configuration><crm_config><cluster_property_set id='counter'>"
                + "<nvpair id='last-write' name='last-write' value='" + id + "'/></cluster_property_set></crm_config>"
                + "<resources><primitive id='" + id + "' class='ocf' provider='pacemaker' type='Dummy'/></resources>"
                + "</configuration>", "test");
        long deadline = System.currentTimeMillis() + 30_000;
        while (true) {
            try {
                call(node, "cib-modify", Map.of("request-id", id), fragment);
                return true;
            } catch (ClusterException e) {
                if (e.kind() == ClusterException.Kind.REFUSED) {
                    return false;
                }
                if (System.currentTimeMillis() > deadline) {
                    throw e;
                }
                await().pollDelay(Duration.ofMillis(100)).until(() -> true);
            }
        }
    }

    @Test
    void killedNodesRejoinAndNothingAcknowledgedIsLost() throws Exception {
        List<ClusterNodeAddress> nodes = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            nodes.add(new ClusterNodeAddress("p" + i, i, "127.0.0.1", LoopbackCluster.freePort()));
        }
        ClusterConfig cluster = new ClusterConfig("proc", nodes, TransportSettings.DEFAULTS, new QuorumSettings(3, false, false));
        config = dir.resolve("cluster.conf");
        Files.writeString(config, ClusterConfigFile.format(cluster));
        ClusterKey.generate(new SecureRandom()).write(dir.resolve("cluster.key"), false);
        Set<String> all = Set.of("p1", "p2", "p3");
        for (String n : all) {
            start(n);
        }
        awaitConverged(all);

        long epochBefore = Long.parseLong(copy("p1").attr("epoch"));
        List<String> acknowledged = new ArrayList<>();
        Map<String, Integer> next = new HashMap<>();
        for (int round = 0; round < 2; round++) {
            String victim = members("p1").attr("dc"); // the DC first, then whoever is DC next
            String writer = all.stream().filter(n -> !n.equals(victim)).sorted().findFirst().orElseThrow();
            for (int i = 0; i < 5; i++) {
                String id = "r" + round + "-" + next.merge(writer, 1, Integer::sum);
                assertThat(write(writer, id)).isTrue();
                acknowledged.add(id);
            }
            kill(victim);
            Set<String> survivors = all.stream().filter(n -> !n.equals(victim)).collect(Collectors.toSet());
            for (int i = 0; i < 5; i++) {
                String id = "r" + round + "-after-" + i;
                assertThat(write(writer, id)).isTrue();
                acknowledged.add(id);
            }
            awaitConverged(survivors);
            start(victim);
            awaitConverged(all);
        }

        // Two nodes down: the survivor is a minority and refuses configuration changes.
        kill("p2");
        kill("p3");
        awaitConverged(Set.of("p1"));
        assertThat(Boolean.parseBoolean(members("p1").attr("quorate"))).isFalse();
        assertThat(write("p1", "from-minority")).isFalse();
        start("p2");
        start("p3");
        awaitConverged(all);

        for (String n : all) {
            XmlElement cib = copy(n).children().get(0);
            List<String> ids = CibDocuments.select(cib, "/cib/configuration/resources/primitive").stream()
                    .map(XmlElement::id).toList();
            assertThat(ids).as("on %s", n).doesNotHaveDuplicates().containsAll(acknowledged).doesNotContain("from-minority");
            assertThat(CibDocuments.select(cib, "//nvpair[@id='last-write']").get(0).attr("value")).as("on %s", n)
                    .isEqualTo(acknowledged.get(acknowledged.size() - 1));
            assertThat(CibVersion.of(cib).epoch() - epochBefore).as("one epoch per write on %s", n)
                    .isEqualTo(acknowledged.size());
        }
    }
}
