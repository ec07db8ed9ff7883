package org.pacer.cluster.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pacer.cib.XmlElement;
import org.pacer.cluster.demo.DemoCib;
import org.pacer.cluster.demo.DemoWatch;
import org.pacer.cluster.demo.LocalCluster;
import org.pacer.scheduler.Scheduler;
import org.pacer.scheduler.TransitionGraph;

/**
 * End-to-end scenarios of the controller on three pacerd processes running the demo's service (fence_pacer_kill,
 * a group of Dummy {@code storage}, HttpService {@code web}, Dummy {@code address}), each configuration adjusted
 * to the scenario. Every scenario ends with two checks: from the HttpService agent's own log, the service never
 * ran on two nodes at once; and the scheduler, run on the final CIB, wants nothing more done. Set
 * {@code -Dpacer.test.dir=DIR} to keep the nodes' logs.
 */
class ControllerScenarioTest {
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

    private Path base() {
        return System.getProperty("pacer.test.dir") != null ? Path.of(System.getProperty("pacer.test.dir")) : dir;
    }

    private void startNodes(String name, boolean linkCuts) throws Exception {
        cluster = LocalCluster.create(base().resolve(name), 3, System.getProperty("java.home"),
                System.getProperty("java.class.path"));
        if (linkCuts) {
            cluster = cluster.withLinkCuts();
        }
        port = LocalCluster.freePort();
        activity = base().resolve(name + "-activity.log");
        Files.deleteIfExists(activity);
        cluster.startAll();
        await().atMost(LONG).pollInterval(Duration.ofMillis(100)).until(() -> cluster.members("node1").size() == 3);
    }

    /** Loads the demo's configuration, changed by {@code adjust}. */
    private void configure(UnaryOperator<XmlElement> adjust) {
        XmlElement config = DemoCib.fragment(cluster, new DemoCib.Settings(port, activity,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                System.getProperty("java.class.path"), "1s"));
        cluster.call("node1", "cib-modify", Map.of(), adjust.apply(config));
    }

    private void awaitServiceOn(String node) {
        await().atMost(LONG).pollInterval(Duration.ofMillis(50)).until(() -> node.equals(serviceNode().orElse(null))
                && DemoWatch.activeOn(cluster.cib(node), "address").contains(node));
    }

    private Optional<String> serviceNode() {
        return DemoWatch.httpNode(port);
    }

    private String dc(String askNode) {
        return cluster.call(askNode, "members", Map.of(), null).child("members").orElseThrow().attr("dc");
    }

    private List<XmlElement> fenceEvents(String askNode, String target) {
        return cluster.call(askNode, "fence-history", Map.of("target", target), null).child("fence-history")
                .orElseThrow().children();
    }

    private long fencedAt(String askNode, String target) {
        return fenceEvents(askNode, target).stream().filter(e -> "success".equals(e.attr("status")))
                .mapToLong(e -> Instant.parse(e.attr("completed")).toEpochMilli()).min().orElse(Long.MAX_VALUE);
    }

    private String transientAttribute(String askNode, String node, String name) {
        return StatusRecords.attribute(cluster.cib(askNode), node, name);
    }

    /** Kills the HTTP server under its agent on {@code node}: the next monitor there fails. */
    private void killHttpServer(String node) throws IOException {
        Path pidFile = cluster.stateDir(node).resolve("tmp").resolve("pacer-HttpService-web.pid");
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }

    private long activityLines(String prefix) throws IOException {
        return Files.readAllLines(activity).stream().filter(l -> l.startsWith(prefix)).count();
    }

