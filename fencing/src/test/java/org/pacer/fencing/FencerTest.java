package org.pacer.fencing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fencer with real agent processes: the scripted test agent and Debian's fence_dummy. */
class FencerTest {
    private static final Instant START = Instant.parse("2026-01-01T10:00:00Z");
    private static final long SEED = 42;

    @TempDir
    Path dir;
    private Path log;
    private TestClock clock;
    private ManualTimer timer;
    private ExecutorService threads;
    private ProcessFenceAgentRunner runner;
    private Fencer fencer;

    @BeforeEach
    void start() {
        Path agents = TestAgents.install(dir.resolve("agents"), "fence_pacer_test", "fence_pacer_test_nolist",
                "fence_pacer_test_noreboot", "fence_pacer_test_noplug");
        log = dir.resolve("calls.log");
        clock = new TestClock(START);
        timer = new ManualTimer(clock);
        threads = Executors.newCachedThreadPool();
        runner = new ProcessFenceAgentRunner(List.of(agents, ProcessFenceAgentRunner.SYSTEM_AGENTS),
                Duration.ofMillis(300));
        fencer = new Fencer("node9", runner, timer, threads, clock, new Random(SEED));
    }

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    // --- Debian's fence_dummy -------------------------------------------------------------------------

    @Test
    void fenceDummyRebootsPowersOffAndOn() throws Exception {
        assumeThat(Path.of("/usr/sbin/fence_dummy")).isExecutable();
        Path status = dir.resolve("dummy.status");
        Files.writeString(status, "on");
        configure(Cibs.device("dummy", "fence_dummy", Map.of("status_file", status.toString(),
                "pcmk_host_list", "node1")));

        FenceResult reboot = fence("node1", FenceAction.REBOOT);
        assertThat(reboot.devices()).containsExactly("dummy");
        assertThat(reboot.attempts()).singleElement().satisfies(a -> {
            assertThat(a.action()).isEqualTo("reboot");
            assertThat(a.succeeded()).isTrue();
        });
        assertThat(Files.readString(status)).isEqualTo("on");
        fence("node1", FenceAction.OFF);
        assertThat(Files.readString(status)).isEqualTo("off");
        fence("node1", FenceAction.ON);
        assertThat(Files.readString(status)).isEqualTo("on");
        assertThat(fencer.history().entries("node1")).extracting(FenceHistoryEntry::action, FenceHistoryEntry::state,
                        FenceHistoryEntry::device)
                .containsExactly(tuple(FenceAction.REBOOT, FenceState.DONE, "dummy"),
                        tuple(FenceAction.OFF, FenceState.DONE, "dummy"), tuple(FenceAction.ON, FenceState.DONE, "dummy"));
    }

    @Test
    void aFailingFenceDummyFailsTheRequest() {
        assumeThat(Path.of("/usr/sbin/fence_dummy")).isExecutable();
        configure(Cibs.device("dummy", "fence_dummy", Map.of("type", "fail", "power_timeout", "1",
                "pcmk_host_list", "node1", "pcmk_reboot_retries", "0")));
        FencingException failure = fenceFails("node1", FenceAction.REBOOT);
        assertThat(failure.getMessage()).startsWith("fencing node1 (reboot) failed: dummy reboot: exit status 1 (")
                .endsWith("Failed: Timed out waiting to power OFF)");
        assertThat(failure.target()).isEqualTo("node1");
        assertThat(fencer.history().entries("node1")).singleElement().satisfies(e -> {
            assertThat(e.state()).isEqualTo(FenceState.FAILED);
            assertThat(e.device()).isEqualTo("dummy");
            assertThat(e.reason()).isEqualTo(failure.getMessage());
        });
    }

    // --- topology -------------------------------------------------------------------------------------

