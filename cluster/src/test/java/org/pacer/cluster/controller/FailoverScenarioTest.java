package org.pacer.cluster.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pacer.cib.XmlElement;
import org.pacer.cluster.demo.DemoCib;
import org.pacer.cluster.demo.DemoWatch;
import org.pacer.cluster.demo.LocalCluster;

/**
 * End-to-end scenarios on three pacerd processes running the demo's service (fence_pacer_kill, a group of
 * Dummy, HttpService, Dummy). Each checks from the HttpService agent's own log that the service never ran
 * on two nodes at once. Set {@code -Dpacer.test.dir=DIR} to keep the nodes' logs.
 */
class FailoverScenarioTest {
    private static final Duration LONG = Duration.ofSeconds(60);
    @TempDir
    Path dir;
    private LocalCluster cluster;
    private Path activity;
    private int port;
    private final Map<String, Long> deaths = new HashMap<>();

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private void startCluster(String name, boolean brokenFencing) throws Exception {
        Path base = System.getProperty("pacer.test.dir") != null ? Path.of(System.getProperty("pacer.test.dir")) : dir;
        cluster = LocalCluster.create(base.resolve(name), 3, System.getProperty("java.home"), System.getProperty("java.class.path"));
        port = LocalCluster.freePort();
        activity = base.resolve(name + "-activity.log");
        Files.deleteIfExists(activity);
        cluster.startAll();
        await().atMost(LONG).pollInterval(Duration.ofMillis(100)).until(() -> cluster.members("node1").size() == 3);
        XmlElement config = DemoCib.fragment(cluster, new DemoCib.Settings(port, activity,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), System.getProperty("java.class.path"), "1s"));
        if (brokenFencing) {
            config = withFenceHosts(config, "nobody");
        }
        cluster.call("node1", "cib-modify", Map.of(), config);
        await().atMost(LONG).pollInterval(Duration.ofMillis(50)).until(() -> serviceNode().isPresent()
                && !DemoWatch.activeOn(cluster.cib("node1"), "address").isEmpty());
    }

    /** The demo configuration with the fence device limited to {@code hosts}. */
    private static XmlElement withFenceHosts(XmlElement e, String hosts) {
        if (e.name().equals("nvpair") && "pcmk_host_list".equals(e.attr("name"))) {
            return e.withAttribute("value", hosts);
        }
        return e.withChildren(e.children().stream().map(c -> withFenceHosts(c, hosts)).toList());
    }

    private Optional<String> serviceNode() {
        return DemoWatch.httpNode(port);
    }

    private String survivorOf(String victim) {
        return cluster.nodes().stream().filter(n -> !n.equals(victim) && cluster.process(n).isPresent()).findFirst().orElseThrow();
    }

    private List<XmlElement> fenceEvents(String askNode, String target) {
        return cluster.call(askNode, "fence-history", Map.of("target", target), null).child("fence-history").orElseThrow().children();
    }

    private String failCount(String node, String name) {
        return StatusRecords.attribute(cluster.cib(node), node, name);
    }

    @Test
    void monitorFailureRestartsInPlaceThenKilledNodeIsFencedBeforeTheServiceMoves() throws Exception {
        startCluster("a", false);
        String home = serviceNode().orElseThrow();

        // A monitor failure: the service dies under the agent; it is restarted where it was.
        Path pidFile = cluster.stateDir(home).resolve("tmp").resolve("pacer-HttpService-web.pid");
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        await().atMost(LONG).pollInterval(Duration.ofMillis(50)).until(() ->
                "1".equals(failCount(home, "fail-count-web#monitor_1000")) && home.equals(serviceNode().orElse(null))
                        && Files.readAllLines(activity).stream().filter(l -> l.startsWith("start " + home)).count() == 2);

        // kill -9 of the node running the service: fenced, then the service runs elsewhere.
        Instant crash = Instant.now();
        cluster.crash(home);
        deaths.put(home, crash.toEpochMilli());
        await().atMost(LONG).pollInterval(Duration.ofMillis(20)).until(() -> serviceNode().filter(n -> !n.equals(home)).isPresent());
        String survivor = survivorOf(home);
        List<XmlElement> fenced = fenceEvents(survivor, home);
        assertThat(fenced).anyMatch(e -> "success".equals(e.attr("status")));
        long confirmed = fenced.stream().filter(e -> "success".equals(e.attr("status")))
                .mapToLong(e -> Instant.parse(e.attr("completed")).toEpochMilli()).min().orElseThrow();
        ActivityLog log = ActivityLog.read(activity, deaths);
        log.assertNeverOnTwoNodes();
        String newHome = serviceNode().orElseThrow();
        assertThat(log.firstStartOn(newHome)).as("started on %s only after the fence was confirmed", newHome)
                .isGreaterThanOrEqualTo(confirmed);
        // The fenced node is recorded down and clean, its history gone.
        await().atMost(LONG).untilAsserted(() -> {
            XmlElement state = StatusRecords.nodeStateOf(cluster.cib(survivor), home).orElseThrow();
            assertThat(state.attr("expected")).isEqualTo("down");
            assertThat(state.attr("join")).isEqualTo("down");
            assertThat(state.child("lrm")).isEmpty();
        });
    }

    @Test
    void cleanShutdownMovesTheServiceWithoutFencingAndAFailingDeviceHoldsRecoveryBack() throws Exception {
        startCluster("b", true);
        String home = serviceNode().orElseThrow();

        // A clean stop: the service moves first, the node is not fenced.
        cluster.stop(home);
        await().atMost(LONG).pollInterval(Duration.ofMillis(50)).until(() -> cluster.process(home).isEmpty()
                && serviceNode().filter(n -> !n.equals(home)).isPresent());
        String second = serviceNode().orElseThrow();
        assertThat(fenceEvents(second, home)).isEmpty();
        assertThat(Files.readAllLines(activity)).anyMatch(l -> l.startsWith("stop " + home));
        cluster.start(home);
        await().atMost(LONG).pollInterval(Duration.ofMillis(100)).until(() -> cluster.members(second).size() == 3);

        // The device cannot fence the node that dies: nothing is recovered, fencing is retried.
        Instant crash = Instant.now();
        cluster.crash(second);
        deaths.put(second, crash.toEpochMilli());
        String survivor = survivorOf(second);
        await().atMost(LONG).pollInterval(Duration.ofMillis(100)).until(() ->
                fenceEvents(survivor, second).stream().filter(e -> "failed".equals(e.attr("status"))).count() >= 2);
        assertThat(serviceNode()).isEmpty();
        assertThat(fenceEvents(survivor, second)).noneMatch(e -> "success".equals(e.attr("status")));

        // Once the device can fence it, recovery happens.
        cluster.call(survivor, "cib-modify", Map.of(), XmlElement.of("nvpair", Map.of(
                "id", "fence-kill-instance_attributes-pcmk_host_list", "value", String.join(",", cluster.nodes()))));
        await().atMost(LONG).pollInterval(Duration.ofMillis(50)).until(() -> serviceNode().filter(n -> !n.equals(second)).isPresent());
        long confirmed = fenceEvents(survivor, second).stream().filter(e -> "success".equals(e.attr("status")))
                .mapToLong(e -> Instant.parse(e.attr("completed")).toEpochMilli()).min().orElseThrow();
        ActivityLog log = ActivityLog.read(activity, deaths);
        log.assertNeverOnTwoNodes();
        assertThat(log.intervals()).filteredOn(i -> i.from() > crash.toEpochMilli())
                .allMatch(i -> i.from() >= confirmed, "starts after the crash wait for the fence");
    }
}
