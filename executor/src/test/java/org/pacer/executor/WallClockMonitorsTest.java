package org.pacer.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recurring monitors on the real clock, where the agent thread that notices a due time runs the monitor itself:
 * the parallelism limit and the per-resource order must hold on that path too.
 */
class WallClockMonitorsTest {
    @TempDir
    Path tmp;

    @Test
    void monitorsRunByTheirOwnThreadsStillRespectTheLimitAndEachResourcesOrder() throws IOException {
        TestAgents agents = new TestAgents(tmp.resolve("agents"));
        Path log = tmp.resolve("events.log");
        AgentName logger = agents.ocf("Logger", "echo \"begin $OCF_RESOURCE_INSTANCE $1\" >> " + log + "\n"
                + "sleep 0.05\necho \"end $OCF_RESOURCE_INSTANCE $1\" >> " + log + "\nexit 0");
        List<OperationResult> results = new CopyOnWriteArrayList<>();
        try (AgentExecutor executor = new AgentExecutor(agents.config().withParallelism(1))) {
            executor.addResultListener(results::add);
            for (String rsc : List.of("r1", "r2", "r3")) {
                executor.submit(OperationRequest.of(rsc, logger, "monitor").withInterval(Duration.ofMillis(100)));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> results.stream().filter(r -> r.request().resourceId().equals("r3")).count() >= 4);
            OperationResult stop = executor.submit(OperationRequest.of("r1", logger, "stop")).toCompletableFuture().join();
            assertThat(stop.rc()).isZero();
            executor.cancel("r1", "monitor", Duration.ofMillis(100));
            executor.cancel("r2", "monitor", Duration.ofMillis(100));
            executor.cancel("r3", "monitor", Duration.ofMillis(100));
        }
        List<String> events = Files.readAllLines(log);
        for (int i = 0; i + 1 < events.size(); i += 2) { // parallelism 1: every begin is followed by its own end
            assertThat(events.get(i + 1)).isEqualTo(events.get(i).replace("begin", "end"));
        }
        assertThat(events).contains("begin r1 stop");
        assertThat(results).allMatch(r -> r.status() == ExecStatus.DONE || r.status() == ExecStatus.CANCELLED);
        assertThat(results.stream().filter(r -> r.status() == ExecStatus.DONE).map(r -> r.request().resourceId()).distinct())
                .containsExactlyInAnyOrder("r1", "r2", "r3");
    }
}