    @Test
    void topologyFallsBackFromAFailingLevelToTheNextAndRebootsSeveralDevicesOffThenOn() throws Exception {
        configure(device("ipmi", "mode", "fail", "pcmk_host_list", "node1")
                        + device("pdu1", "pcmk_host_list", "node1") + device("pdu2", "pcmk_host_list", "node1"),
                Cibs.level("l1", 1, "target=\"node1\"", "ipmi") + Cibs.level("l2", 2, "target=\"node1\"", "pdu1,pdu2"));

        FenceResult result = fence("node1", FenceAction.REBOOT);

        assertThat(result.level()).isEqualTo(2);
        assertThat(result.devices()).containsExactly("pdu1", "pdu2");
        assertThat(calls()).containsExactly("ipmi:reboot", "ipmi:reboot", "ipmi:reboot",
                "pdu1:off", "pdu2:off", "pdu1:on", "pdu2:on");
        assertThat(result.attempts()).extracting(DeviceAttempt::device, DeviceAttempt::level, DeviceAttempt::tries,
                DeviceAttempt::succeeded).containsExactly(tuple("ipmi", 1, 3, false), tuple("pdu1", 2, 1, true),
                tuple("pdu2", 2, 1, true), tuple("pdu1", 2, 1, true), tuple("pdu2", 2, 1, true));
        assertThat(fencer.history().lastDone("node1")).hasValueSatisfying(e ->
                assertThat(e.device()).isEqualTo("pdu1,pdu2"));
    }

    @Test
    void aLevelFailsAsSoonAsOneOfItsDevicesFails() throws Exception {
        configure(device("ok1", "pcmk_host_list", "node1") + device("bad", "mode", "fail", "pcmk_off_retries", "0",
                        "pcmk_host_list", "node1") + device("skipped", "pcmk_host_list", "node1")
                        + device("ok2", "pcmk_host_list", "node1"),
                Cibs.level("l1", 1, "target-pattern=\"^node[0-9]$\"", "ok1,bad,skipped")
                        + Cibs.level("l2", 2, "target=\"node1\"", "ok2"));
        FenceResult result = fence("node1", FenceAction.OFF);
        assertThat(result.level()).isEqualTo(2);
        assertThat(calls()).containsExactly("ok1:off", "bad:off", "ok2:off");
    }

    @Test
    void whenEveryLevelFailsTheFailureListsEveryAttempt() {
        configure(device("bad", "mode", "fail", "pcmk_reboot_retries", "0", "pcmk_host_list", "node1"),
                Cibs.level("l1", 1, "target=\"node1\"", "bad") + Cibs.level("l2", 2, "target=\"node1\"", "gone"));
        FencingException failure = fenceFails("node1", FenceAction.REBOOT);
        assertThat(failure.getMessage()).isEqualTo("fencing node1 (reboot) failed: bad (level 1) reboot: exit status 1"
                + " (Failed: reboot node1 refused); gone (level 2) reboot: fence device gone is not configured");
        assertThat(failure.attempts()).extracting(DeviceAttempt::device).containsExactly("bad", "gone");
        assertThat(fencer.history().entries("node1")).singleElement()
                .satisfies(e -> assertThat(e.state()).isEqualTo(FenceState.FAILED));
    }

    // --- which device can fence which node ------------------------------------------------------------

    @Test
    void withoutTopologyTheHostListAndHostMapChooseTheDeviceAndThePlug() throws Exception {
        configure(device("a", "pcmk_host_list", "node2 node3")
                + device("b", "pcmk_host_map", "node1:plug-7;node3:p3")
                + device("c", "pcmk_host_check", "static-list"));
        fence("node1", FenceAction.REBOOT);
        fence("node2", FenceAction.REBOOT);
        assertThat(blocks()).extracting(b -> b.get("tag"), b -> b.get("plug"), b -> b.get("nodename"))
                .containsExactly(tuple("b", "plug-7", "node1"), tuple("a", "node2", "node2"));
        assertThat(fenceFails("node4", FenceAction.REBOOT).getMessage()).isEqualTo("no fence device can fence node4: "
                + "a -: fence device a cannot fence node4 (pcmk_host_check=static-list); "
                + "b -: fence device b cannot fence node4 (pcmk_host_check=static-list); "
                + "c -: fence device c cannot fence node4 (pcmk_host_check=static-list)");
    }

    @Test
    void withoutTopologyTheNextCapableDeviceIsTriedWhenOneFails() throws Exception {
        configure(device("first", "mode", "fail", "pcmk_reboot_retries", "0", "pcmk_host_list", "node1")
                + device("second", "pcmk_host_list", "node1"));
        FenceResult result = fence("node1", FenceAction.REBOOT);
        assertThat(result.devices()).containsExactly("second");
        assertThat(calls()).containsExactly("first:reboot", "second:reboot");
    }

