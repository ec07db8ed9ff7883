package org.pacer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.pacer.cluster.ClusterConfig;
import org.pacer.cluster.ClusterConfigFile;
import org.pacer.cluster.ClusterKey;
import org.pacer.cluster.ClusterNode;
import org.pacer.cluster.LocalApiServer;

/**
 * A user who is neither root nor in group haclient may not read or change the cluster: the pacer command,
 * run as 'nobody' in its own process (setpriv), gets exit status 4 and a message saying who may. Needs root
 * to switch users; skipped otherwise.
 */
class AdminPermissionTest {
    @Test
    void anUnprivilegedUserIsRefused() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root to run a command as nobody");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs setpriv");
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "pacer-perm");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<AutoCloseable> running = new ArrayList<>();
        try {
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            Path conf = dir.resolve("cluster.conf");
            Path keyFile = dir.resolve("cluster.key");
            assertThat(Main.run(new String[] {"cluster", "setup", "--name", "perm", "--dir", dir.toString(),
                    "solo=127.0.0.1:" + port}, new java.io.PrintWriter(java.io.Writer.nullWriter()),
                    new java.io.PrintWriter(java.io.Writer.nullWriter()))).isZero();
            ClusterConfig config = ClusterConfigFile.read(conf);
            ClusterNode node = new ClusterNode(config, "solo", ClusterKey.read(keyFile), dir.resolve("state"),
                    Duration.ofSeconds(10)).start();
            running.add(node);
            Path socket = dir.resolve("solo.sock");
            running.add(new LocalApiServer(socket, node, () -> { }));
            await().atMost(Duration.ofSeconds(30)).until(() -> node.status().synced() && node.status().quorum().quorate());
            String classpath = readableClasspath(dir.resolve("cp"));

            Outcome status = asNobody(classpath, "status", "--socket", socket.toString());
            assertThat(status.exit()).as(status.err()).isEqualTo(ExitCode.REFUSED);
            assertThat(status.err()).isEqualTo("pacer: user 'nobody' may not cib-query: only root and members of group"
                    + " 'haclient' may\n");
            Outcome write = asNobody(classpath, "property", "set", "maintenance-mode=true", "--socket", socket.toString());
            assertThat(write.exit()).isEqualTo(ExitCode.REFUSED);
            assertThat(node.status().cib().toString()).doesNotContain("maintenance-mode");
        } finally {
            for (int i = running.size() - 1; i >= 0; i--) {
                running.get(i).close();
            }
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private record Outcome(int exit, String err) {
    }

    private static Outcome asNobody(String classpath, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534",
                "--clear-groups", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, Main.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Outcome(process.exitValue(), err);
    }

    /** The test classpath copied where 'nobody' can read it (the build's folders may be private). */
    private static String readableClasspath(Path target) throws IOException {
        String path = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> entries = new ArrayList<>();
        int n = 0;
        for (String entry : path.split(File.pathSeparator)) {
            Path source = Path.of(entry);
            if (!Files.exists(source)) {
                continue;
            }
            Path copy = target.resolve(Integer.toString(n++) + (Files.isDirectory(source) ? "" : ".jar"));
            copyReadable(source, copy);
            entries.add(copy.toString());
        }
        try (Stream<Path> files = Files.walk(target)) {
            for (Path p : files.toList()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static void copyReadable(Path source, Path copy) throws IOException {
        if (!Files.isDirectory(source)) {
            Files.createDirectories(copy.getParent());
            Files.copy(source, copy, StandardCopyOption.REPLACE_EXISTING);
            return;
        }
        try (Stream<Path> files = Files.walk(source)) {
            for (Path p : files.toList()) {
                Path to = copy.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
