package org.pacer.fencing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessFenceAgentRunnerTest {
    @TempDir
    Path dir;
    private ProcessFenceAgentRunner runner;

    @BeforeEach
    void install() {
        TestAgents.install(dir.resolve("agents"), "fence_pacer_test");
        runner = new ProcessFenceAgentRunner(List.of(dir.resolve("empty"), dir.resolve("agents")), Duration.ofMillis(500));
    }

    @Test
    void argumentsWithShellMetacharactersArriveUnchangedOnStdin() throws IOException {
        Path log = dir.resolve("stdin.log");
        String nasty = "$(touch " + dir.resolve("pwned") + "); `id` | & > < \\ \"q\" 's' * ~ $HOME  ";
        Map<String, String> arguments = new LinkedHashMap<>();
        arguments.put("log", log.toString());
        arguments.put("password", nasty);
        arguments.put("plug", "node 1;x");
        FenceAgentOutcome outcome = runner.run(new FenceAgentCall("fence_pacer_test", "off", arguments,
                Duration.ofSeconds(10)));
        assertThat(outcome.succeeded()).isTrue();
        assertThat(outcome.output()).isEqualTo("Success: off node 1;x\n");
        assertThat(Files.readAllLines(log)).containsExactly("action=off", "log=" + log, "password=" + nasty,
                "plug=node 1;x", "--");
        assertThat(dir.resolve("pwned")).doesNotExist();
    }

    @Test
    void aFailingAgentIsAnOutcomeWithItsExitStatusAndMessage() {
        FenceAgentOutcome outcome = runner.run(new FenceAgentCall("fence_pacer_test", "reboot",
                Map.of("mode", "fail", "plug", "n1"), Duration.ofSeconds(10)));
        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.timedOut()).isFalse();
        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.describe()).isEqualTo("exit status 1 (Failed: reboot n1 refused)");
    }

    @Test
    void aHungAgentIsKilledWithItsWholeProcessGroupAtItsTimeout() throws Exception {
        Path pids = dir.resolve("pids");
        String marker = String.valueOf(100_000 + ThreadLocalRandom.current().nextInt(800_000));
        FenceAgentOutcome outcome = runner.run(new FenceAgentCall("fence_pacer_test", "reboot",
                Map.of("mode", "hang", "ignore_term", "1", "pidfile", pids.toString(), "hang_seconds", marker),
                Duration.ofMillis(700)));
        assertThat(outcome.timedOut()).isTrue();
        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(700)).isLessThan(Duration.ofSeconds(5));
        long[] started = Arrays.stream(Files.readString(pids).strip().split(" ")).mapToLong(Long::parseLong).toArray();
        assertThat(started).hasSize(2);
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            for (long pid : started) {
                assertThat(Processes.running(pid)).as("process %d runs", pid).isFalse();
            }
            assertThat(processesMentioning("sleep " + marker)).isEmpty();
        });
    }

    @Test
    void unknownAgentsAndUnsafeNamesAreRefused() {
        assertThatThrownBy(() -> runner.run(new FenceAgentCall("fence_nothere", "off", Map.of(), Duration.ofSeconds(1))))
                .isInstanceOf(FencingException.class)
                .hasMessageStartingWith("fence agent fence_nothere is not installed (looked in [");
        assertThatThrownBy(() -> runner.locate("../agents/fence_pacer_test"))
                .hasMessage("fence agent name \"../agents/fence_pacer_test\" is not a plain file name");
    }

    @Test
    void aLineBreakCannotSmuggleInAnotherArgument() {
        assertThatThrownBy(() -> new FenceAgentCall("fence_pacer_test", "off", Map.of("ip", "1.2.3.4\naction=on"),
                Duration.ofSeconds(1)))
                .isInstanceOf(FencingException.class)
                .hasMessage("fence agent fence_pacer_test: parameter ip contains a line break or NUL, which the fence"
                        + " agent protocol cannot carry");
    }

    private static List<String> processesMentioning(String text) throws IOException, InterruptedException {
        Process ps = new ProcessBuilder("ps", "-eo", "pid,args").redirectErrorStream(true).start();
        String out = new String(ps.getInputStream().readAllBytes());
        ps.waitFor(10, TimeUnit.SECONDS);
        return out.lines().filter(line -> line.contains(text)).toList();
    }
}
