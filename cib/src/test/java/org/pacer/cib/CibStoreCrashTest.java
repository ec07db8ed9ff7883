package org.pacer.cib;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a JVM that rewrites the CIB in a loop (SIGKILL, at random points, many times) and checks after each
 * kill that the store loads a complete version the child wrote, no older than the last one it acknowledged.
 */
class CibStoreCrashTest {
    private static final int KILLS = 30;
    private static final int KEEP = 3;

    @Test
    void alwaysLoadsACompleteVersionAfterAKill(@TempDir Path folder) throws Exception {
        long seed = Long.getLong("pacer.crash.seed", System.nanoTime());
        System.out.println("CibStoreCrashTest seed " + seed + " (rerun with -Dpacer.crash.seed=" + seed + ")");
        Random random = new Random(seed);
        Path store = folder.resolve("state");
        Path childErrors = folder.resolve("child.err");
        long acknowledged = 0;
        for (int kill = 1; kill <= KILLS; kill++) {
            int savesBeforeKill = 1 + random.nextInt(3);
            Process child = start(store, childErrors);
            long lastSeen = waitForSaves(child, savesBeforeKill, childErrors, seed);
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("child ended").isTrue();
            acknowledged = Math.max(acknowledged, lastSeen);

            XmlElement loaded = new CibStore(store, KEEP).load().orElseThrow();
            long epoch = CibVersion.of(loaded).epoch();
            assertThat(epoch).as("kill %d, seed %d: loaded epoch", kill, seed)
                    .isBetween(acknowledged, acknowledged + 1);
            assertThat(loaded).as("kill %d, seed %d: content of epoch %d", kill, seed, epoch)
                    .isEqualTo(CibStoreCrashChild.content(epoch));
            acknowledged = epoch;
        }
        assertThat(new CibStore(store, KEEP).backups()).hasSizeLessThanOrEqualTo(KEEP + 1);
    }

    private static Process start(Path store, Path errors) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Xshare:auto", "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                CibStoreCrashChild.class.getName(), store.toString(), Integer.toString(KEEP));
        builder.redirectError(ProcessBuilder.Redirect.appendTo(errors.toFile()));
        return builder.start();
    }

    /** Reads the child's acknowledgements until it has saved {@code count} versions; returns the last epoch. */
    private static long waitForSaves(Process child, int count, Path errors, long seed) throws Exception {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // The child was killed; what it acknowledged is already in the queue.
            }
            lines.add("<end>");
        }, "crash-child-reader");
        reader.setDaemon(true);
        reader.start();
        long last = 0;
        for (int seen = 0; seen < count; seen++) {
            String line = lines.poll(60, TimeUnit.SECONDS);
            if (line == null || line.equals("<end>")) {
                child.destroyForcibly();
                throw new AssertionError("seed " + seed + ": the child stopped or hung before saving " + count
                        + " versions; its stderr:\n" + read(errors));
            }
            last = Long.parseLong(line.substring("saved ".length()));
        }
        return last;
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? String.join("\n", Files.readAllLines(file)) : "(none)";
    }
}
