package org.pacer.executor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Output capture files live in a directory of the executor's alone; anything else is refused, not written into. */
class WorkDirectoryTest {
    @TempDir
    Path tmp;

    private OperationResult runIn(Path workDir) {
        TestAgents agents = new TestAgents(tmp.resolve("agents"));
        AgentName echo = agents.ocf("Echo", "echo \"said $1\"; exit 0");
        try (AgentExecutor executor = new AgentExecutor(agents.config().withWorkDir(workDir))) {
            return executor.submit(OperationRequest.of("e1", echo, "monitor")).toCompletableFuture()
                    .orTimeout(30, TimeUnit.SECONDS).join();
        }
    }

    @Test
    void theDirectoryIsMadePrivateAndLeftEmpty() throws IOException {
        Path work = tmp.resolve("work");
        OperationResult result = runIn(work);
        assertThat(result.resultCode()).isEqualTo(ResultCode.OK);
        assertThat(result.stdout()).isEqualTo("said monitor\n");
        assertThat(work).doesNotExist(); // removed by close, being empty: no capture file was left behind
    }

    @Test
    void aDirectoryOthersCanWriteIntoIsRefused() throws IOException {
        Path shared = Files.createDirectory(tmp.resolve("shared"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxrwxrwx")));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        OperationResult result = runIn(shared);
        assertThat(result.status()).isEqualTo(ExecStatus.ERROR);
        assertThat(result.exitReason()).contains(shared.toString()).contains("not a private directory");
        try (var files = Files.list(shared)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aLinkInPlaceOfTheDirectoryIsRefused() throws IOException {
        Path target = Files.createDirectory(tmp.resolve("elsewhere"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), target);
        OperationResult result = runIn(link);
        assertThat(result.status()).isEqualTo(ExecStatus.ERROR);
        assertThat(result.exitReason()).contains("not a private directory");
        try (var files = Files.list(target)) {
            assertThat(files).isEmpty();
        }
    }
}
