package org.pacer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pacer demo} end to end: three pacerd processes, a crash, the timeline, and nothing left behind. */
class DemoCommandTest {
    @TempDir
    Path tmp;

    private record Run(int status, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(status, out.toString(), err.toString());
    }

    @Test
    void demoCrashesTheServiceNodeAndPrintsTheFailoverTimeline() {
        Path dir = tmp.resolve("demo");
        Run r = run("demo", "--dir", dir.toString());
        assertThat(r.status()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("Cluster status:", "fencing of", "confirmed by device fence-kill",
                "HTTP service answering again").containsPattern("failover: \\d+\\.\\d\\d s");
        assertThat(r.out().indexOf("confirmed by device")).isLessThan(r.out().indexOf("HTTP service answering again"));
        assertThat(dir).doesNotExist();
    }

    @Test
    void stopRefusesADirectoryItDidNotMake() throws Exception {
        Files.writeString(tmp.resolve("precious.txt"), "keep me");
        Run r = run("demo", "stop", "--dir", tmp.toString());
        assertThat(r.status()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(r.err()).contains("holds no cluster made by pacer demo");
        assertThat(tmp.resolve("precious.txt")).exists();
    }
}
