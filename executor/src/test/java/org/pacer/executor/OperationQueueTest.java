package org.pacer.executor;

import org.pacer.cib.OpDigest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pacer.cib.XmlElement;

/** Ordering, parallelism, recurring monitors and recorded history, with real agents and a hand-driven clock. */
class OperationQueueTest {
    @TempDir
    Path tmp;
    TestAgents agents;
    ManualClock clock;
    AgentExecutor executor;
    Path log;
    AgentName logger;

    @BeforeEach
    void setUp() {
        agents = new TestAgents(tmp.resolve("agents"));
        clock = new ManualClock();
        executor = new AgentExecutor(agents.config().withParallelism(2), clock);
        log = tmp.resolve("events.log");
        // Appends "begin RESOURCE ACTION" and "end RESOURCE ACTION" around a short sleep (small appends are atomic).
        logger = agents.ocf("Logger", "echo \"begin $OCF_RESOURCE_INSTANCE $1\" >> \"$OCF_RESKEY_log\"\n"
                + "sleep ${OCF_RESKEY_pause:-0.2}\n"
                + "echo \"end $OCF_RESOURCE_INSTANCE $1\" >> \"$OCF_RESKEY_log\"\n"
                + "[ \"$1\" = monitor ] && exit ${OCF_RESKEY_rc:-0}\nexit 0\n");
    }

    @AfterEach
    void tearDown() {
        executor.close();
    }

    private OperationRequest op(String rsc, String action) {
        return OperationRequest.of(rsc, logger, action).withParams(Map.of("log", log.toString()));
    }

