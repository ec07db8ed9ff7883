package org.pacer.cluster;

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
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pacer.cib.CibVersion;
import org.pacer.cib.XmlElement;

/**
 * Kills (SIGKILL, at random points) a JVM that saves CIB after CIB through the journal, snapshotting every
 * few records, and checks after each kill that the store loads exactly a version the child wrote, no older
 * than the last one it acknowledged: a torn record or a crash between snapshot and journal loses nothing
 * acknowledged and never yields a mixture of versions.
 */
class StoredCibCrashTest {
    private static final int KILLS = 10;
    private static final int SNAPSHOT_EVERY = 4;

    @Test
    void alwaysLoadsAnAcknowledgedVersionAfterAKill(@TempDir Path folder) throws Exception {
        long seed = Long.getLong("pacer.crash.seed", System.nanoTime());
        System.out.println("StoredCibCrashTest seed " + seed + " (rerun with -Dpacer.crash.seed=" + seed + ")");
        Random random = new Random(seed);
        Path state = folder.resolve("state");
        Path childErrors = folder.resolve("child.err");
        long acknowledged = 0;
        for (int kill = 1; kill <= KILLS; kill++) {
            Process child = start(state, childErrors);
            BlockingQueue<String> lines = collect(child);
            long[] gap = {1_000_000L};
            long lastSeen = waitForSaves(child, lines, 3 + random.nextInt(SNAPSHOT_EVERY * 2), childErrors, seed, gap);
            // Anywhere inside the next save (an append, or a snapshot and a new journal).
            LockSupport.parkNanos((long) (random.nextDouble() * gap[0]));
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("child ended").isTrue();
            for (String line = lines.poll(30, TimeUnit.SECONDS); line != null && !line.equals("<end>");
                    line = lines.poll(30, TimeUnit.SECONDS)) {
                lastSeen = Long.parseLong(line.substring("saved ".length()));
            }
            acknowledged = Math.max(acknowledged, lastSeen);

            XmlElement loaded = new StoredCib(state, SNAPSHOT_EVERY).load().orElseThrow();
            long epoch = CibVersion.of(loaded).epoch();
            // No upper bound: the JDK may drop what a killed child printed last, so a newer version than the
            // last one seen is possible; older than an acknowledged one is not.
            assertThat(epoch).as("kill %d, seed %d: loaded epoch", kill, seed).isGreaterThanOrEqualTo(acknowledged);
            assertThat(loaded).as("kill %d, seed %d: content of epoch %d", kill, seed, epoch)
                    .isEqualTo(StoredCibCrashChild.content(epoch));
            acknowledged = epoch;
        }
    }

    private static Process start(Path state, Path errors) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Xshare:auto", "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                StoredCibCrashChild.class.getName(), state.toString(), Integer.toString(SNAPSHOT_EVERY));
        builder.redirectError(ProcessBuilder.Redirect.appendTo(errors.toFile()));
        return builder.start();
    }

    /** The child's output lines, then "<end>" once it has exited. */
    private static BlockingQueue<String> collect(Process child) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // Killed: what it acknowledged is already queued.
            }
            lines.add("<end>");
        }, "journal-crash-child-reader");
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    /** Waits for {@code count} acknowledgements; returns the last epoch and the gap before it in {@code gap}. */
    private static long waitForSaves(Process child, BlockingQueue<String> lines, int count, Path errors, long seed,
                                     long[] gap) throws Exception {
        long last = 0;
        long previousAt = 0;
        for (int seen = 0; seen < count; seen++) {
            String line = lines.poll(60, TimeUnit.SECONDS);
            if (line == null || line.equals("<end>")) {
                child.destroyForcibly();
                throw new AssertionError("seed " + seed + ": the child stopped before saving " + count
                        + " versions; its stderr:\n" + (Files.exists(errors) ? Files.readString(errors) : "(none)"));
            }
            last = Long.parseLong(line.substring("saved ".length()));
            long now = System.nanoTime();
            if (previousAt != 0) {
                gap[0] = Math.max(now - previousAt, 1_000_000L);
            }
            previousAt = now;
        }
        return last;
    }
}
