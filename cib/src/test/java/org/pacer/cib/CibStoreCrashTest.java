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
            int savesBeforeKill = 2 + random.nextInt(2);
            Process child = start(store, childErrors);
            long[] lastGapNanos = {0};
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            long lastSeen = waitForSaves(child, lines, savesBeforeKill, childErrors, seed, lastGapNanos);
            // Anywhere inside the next save, not just at its start: a random part of the last save's length.
            java.util.concurrent.locks.LockSupport.parkNanos(
                    (long) (random.nextDouble() * Math.max(lastGapNanos[0], 1_000_000L)));
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("child ended").isTrue();
            // Saves the child finished while we waited to kill it count as acknowledged too.
            for (String line = lines.poll(30, TimeUnit.SECONDS); line != null && !line.equals("<end>");
                    line = lines.poll(30, TimeUnit.SECONDS)) {
                lastSeen = Long.parseLong(line.substring("saved ".length()));
            }
            acknowledged = Math.max(acknowledged, lastSeen);

            XmlElement loaded = new CibStore(store, KEEP).load().orElseThrow();
            long epoch = CibVersion.of(loaded).epoch();
            assertThat(epoch).as("kill %d, seed %d: loaded epoch", kill, seed)
                    .isBetween(acknowledged, acknowledged + 1);
            assertThat(loaded).as("kill %d, seed %d: content of epoch %d", kill, seed, epoch)
                    .isEqualTo(CibStoreCrashChild.content(epoch));
            acknowledged = epoch;

            // The current file itself is never half-written, whatever its sidecar says.
            XmlElement current = new XmlParser().parse(store.resolve("cib.xml"));
            assertThat(current).as("kill %d, seed %d: cib.xml is a whole version", kill, seed)
                    .isEqualTo(CibStoreCrashChild.content(CibVersion.of(current).epoch()));
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

    /**
     * Starts collecting the child's acknowledgements into {@code lines} (ending with "<end>") and waits until
     * it has saved {@code count} versions; returns the last epoch.
     */
    private static long waitForSaves(Process child, BlockingQueue<String> lines, int count, Path errors, long seed,
                                     long[] lastGapNanos) throws Exception {
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
        long previousAt = 0;
        for (int seen = 0; seen < count; seen++) {
            String line = lines.poll(60, TimeUnit.SECONDS);
            if (line == null || line.equals("<end>")) {
                child.destroyForcibly();
                throw new AssertionError("seed " + seed + ": the child stopped or hung before saving " + count
                        + " versions; its stderr:\n" + read(errors));
            }
            last = Long.parseLong(line.substring("saved ".length()));
            long now = System.nanoTime();
            if (previousAt != 0) {
                lastGapNanos[0] = now - previousAt;
            }
            previousAt = now;
        }
        return last;
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? String.join("\n", Files.readAllLines(file)) : "(none)";
    }
}