    private List<String> events() throws IOException {
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    @Test
    void operationsOfOneResourceRunOneAtATimeInArrivalOrder() throws IOException {
        List<CompletableFuture<OperationResult>> futures = new ArrayList<>();
        for (String action : List.of("start", "monitor", "stop", "monitor")) {
            futures.add(executor.submit(op("r1", action)).toCompletableFuture());
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
        assertThat(events()).containsExactly("begin r1 start", "end r1 start", "begin r1 monitor", "end r1 monitor",
                "begin r1 stop", "end r1 stop", "begin r1 monitor", "end r1 monitor");
        assertThat(futures).extracting(f -> f.join().callId()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void differentResourcesRunInParallelUpToTheLimit() throws IOException {
        List<CompletableFuture<OperationResult>> futures = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            futures.add(executor.submit(op("r" + i, "start")).toCompletableFuture());
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
        int running = 0;
        int most = 0;
        for (String event : events()) {
            running += event.startsWith("begin") ? 1 : -1;
            most = Math.max(most, running);
        }
        assertThat(most).isEqualTo(2);
        assertThat(events()).hasSize(12);
    }

    @Test
    void recurringMonitorsRepeatOnTheClockUntilCancelled() throws IOException {
        List<OperationResult> results = new CopyOnWriteArrayList<>();
        executor.addResultListener(results::add);
        OperationRequest monitor = op("r1", "monitor").withInterval(Duration.ofSeconds(10));
        OperationResult first = executor.submit(monitor).toCompletableFuture().join();
        assertThat(first.rc()).isZero();
        assertThat(results).hasSize(1);
        await().until(() -> clock.pending() == 1);
        clock.advance(Duration.ofSeconds(9));
        assertThat(results).hasSize(1);
        clock.advance(Duration.ofSeconds(1));
        await().until(() -> results.size() == 2);
        assertThat(results.get(1).callId()).isEqualTo(first.callId());
        assertThat(results.get(1).startedAt()).isEqualTo(Instant.parse("2026-01-01T00:00:10Z"));
        // The return code changed at the first run only.
        assertThat(results.get(1).lastRcChange()).isEqualTo(first.startedAt());
        await().until(() -> clock.pending() == 1);
        assertThat(executor.cancel("r1", "monitor", Duration.ofSeconds(10))).isTrue();
        assertThat(results.get(2).status()).isEqualTo(ExecStatus.CANCELLED);
        clock.advance(Duration.ofSeconds(60));
        assertThat(clock.pending()).isZero();
        assertThat(results).hasSize(3);
        assertThat(events().stream().filter(e -> e.startsWith("begin"))).hasSize(2);
        assertThat(executor.cancel("r1", "monitor", Duration.ofSeconds(10))).isFalse();
    }

    @Test
    void aRecurringMonitorWaitsBehindTheResourcesOtherOperations() throws IOException {
        executor.submit(op("r1", "monitor").withInterval(Duration.ofSeconds(5))).toCompletableFuture().join();
        await().until(() -> clock.pending() == 1);
        CompletableFuture<OperationResult> stop = executor.submit(op("r1", "stop").withParams(
                Map.of("log", log.toString(), "pause", "0.5"))).toCompletableFuture();
        await().until(() -> events().contains("begin r1 stop"));
        clock.advance(Duration.ofSeconds(5));
        stop.join();
        executor.cancel("r1", "monitor", Duration.ofSeconds(5));
        List<String> events = events();
        assertThat(events.indexOf("end r1 stop")).isEqualTo(events.indexOf("begin r1 stop") + 1);
    }

    @Test
    void resultsAreRecordedAsPacemakerHistory() {
        OperationRequest start = op("r1", "start").withTransitionKey("3:7:0:6d3bd0c5-0d0b-4b6e-a7b5-1e2d0f8f2c11");
        OperationResult result = executor.submit(start).toCompletableFuture().join();
        List<XmlElement> entries = OperationHistory.entries(result, "node1");
        assertThat(entries).hasSize(1);
        XmlElement op = entries.get(0);
        assertThat(op.name()).isEqualTo("lrm_rsc_op");
        assertThat(op.attributes()).containsEntry("id", "r1_last_0").containsEntry("operation_key", "r1_start_0")
                .containsEntry("operation", "start").containsEntry("call-id", "1").containsEntry("rc-code", "0")
                .containsEntry("op-status", "0").containsEntry("interval", "0").containsEntry("on_node", "node1")
                .containsEntry("transition-key", "3:7:0:6d3bd0c5-0d0b-4b6e-a7b5-1e2d0f8f2c11")
                .containsEntry("transition-magic", "0:0;3:7:0:6d3bd0c5-0d0b-4b6e-a7b5-1e2d0f8f2c11")
                .containsEntry("last-rc-change", Long.toString(Instant.parse("2026-01-01T00:00:00Z").getEpochSecond()))
                .containsEntry("op-digest", OpDigest.of(Map.of("log", log.toString()), 0, 20000))
                .containsKeys("exec-time", "queue-time");
        assertThat(Long.parseLong(op.attr("exec-time"))).isGreaterThanOrEqualTo(150);

        OperationRequest probe = op("r2", "monitor").withParams(Map.of("log", log.toString(), "rc", "7"))
                .withTransitionKey("4:7:0:6d3bd0c5-0d0b-4b6e-a7b5-1e2d0f8f2c11");
        OperationResult unexpected = executor.submit(probe).toCompletableFuture().join();
        assertThat(unexpected.status()).isEqualTo(ExecStatus.ERROR);
        List<XmlElement> failed = OperationHistory.entries(unexpected, "node1");
        assertThat(failed).extracting(XmlElement::id).containsExactly("r2_last_0", "r2_last_failure_0");
        assertThat(failed.get(1).attr("transition-magic")).isEqualTo("4:7;4:7:0:6d3bd0c5-0d0b-4b6e-a7b5-1e2d0f8f2c11");
    }

    @Test
    void restartDigestsFollowTheAgentsReloadableParameters() {
        AgentMetadata legacyReload = AgentMetadata.parse("<resource-agent name='D'><parameters>"
                + "<parameter name='state' unique='1'><content type='string'/></parameter>"
                + "<parameter name='fake' unique='0'><content type='string'/></parameter></parameters>"
                + "<actions><action name='reload'/></actions></resource-agent>", "test");
        OperationRequest start = op("r1", "start").withParams(Map.of("fake", "x"));
        OperationResult result = executor.submit(start).toCompletableFuture().join();
        XmlElement op = OperationHistory.entries(result, "node1", legacyReload).get(0);
        // As Pacemaker records ocf:heartbeat:Dummy (state unique, fake not): state is not set, so the digest is empty's.
        assertThat(op.attr("op-force-restart")).isEqualTo("  state  ");
        assertThat(op.attr("op-restart-digest")).isEqualTo("f2317cad3d54cec5d7d7aa7d0bf35cf8");
        AgentMetadata reloadAgent = AgentMetadata.parse("<resource-agent name='D'><parameters>"
                + "<parameter name='state'/><parameter name='passwd'/><parameter name='fake' reloadable='1'/>"
                + "</parameters><actions><action name='reload-agent'/></actions></resource-agent>", "test");
        assertThat(reloadAgent.forceRestartParameters()).contains(Set.of("passwd", "state"));
        assertThat(OperationHistory.entries(result, "node1", null).get(0).attr("op-force-restart")).isNull();
    }

    @Test
    void manyQueuedOperationsAllComplete() {
        Map<String, Integer> counts = new HashMap<>();
        List<CompletableFuture<OperationResult>> futures = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            futures.add(executor.submit(op("q" + (i % 5), "monitor").withParams(
                    Map.of("log", log.toString(), "pause", "0"))).toCompletableFuture());
        }
        Set<Integer> callIds = new HashSet<>();
        for (CompletableFuture<OperationResult> f : futures) {
            OperationResult r = f.join();
            callIds.add(r.callId());
            counts.merge(r.request().resourceId(), 1, Integer::sum);
        }
        assertThat(callIds).hasSize(40);
        assertThat(counts.values()).containsOnly(8);
    }
}