    @Test
    void theHostArgumentFollowsTheAgentsMetadataUnlessConfigured() throws Exception {
        configure(device("plain", "fence_pacer_test_noplug", Map.of("pcmk_host_map", "node1:7"))
                + device("none", "fence_pacer_test", Map.of("pcmk_host_list", "node2", "pcmk_host_argument", "none"))
                + device("vm", "fence_pacer_test", Map.of("pcmk_host_list", "node3", "pcmk_host_argument", "vm_name"))
                + device("fixed", "fence_pacer_test", Map.of("pcmk_host_list", "node4", "plug", "outlet-5"))
                + device("dyn", "fence_pacer_test", Map.of("pcmk_host_list", "node5", "plug", "dynamic")));
        for (String node : List.of("node1", "node2", "node3", "node4", "node5")) {
            fence(node, FenceAction.OFF);
        }
        List<Map<String, String>> blocks = blocks();
        assertThat(blocks.get(0)).containsEntry("port", "7").doesNotContainKey("plug");
        assertThat(blocks.get(1)).doesNotContainKeys("port", "plug", "vm_name").containsEntry("nodename", "node2");
        assertThat(blocks.get(2)).containsEntry("vm_name", "node3").doesNotContainKeys("port", "plug");
        // A device configured for one plug keeps it; "dynamic" asks for the target's.
        assertThat(blocks.get(3)).containsEntry("plug", "outlet-5").containsEntry("nodename", "node4");
        assertThat(blocks.get(4)).containsEntry("plug", "node5");
    }

    @Test
    void dynamicListAsksTheAgentAndKeepsItsAnswerForAMinute() throws Exception {
        configure(device("d", "hosts", "node1 node2")
                + device("mapped", "hosts", "plug-a", "pcmk_host_check", "dynamic-list", "pcmk_host_map", "node3:plug-a"));
        fence("node2", FenceAction.REBOOT);
        fence("node1", FenceAction.REBOOT);
        // Without topology every device is asked whether it can fence the node; lists are asked once.
        assertThat(calls()).containsExactly("d:list", "mapped:list", "d:reboot", "d:reboot");
        fence("node3", FenceAction.REBOOT);
        assertThat(blocks().get(blocks().size() - 1)).containsEntry("tag", "mapped").containsEntry("plug", "plug-a");
        assertThat(fenceFails("node5", FenceAction.REBOOT).getMessage()).contains(
                "fence device d cannot fence node5 (pcmk_host_check=dynamic-list)");

        clock.advance(Duration.ofSeconds(61));
        fence("node1", FenceAction.REBOOT);
        assertThat(calls().stream().filter("d:list"::equals)).hasSize(2);
    }

    @Test
    void withoutAWorkingListTheAgentsStatusDecides() throws Exception {
        configure(device("nolist", "fence_pacer_test_nolist", Map.of("hosts", "node1", "tag", "nolist"))
                + device("listfails", "hosts", "node2", "list_mode", "fail"));
        fence("node1", FenceAction.REBOOT);
        assertThat(calls()).containsExactly("nolist:status", "listfails:list", "listfails:status", "nolist:reboot");
        Files.delete(log);
        fence("node2", FenceAction.REBOOT);
        // The failed list is remembered; status of node2 is asked of both devices.
        assertThat(calls()).containsExactly("nolist:status", "listfails:status", "listfails:reboot");
    }

    @Test
    void disabledDevicesAreNotUsed() {
        String meta = "<meta_attributes id=\"off-meta\"><nvpair id=\"off-tr\" name=\"target-role\" value=\"Stopped\"/>"
                + "</meta_attributes>";
        configure(Cibs.device("off", "fence_pacer_test", Map.of("pcmk_host_list", "node1", "log", log.toString()),
                meta));
        assertThat(fenceFails("node1", FenceAction.REBOOT).getMessage())
                .isEqualTo("no fence device can fence node1: off -: fence device off is disabled (target-role=Stopped)");
        assertThat(log).doesNotExist();
    }

    // --- running the agents ---------------------------------------------------------------------------

