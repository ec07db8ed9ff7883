package org.pacer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pacer agent} against Pacer's own agents from the repository and Debian's installed ones. */
class AgentCommandTest {
    private static final String AGENTS = Path.of("..", "agents").toAbsolutePath().normalize().toString();

    @TempDir
    Path tmp;

    private record Outcome(int status, String out, String err) {
    }

    private static Outcome pacer(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Outcome(status, out.toString(), err.toString());
    }

    @Test
    void runExitsWithTheAgentsReturnCode() {
        String state = "state=" + tmp.resolve("d.state");
        Outcome probe = pacer("agent", "run", "monitor", "--agent", "ocf:pacer:Dummy", "--param", state, "--agent-dir", AGENTS);
        assertThat(probe.status()).isEqualTo(7);
        assertThat(probe.out()).startsWith("ocf:pacer:Dummy monitor: not running (rc 7) in ");
        assertThat(pacer("agent", "run", "start", "--agent", "ocf:pacer:Dummy", "--param", state, "--agent-dir", AGENTS).status()).isZero();
        Outcome monitor = pacer("agent", "run", "monitor", "--agent", "ocf:heartbeat:Dummy", "--param", state);
        assertThat(monitor.status()).isZero();
        assertThat(monitor.out()).contains(": ok (rc 0)");
    }

    @Test
    void aTimeoutExitsWith124() {
        Outcome slow = pacer("agent", "run", "start", "--agent", "ocf:pacer:Dummy", "--param", "delay_start=30",
                "--param", "state=" + tmp.resolve("s.state"), "--timeout", "500ms", "--agent-dir", AGENTS);
        assertThat(slow.status()).isEqualTo(124);
        assertThat(slow.out()).contains("timed out");
    }

    @Test
    void missingAgentsAndBadNamesAreClearErrors() {
        Outcome missing = pacer("agent", "run", "start", "--agent", "ocf:heartbeat:NoSuchThing", "--agent-dir", AGENTS);
        assertThat(missing.status()).isEqualTo(5);
        assertThat(missing.out()).contains("not installed", "/usr/lib/ocf/resource.d/heartbeat");
        Outcome tricky = pacer("agent", "run", "start", "--agent", "ocf:../../bin:sh");
        assertThat(tricky.status()).isEqualTo(ExitCode.USAGE);
        assertThat(tricky.err()).startsWith("pacer: agent provider '../../bin' is not a plain name");
        Outcome describe = pacer("agent", "describe", "ocf:nobody:Nothing", "--agent-dir", AGENTS);
        assertThat(describe.status()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(describe.err()).contains("ocf:nobody:Nothing is not installed");
    }

    @Test
    void listAndDescribe() {
        Outcome list = pacer("agent", "list", "--agent-dir", AGENTS);
        assertThat(list.status()).isZero();
        assertThat(list.out().lines()).contains("ocf:pacer:Dummy", "ocf:pacer:Stateful", "ocf:heartbeat:Dummy",
                "stonith:fence_pacer_kill", "stonith:fence_dummy");
        Outcome describe = pacer("agent", "describe", "ocf:pacer:Stateful", "--agent-dir", AGENTS);
        assertThat(describe.status()).isZero();
        assertThat(describe.out()).contains("Parameters:", "  state (string, unique, default", "Actions:",
                "  promote timeout=10s", "  monitor timeout=20s interval=10s role=Promoted");
    }
}
