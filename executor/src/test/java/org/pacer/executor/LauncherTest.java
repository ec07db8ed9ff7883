package org.pacer.executor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Both ways of starting agents (Perl's spawn server, Java's ProcessBuilder) keep the same promises. */
class LauncherTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"perl", "java"})
    void eachLauncherPassesValuesUnchangedAndKillsTheWholeGroupAtTimeout(String launcher) throws Exception {
        TestAgents agents = new TestAgents(tmp.resolve("agents"));
        String marker = "4646" + ProcessHandle.current().pid() + (launcher.equals("perl") ? "1" : "2");
        AgentName hang = agents.ocf("Hang", "(trap '' TERM; exec sleep " + marker + ") &\nsleep " + marker + "\n");
        AgentName printer = agents.ocf("Printer", "printf '%s' \"$OCF_RESKEY_value\" > \"$OCF_RESKEY_out\"\nexit 7\n");
        String previous = System.getProperty(AgentLauncher.PROPERTY);
        System.setProperty(AgentLauncher.PROPERTY, launcher);
        try (AgentExecutor executor = new AgentExecutor(agents.config())) {
            String nasty = "a=b\n$(id) `id` ; | & * ' \" \\ é";
            Path out = tmp.resolve("value");
            OperationResult printed = executor.submit(OperationRequest.of("p", printer, "monitor")
                    .withParams(Map.of("value", nasty, "out", out.toString()))).toCompletableFuture().join();
            assertThat(printed.resultCode()).isEqualTo(ResultCode.NOT_RUNNING);
            assertThat(Files.readString(out)).isEqualTo(nasty);
            OperationResult hung = executor.submit(OperationRequest.of("h", hang, "start").withTimeout(Duration.ofMillis(500)))
                    .toCompletableFuture().join();
            assertThat(hung.status()).isEqualTo(ExecStatus.TIMED_OUT);
            assertThat(TestAgents.processesWith("sleep " + marker)).isEmpty();
        } finally {
            if (previous == null) {
                System.clearProperty(AgentLauncher.PROPERTY);
            } else {
                System.setProperty(AgentLauncher.PROPERTY, previous);
            }
            List<String> left = TestAgents.processesWith("sleep " + marker);
            left.forEach(line -> AgentProcess.signalGroup(Long.parseLong(line.trim().split("\\s+")[1]), "KILL"));
        }
    }
}