    @Test
    void aDeviceWithoutRebootPowersTheNodeOff() throws Exception {
        configure(device("noreboot", "fence_pacer_test_noreboot", Map.of("pcmk_host_list", "node1", "tag", "nr")));
        FenceResult result = fence("node1", FenceAction.REBOOT);
        assertThat(calls()).containsExactly("nr:off");
        assertThat(result.attempts()).singleElement().extracting(DeviceAttempt::action).isEqualTo("off");
    }

    @Test
    void failedActionsAreRetriedUpToTheConfiguredRetries() throws Exception {
        Path counter = dir.resolve("counter");
        configure(device("flaky", "mode", "flaky", "fail_times", "2", "counter_file", counter.toString(),
                "pcmk_host_list", "node1"));
        FenceResult result = fence("node1", FenceAction.REBOOT);
        assertThat(result.attempts()).singleElement().satisfies(a -> {
            assertThat(a.tries()).isEqualTo(3);
            assertThat(a.detail()).isEqualTo("succeeded on try 3");
        });

        Files.delete(counter);
        configure(device("flaky", "mode", "flaky", "fail_times", "2", "counter_file", counter.toString(),
                "pcmk_host_list", "node1", "pcmk_reboot_retries", "1"));
        FencingException failure = fenceFails("node1", FenceAction.REBOOT);
        assertThat(failure.attempts()).singleElement().extracting(DeviceAttempt::tries).isEqualTo(2);
        assertThat(failure.getMessage()).endsWith("(Failed: busy (try 2)) on try 2");
    }

