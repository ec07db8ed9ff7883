package org.pacer.executor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

/** Real agent scripts written into a temporary Pacer agent directory, and the executor configuration using them. */
final class TestAgents {
    final Path root;

    TestAgents(Path root) {
        this.root = root;
    }

    /** Writes {@code ocf:test:NAME}: minimal meta-data, and this shell body for every other action. */
    AgentName ocf(String name, String body) {
        write(root.resolve("ocf/resource.d/test").resolve(name), "#!/bin/sh\n"
                + "if [ \"$1\" = meta-data ]; then echo '<resource-agent name=\"" + name + "\"><actions/></resource-agent>'; exit 0; fi\n"
                + body + "\n");
        return new AgentName(Standard.OCF, "test", name);
    }

    static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ExecutorConfig config() {
        return new ExecutorConfig(Path.of("/usr/lib/ocf"), root, List.of(Path.of("/usr/sbin")), Path.of("/etc/init.d"),
                4, Duration.ofMillis(500), 64 * 1024, root.resolve("work"));
    }

    /** Pacer's own agents, from the repository. */
    static Path pacerAgents() {
        Path dir = Path.of("..", "agents").toAbsolutePath().normalize();
        if (!Files.isDirectory(dir.resolve("ocf/resource.d/pacer"))) {
            throw new IllegalStateException("Pacer's agents are not at " + dir);
        }
        return dir;
    }

    /** Command lines of live processes containing {@code marker}, from ps. */
    static List<String> processesWith(String marker) {
        try {
            Process ps = new ProcessBuilder("ps", "-eo", "pid,pgid,args").redirectErrorStream(true).start();
            String out = new String(ps.getInputStream().readAllBytes());
            ps.waitFor();
            return out.lines().filter(l -> l.contains(marker) && !l.contains(" ps -eo")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