    /** Both end checks: never on two nodes at once, and nothing left for the scheduler to do. */
    private void assertSettled(String askNode) throws IOException {
        ActivityLog.read(activity, deaths).assertNeverOnTwoNodes();
        await().atMost(LONG).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            XmlElement cib = cluster.cib(askNode);
            TransitionGraph graph = new Scheduler().schedule(cib, Instant.now()).graph();
            assertThat(graph.actions()).filteredOn(a -> !a.pseudo()).as("actions the scheduler still wants")
                    .isEmpty();
        });
    }

    @Test
    void monitorFailuresPastTheMigrationThresholdMoveTheServiceAndCleanupLetsItReturn() throws Exception {
        startNodes("threshold", false);
        configure(c -> withConstraint(withMeta(c, "service", Map.of("migration-threshold", "2")),
                location("service-prefers-node1", "service", "node1", "500")));
        awaitServiceOn("node1");

        // First failure: counted on node1 for web's monitor, restarted in place.
        killHttpServer("node1");
        await().atMost(LONG).pollInterval(Duration.ofMillis(50)).until(() ->
                "1".equals(transientAttribute("node1", "node1", "fail-count-web#monitor_1000"))
                        && activityLines("start node1") == 2 && "node1".equals(serviceNode().orElse(null)));

        // Second failure reaches the threshold: the whole group moves away from node1.
        killHttpServer("node1");
        await().atMost(LONG).pollInterval(Duration.ofMillis(50)).until(() -> serviceNode().filter(n -> !n.equals("node1"))
                .isPresent());
        String elsewhere = serviceNode().orElseThrow();
        awaitServiceOn(elsewhere);
        assertThat(transientAttribute(elsewhere, "node1", "fail-count-web#monitor_1000")).isEqualTo("2");
        assertThat(transientAttribute(elsewhere, "node1", "last-failure-web#monitor_1000")).isNotNull();
        assertThat(transientAttribute(elsewhere, elsewhere, "fail-count-web#monitor_1000")).isNull();
        assertThat(activityLines("start node1")).as("not restarted on node1 past the threshold").isEqualTo(2);

        // Cleanup forgets the failures: the preference for node1 (500) beats stickiness, so it returns.
        cluster.call(elsewhere, "resource-cleanup", Map.of("resource", "web"), null);
        awaitServiceOn("node1");
        assertThat(transientAttribute("node1", "node1", "fail-count-web#monitor_1000")).isNull();
        assertSettled("node1");
    }

    @Test
    void aNewDcTakesOverASlowStartFromTheCibAndNothingStartsTwice() throws Exception {
        startNodes("dc-killed", false);
        String dc = dc("node1");
        String target = cluster.nodes().stream().filter(n -> !n.equals(dc)).findFirst().orElseThrow();
        configure(c -> withConstraint(withParams(c, "storage", Map.of("delay_start", "3")),
                location("service-prefers-" + target, "service", target, "500")));

        // The DC's storage start on the target is in flight (recorded pending) when the DC dies.
        await().atMost(LONG).pollInterval(Duration.ofMillis(20)).until(() -> pendingStart(cluster.cib(target), target,
                "storage"));
        deaths.put(dc, Instant.now().toEpochMilli());
        cluster.crash(dc);

        awaitServiceOn(target);
        String survivor = target;
        await().atMost(LONG).until(() -> fencedAt(survivor, dc) < Long.MAX_VALUE);
        assertThat(startsLogged(target, "storage")).as("storage started once").isEqualTo(1);
        assertThat(startsLogged(target, "web")).as("web started once").isEqualTo(1);
        assertThat(activityLines("start ")).isEqualTo(1);
        assertSettled(target);
    }

    @Test
    void theMinorityStopsItsResourcesAndTheMajorityFencesItAndTakesOver() throws Exception {
        startNodes("partition", true);
        // The fencing delay gives the minority the time to stop on its own, as no-quorum-policy=stop says.
        configure(c -> withParams(c, "fence-kill", Map.of("pcmk_delay_base", "4s")));
        await().atMost(LONG).pollInterval(Duration.ofMillis(50)).until(() -> serviceNode().isPresent());
        String home = serviceNode().orElseThrow();
        awaitServiceOn(home);
        List<String> majority = cluster.nodes().stream().filter(n -> !n.equals(home)).toList();

        cluster.partition(List.of(List.of(home), majority));
        String survivor = majority.get(0);
        await().atMost(LONG).pollInterval(Duration.ofMillis(50)).until(() -> serviceNode().filter(majority::contains)
                .isPresent());
        long fenced = fencedAt(survivor, home);
        assertThat(fenced).as("%s fenced", home).isLessThan(Long.MAX_VALUE);
        deaths.put(home, fenced);
        ActivityLog log = ActivityLog.read(activity, deaths);
        assertThat(log.intervals()).filteredOn(i -> i.node().equals(home))
                .as("the minority stopped the service before it was fenced")
                .anyMatch(i -> i.to() < fenced);
        assertThat(log.firstStartOn(serviceNode().orElseThrow())).isGreaterThanOrEqualTo(fenced);
        awaitServiceOn(serviceNode().orElseThrow());
        assertSettled(survivor);
    }

    @Test
    void aRuleOnATransientAttributeMovesTheServiceAndAnExpiredFailureIsClearedWithoutOtherEvents() throws Exception {
        startNodes("attributes", false);
        // Like a ping resource's score: no service where pingd is missing or 0; node1 preferred otherwise.
        XmlElement needsPing = XmlElement.of("rsc_location", Map.of("id", "service-needs-ping", "rsc", "service"),
                List.of(XmlElement.of("rule", Map.of("id", "service-needs-ping-rule", "score", "-INFINITY",
                        "boolean-op", "or"), List.of(
                        XmlElement.of("expression", Map.of("id", "no-pingd", "attribute", "pingd",
                                "operation", "not_defined")),
                        XmlElement.of("expression", Map.of("id", "zero-pingd", "attribute", "pingd",
                                "operation", "lte", "value", "0", "type", "number"))))));
        configure(c -> withConstraint(withConstraint(withMeta(c, "service", Map.of("migration-threshold", "1",
                "failure-timeout", "10s")), location("service-prefers-node1", "service", "node1", "500")), needsPing));
        assertThat(serviceNode()).isEmpty();

        // Set through any node; the DC writes them into the status section.
        for (String n : cluster.nodes()) {
            setAttribute("node3", n, "pingd", "1");
        }
        awaitServiceOn("node1");
        XmlElement attributes = StatusRecords.nodeStateOf(cluster.cib("node2"), "node1")
                .flatMap(ns -> ns.child("transient_attributes")).orElseThrow();
        assertThat(attributes.descendantsAndSelf()).anyMatch(e -> "pingd".equals(e.attr("name"))
                && "1".equals(e.attr("value")));

        setAttribute("node2", "node1", "pingd", "0");
        await().atMost(LONG).pollInterval(Duration.ofMillis(50)).until(() -> serviceNode().filter(n -> !n.equals("node1"))
                .isPresent());
        awaitServiceOn(serviceNode().orElseThrow());
        setAttribute("node1", "node1", "pingd", "1");
        awaitServiceOn("node1");

        // One failure is enough to move away; ten seconds later it expires with no other event, the DC clears
        // its fail count and the service returns to the node it prefers.
        long failed = Instant.now().toEpochMilli();
        killHttpServer("node1");
        await().atMost(LONG).pollInterval(Duration.ofMillis(50)).until(() -> "1".equals(
                transientAttribute("node2", "node1", "fail-count-web#monitor_1000")));
        await().atMost(LONG).pollInterval(Duration.ofMillis(50)).until(() ->
                transientAttribute("node2", "node1", "fail-count-web#monitor_1000") == null);
        awaitServiceOn("node1");
        ActivityLog log = ActivityLog.read(activity, deaths);
        assertThat(log.intervals()).filteredOn(i -> !i.node().equals("node1") && i.from() > failed)
                .as("moved away after the failure").isNotEmpty();
        assertThat(log.intervals()).filteredOn(i -> i.node().equals("node1") && i.from() > failed)
                .as("back on node1 only once the failure expired").isNotEmpty()
                .allMatch(i -> i.from() >= failed + 9_000);
        assertSettled("node1");
    }

    private void setAttribute(String askNode, String node, String name, String value) {
        cluster.call(askNode, "node-attribute", Map.of("node", node, "name", name, "value", value), null);
        assertThat(transientAttribute(askNode, node, name)).isEqualTo(value);
    }

    // ---- the test's own reading of logs and CIBs ----

    private static boolean pendingStart(XmlElement cib, String node, String resource) {
        return StatusRecords.ops(cib, node, resource).stream().anyMatch(op -> "start".equals(op.attr("operation"))
                && "-1".equals(op.attr("call-id")));
    }

    /** How many times the node's controller was asked to start {@code resource} (its log lines). */
    private long startsLogged(String node, String resource) throws IOException {
        String line = node + ": " + resource + " start (key";
        return Files.readAllLines(cluster.log(node)).stream().filter(l -> l.contains(line)).count();
    }

    // ---- configuration changes to the demo's fragment ----

    private static XmlElement location(String id, String rsc, String node, String score) {
        return XmlElement.of("rsc_location", Map.of("id", id, "rsc", rsc, "node", node, "score", score));
    }

    private static XmlElement withConstraint(XmlElement fragment, XmlElement constraint) {
        XmlElement configuration = fragment.child("configuration").orElseThrow();
        List<XmlElement> children = new ArrayList<>(configuration.children());
        children.add(XmlElement.of("constraints", Map.of(), List.of(constraint)));
        return fragment.withChild("configuration", configuration.withChildren(children));
    }

    /** Adds meta attributes to the resource {@code id} (a primitive or the group). */
    private static XmlElement withMeta(XmlElement e, String id, Map<String, String> meta) {
        return withSet(e, id, "meta_attributes", meta);
    }

    /** Adds instance attributes to the primitive {@code id}. */
    private static XmlElement withParams(XmlElement e, String id, Map<String, String> params) {
        return withSet(e, id, "instance_attributes", params);
    }

    private static XmlElement withSet(XmlElement e, String id, String setName, Map<String, String> values) {
        if (id.equals(e.attr("id")) && (e.name().equals("primitive") || e.name().equals("group"))) {
            List<XmlElement> pairs = new ArrayList<>();
            values.forEach((k, v) -> pairs.add(XmlElement.of("nvpair", Map.of("id", id + "-test-" + k, "name", k,
                    "value", v))));
            Optional<XmlElement> existing = e.child(setName);
            if (existing.isPresent()) {
                pairs.addAll(0, existing.get().children());
                return e.withChild(setName, existing.get().withChildren(pairs));
            }
            List<XmlElement> children = new ArrayList<>(e.children());
            children.add(0, XmlElement.of(setName, new LinkedHashMap<>(Map.of("id", id + "-test-" + setName)), pairs));
            return e.withChildren(children);
        }
        return e.withChildren(e.children().stream().map(c -> withSet(c, id, setName, values)).toList());
    }
}
