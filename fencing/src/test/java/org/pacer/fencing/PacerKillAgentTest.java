package org.pacer.fencing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fencer with Pacer's own fence agent, {@code agents/fence/fence_pacer_kill} (shipped with the
 * executor), which powers a local test node off by killing its process tree: what {@code pacer demo} uses.
 */
class PacerKillAgentTest {
    private static final Path AGENTS = Path.of(System.getProperty("user.dir")).resolveSibling("agents").resolve("fence");

    @TempDir
    Path dir;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private Process node;

    @AfterEach
    void stop() {
        threads.shutdownNow();
        if (node != null) {
            node.descendants().forEach(ProcessHandle::destroyForcibly);
            node.destroyForcibly();
        }
    }

    @Test
    void fencingANodeKillsItsWholeProcessTree() throws Exception {
        assumeThat(AGENTS.resolve("fence_pacer_kill")).isExecutable();
        node = new ProcessBuilder("sh", "-c", "sleep 300 & sleep 301 & wait").start();
        Path pidDir = Files.createDirectories(dir.resolve("pids"));
        Files.writeString(pidDir.resolve("node1.pid"), node.pid() + "\n");
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> node.descendants().count() == 2);
        List<ProcessHandle> tree = node.descendants().toList();

        TestClock clock = new TestClock(java.time.Instant.parse("2026-01-01T00:00:00Z"));
        Fencer fencer = new Fencer("node2", new ProcessFenceAgentRunner(List.of(AGENTS), Duration.ofMillis(500)),
                new ManualTimer(clock), threads, clock, new Random(1));
        // No host list: the agent's list action (nodes with a pid file) says which nodes it can fence.
        fencer.configure(FencingConfiguration.from(Cibs.cib(Cibs.device("kill", "fence_pacer_kill",
                Map.of("pid_dir", pidDir.toString())), "")));

        FenceResult result = fencer.fence(new FenceRequest("node1", FenceAction.REBOOT, "test", clock.instant()))
                .toCompletableFuture().get(30, TimeUnit.SECONDS);

        assertThat(result.devices()).containsExactly("kill");
        assertThat(node.waitFor(5, TimeUnit.SECONDS)).isTrue();
        Awaitility.await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(tree).noneMatch(p -> Processes.running(p.pid())));
        assertThat(fencer.devicesFor("node3").toCompletableFuture().get(30, TimeUnit.SECONDS)).isEmpty();
    }
}