    @Test
    void aHangingAgentIsKilledAtTheDevicesTimeoutAndNotRetried() throws Exception {
        Path pids = dir.resolve("pids");
        configure(device("hang", "mode", "hang", "pidfile", pids.toString(), "pcmk_host_list", "node1",
                "pcmk_reboot_timeout", "800ms"));
        FencingException failure = fenceFails("node1", FenceAction.REBOOT);
        assertThat(failure.attempts()).singleElement().satisfies(a -> {
            assertThat(a.tries()).isEqualTo(1);
            assertThat(a.detail()).startsWith("timed out after ");
        });
        long[] started = Arrays.stream(Files.readString(pids).strip().split(" ")).mapToLong(Long::parseLong).toArray();
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            for (long pid : started) {
                assertThat(Processes.running(pid)).as("process %d runs", pid).isFalse();
            }
        });
    }

    @Test
    void parametersFromTheCibReachTheAgentUnchanged() throws Exception {
        String nasty = "$(touch " + dir.resolve("pwned") + "); `id` | & > < \\ \"q\" 's' * ~ $HOME  ";
        configure(device("d", "password", nasty, "pcmk_host_map", "node1:a\\ plug"));
        fence("node1", FenceAction.REBOOT);
        assertThat(blocks()).singleElement().satisfies(b -> {
            assertThat(b).containsEntry("password", nasty).containsEntry("plug", "a plug");
            assertThat(b).doesNotContainKeys("pcmk_host_map");
        });
        assertThat(dir.resolve("pwned")).doesNotExist();
    }

    @Test
    void aDeviceRunsOneActionAtATimeByDefault() throws Exception {
        configure(device("d", "pcmk_host_list", "node1 node2", "busy_dir", dir.resolve("busy").toString(),
                "pcmk_off_retries", "0"));
        CompletableFuture<FenceResult> node1 = request("node1", FenceAction.OFF);
        CompletableFuture<FenceResult> node2 = request("node2", FenceAction.OFF);
        assertThat(node1.get(30, TimeUnit.SECONDS).attempts()).singleElement().extracting(DeviceAttempt::succeeded)
                .isEqualTo(true);
        assertThat(node2.get(30, TimeUnit.SECONDS).attempts()).singleElement().extracting(DeviceAttempt::succeeded)
                .isEqualTo(true);
    }

    // --- delays ---------------------------------------------------------------------------------------

    @Test
    void theDelayIsTheBasePlusARandomShareOfTheMaximum() throws Exception {
        configure(device("d", "pcmk_host_list", "node1", "pcmk_delay_base", "2s", "pcmk_delay_max", "5s"));
        CompletableFuture<FenceResult> pending = request("node1", FenceAction.REBOOT);

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !timer.waiting().isEmpty());
        Duration delay = timer.waiting().get(0);
        assertThat(delay).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(5));
        assertThat(log).as("nothing runs before the delay").doesNotExist();
        assertThat(pending).isNotDone();

        timer.releaseAll();
        FenceResult result = pending.get(30, TimeUnit.SECONDS);
        assertThat(result.attempts()).singleElement().extracting(DeviceAttempt::delay).isEqualTo(delay);
        assertThat(result.completedAt()).isEqualTo(START.plus(delay));
        assertThat(fencer.history().lastDone("node1")).hasValueSatisfying(e -> {
            assertThat(e.requestedAt()).isEqualTo(START);
            assertThat(e.completedAt()).isEqualTo(START.plus(delay));
        });

        // The same seed gives the same delay: the random part is injected.
        ManualTimer again = new ManualTimer(new TestClock(START));
        Fencer twin = new Fencer("node9", runner, again, threads, clock, new Random(SEED));
        twin.configure(fencer.configuration());
        twin.fence(new FenceRequest("node1", FenceAction.REBOOT, "test", START));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !again.waiting().isEmpty());
        assertThat(again.waiting()).containsExactly(delay);
        again.releaseAll();
    }

    @Test
    void aPerNodeBaseDelaysEachNodeByItsOwnAmountAndOnIsNotDelayed() throws Exception {
        configure(device("d", "pcmk_host_list", "node1 node2", "pcmk_delay_base", "node1:1s;node2:3s"));
        CompletableFuture<FenceResult> node2 = request("node2", FenceAction.OFF);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !timer.waiting().isEmpty());
        assertThat(timer.waiting()).containsExactly(Duration.ofSeconds(3));
        timer.releaseAll();
        node2.get(30, TimeUnit.SECONDS);
        fence("node1", FenceAction.ON);
        assertThat(timer.requested()).containsExactly(Duration.ofSeconds(3), Duration.ZERO);
    }

    // --- requests, confirmation, history --------------------------------------------------------------

    @Test
    void overlappingRequestsForTheSameNodeAndActionShareOneOperation() throws Exception {
        configure(device("d", "pcmk_host_list", "node1", "pcmk_delay_base", "1s"));
        CompletableFuture<FenceResult> first = request("node1", FenceAction.REBOOT);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !timer.waiting().isEmpty());
        CompletableFuture<FenceResult> second = request("node1", FenceAction.REBOOT);
        timer.releaseAll();
        assertThat(second.get(30, TimeUnit.SECONDS)).isEqualTo(first.get(30, TimeUnit.SECONDS));
        assertThat(calls()).containsExactly("d:reboot");
        assertThat(fencer.history().entries()).hasSize(1);
    }

    @Test
    void anOperatorsConfirmationCompletesAWaitingRequestWithoutRunningTheAgent() throws Exception {
        configure(device("d", "pcmk_host_list", "node1", "pcmk_delay_base", "10s"));
        CompletableFuture<FenceResult> pending = request("node1", FenceAction.REBOOT);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !timer.waiting().isEmpty());

        FenceResult confirmed = fencer.confirm("node1", "admin");

        assertThat(pending.get(5, TimeUnit.SECONDS)).isEqualTo(confirmed);
        assertThat(confirmed.manual()).isTrue();
        assertThat(confirmed.devices()).containsExactly("manual");
        timer.releaseAll();
        Awaitility.await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !Files.exists(log));
        assertThat(fencer.history().entries("node1")).extracting(FenceHistoryEntry::action, FenceHistoryEntry::state,
                FenceHistoryEntry::device, FenceHistoryEntry::origin).containsExactlyInAnyOrder(
                tuple(FenceAction.REBOOT, FenceState.DONE, "manual", "test"),
                tuple(FenceAction.OFF, FenceState.DONE, "manual", "admin"));
    }

    @Test
    void closingTheFencerFailsTheOperationsStillWaiting() throws Exception {
        configure(device("d", "pcmk_host_list", "node1", "pcmk_delay_base", "10s"));
        CompletableFuture<FenceResult> pending = request("node1", FenceAction.OFF);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !timer.waiting().isEmpty());
        fencer.close();
        assertThatThrownBy(() -> pending.get(5, TimeUnit.SECONDS)).cause().isInstanceOf(FencingException.class)
                .hasMessage("the fencer on node9 stopped before fencing node1 completed");
        assertThat(fencer.history().entries("node1")).singleElement()
                .satisfies(e -> assertThat(e.state()).isEqualTo(FenceState.FAILED));
    }

    @Test
    void aFailureReachesTheRequesterAsTheFencingExceptionItself() throws Exception {
        configure("");
        CompletableFuture<Throwable> seen = new CompletableFuture<>();
        fencer.fence(new FenceRequest("node1", FenceAction.REBOOT, "test", clock.instant()))
                .whenComplete((result, failure) -> seen.complete(failure));
        assertThat(seen.get(30, TimeUnit.SECONDS)).isInstanceOf(FencingException.class)
                .hasMessage("no fence device can fence node1");
    }

    @Test
    void withNoDeviceAtAllFencingFailsClearly() {
        configure("");
        assertThat(fenceFails("node1", FenceAction.REBOOT).getMessage()).isEqualTo("no fence device can fence node1");
    }

    @Test
    void devicesForListsWhatWouldBeTriedLevelByLevel() throws Exception {
        configure(device("a", "pcmk_host_list", "node1") + device("b", "pcmk_host_list", "node2")
                        + device("c", "pcmk_host_list", "node1 node2"),
                Cibs.level("l1", 1, "target=\"node2\"", "b,c") + Cibs.level("l2", 2, "target=\"node2\"", "a"));
        assertThat(fencer.devicesFor("node1").toCompletableFuture().get(30, TimeUnit.SECONDS))
                .containsExactly(List.of("a"), List.of("c"));
        assertThat(fencer.devicesFor("node2").toCompletableFuture().get(30, TimeUnit.SECONDS))
                .containsExactly(List.of("b", "c"), List.of("a"));
    }

    // --- helpers --------------------------------------------------------------------------------------

    private static org.assertj.core.groups.Tuple tuple(Object... values) {
        return org.assertj.core.groups.Tuple.tuple(values);
    }

    /** A device of the scripted agent that logs its calls, tagged with its id, to the shared log. */
    private String device(String id, String... attributes) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < attributes.length; i += 2) {
            map.put(attributes[i], attributes[i + 1]);
        }
        return device(id, "fence_pacer_test", map);
    }

    private String device(String id, String agent, Map<String, String> attributes) {
        Map<String, String> map = new LinkedHashMap<>(attributes);
        map.putIfAbsent("tag", id);
        map.put("log", log.toString());
        return Cibs.device(id, agent, map);
    }

    private void configure(String resources) {
        configure(resources, "");
    }

    private void configure(String resources, String topology) {
        FencingConfiguration config = FencingConfiguration.from(Cibs.cib(resources, topology));
        assertThat(config.problems()).isEmpty();
        fencer.configure(config);
    }

    private CompletableFuture<FenceResult> request(String target, FenceAction action) {
        return fencer.fence(new FenceRequest(target, action, "test", clock.instant())).toCompletableFuture();
    }

    private FenceResult fence(String target, FenceAction action) throws Exception {
        return request(target, action).get(30, TimeUnit.SECONDS);
    }

    private FencingException fenceFails(String target, FenceAction action) {
        CompletableFuture<FenceResult> future = request(target, action);
        assertThatThrownBy(() -> future.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(FencingException.class);
        return (FencingException) future.handle((r, e) -> e instanceof CompletionException ? e.getCause() : e).join();
    }

    /** Each agent call logged: its stdin as name/value pairs. */
    private List<Map<String, String>> blocks() throws IOException {
        List<Map<String, String>> blocks = new ArrayList<>();
        if (!Files.exists(log)) {
            return blocks;
        }
        Map<String, String> block = new LinkedHashMap<>();
        for (String line : Files.readAllLines(log)) {
            if (line.equals("--")) {
                blocks.add(block);
                block = new LinkedHashMap<>();
            } else {
                int eq = line.indexOf('=');
                block.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return blocks;
    }

    /** Each agent call logged as {@code tag:action}. */
    private List<String> calls() throws IOException {
        return blocks().stream().map(b -> b.get("tag") + ":" + b.get("action")).toList();
    }
}
