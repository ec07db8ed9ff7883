package org.pacer.executor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs one agent process in a session (and process group) of its own, through {@code setsid}, so that a
 * timeout can end everything the agent started: SIGTERM to the whole group, then SIGKILL once the grace
 * period is over. Output goes to private files rather than pipes, so a daemon the agent leaves behind
 * holding its stdout cannot keep us waiting: the run ends when the agent process itself exits.
 * {@link #run} blocks the calling thread (one of the executor's agent threads) until then: waiting in
 * {@link Process#waitFor} costs nothing, whereas {@link Process#onExit} starts a new thread for every process
 * on a machine with two cores (its completion runs on the common pool, a thread per task there).
 */
final class AgentProcess {
    private static final Path SETSID = firstExisting("/usr/bin/setsid", "/bin/setsid");
    private static final Path KILL = firstExisting("/usr/bin/kill", "/bin/kill");
    private static final Path DEV_NULL = Path.of("/dev/null");
    private static final java.io.File ROOT = Path.of("/").toFile();
    private static final long GROUP_POLL_MS = 25;
    private static final String LAUNCH_MECHANISM = "jdk.lang.Process.launchMechanism";

    static {
        // Java 17 on Linux starts every process through jspawnhelper, one more exec per agent run: with 100 monitors
        // a second that is about a third of the agents' CPU (bench/executor-bench.sh). vfork starts the agent directly.
        // Only when nobody chose, and only on the releases where VFORK is supported without warnings.
        if (System.getProperty(LAUNCH_MECHANISM) == null && Runtime.version().feature() < 21
                && System.getProperty("os.name", "").equals("Linux")) {
            System.setProperty(LAUNCH_MECHANISM, "VFORK");
        }
    }

    private final ExecutorConfig config;

    /** What became of one process: its exit status (or a timeout), its bounded output, how long it took. */
    record Outcome(int exitStatus, boolean timedOut, String stdout, String stderr, Duration elapsed) {
    }

    AgentProcess(ExecutorConfig config) {
        this.config = config;
    }

    private static Path firstExisting(String... paths) {
        for (String path : paths) {
            if (Files.isExecutable(Path.of(path))) {
                return Path.of(path);
            }
        }
        return Path.of(paths[0]);
    }

    /**
     * Starts the process and waits until it has exited or, after a timeout, until its whole group is gone.
     *
     * @throws ExecutorException when the process cannot be started at all, or the waiting thread is interrupted
     *                           (the group is killed first)
     */
    Outcome run(AgentInvocation invocation, Duration timeout) {
        Capture capture = Capture.create(config.workDir(), invocation.stdin());
        List<String> argv = new ArrayList<>(invocation.argv().size() + 1);
        argv.add(SETSID.toString());
        argv.addAll(invocation.argv());
        ProcessBuilder builder = new ProcessBuilder(argv);
        Map<String, String> env = builder.environment();
        env.clear();
        env.putAll(invocation.env());
        builder.directory(ROOT);
        builder.redirectOutput(capture.out.toFile());
        builder.redirectError(capture.err.toFile());
        builder.redirectInput(capture.in == null ? DEV_NULL.toFile() : capture.in.toFile());
        long started = System.nanoTime();
        Process process;
        try {
            process = start(builder, capture);
        } catch (IOException e) {
            capture.delete();
            throw new ExecutorException("cannot start " + invocation.argv().get(0) + ": " + e.getMessage(), e);
        }
        try {
            boolean exited = process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (exited || !process.isAlive()) {
                return capture.finish(process.waitFor(), false, Duration.ofNanos(System.nanoTime() - started),
                        config.outputLimit());
            }
            signalGroup(process.pid(), "TERM");
            awaitGroupEnd(process, System.nanoTime() + config.killGrace().toNanos());
            return capture.finish(-1, true, Duration.ofNanos(System.nanoTime() - started), config.outputLimit());
        } catch (InterruptedException e) {
            signalGroup(process.pid(), "KILL");
            capture.delete();
            Thread.currentThread().interrupt();
            throw new ExecutorException("interrupted while " + invocation.argv().get(0) + " ran; its process group was killed", e);
        }
    }

    /** Starts the process; once more if the work directory was removed meanwhile (another executor of this JVM closing). */
    private Process start(ProcessBuilder builder, Capture capture) throws IOException {
        try {
            return builder.start();
        } catch (IOException e) {
            if (Files.isDirectory(config.workDir())) {
                throw e;
            }
            capture.directoryVanished();
            Capture.ensurePrivateDirectory(config.workDir());
            return builder.start();
        }
    }

    /** Removes the work directory when it is empty and was made or checked here; another's is never touched. */
    void removeWorkDirectory() {
        Capture.removeIfEmpty(config.workDir());
    }

    /** Waits until the leader has exited and no process is left in its group; SIGKILL to the group at {@code killAt}. */
    private static void awaitGroupEnd(Process leader, long killAt) throws InterruptedException {
        boolean killed = false;
        while (leader.isAlive() || groupAlive(leader.pid())) {
            if (!killed && System.nanoTime() - killAt >= 0) {
                signalGroup(leader.pid(), "KILL");
                killed = true;
            }
            if (!leader.waitFor(GROUP_POLL_MS, TimeUnit.MILLISECONDS)) {
                continue;
            }
            Thread.sleep(GROUP_POLL_MS); // the leader is gone, the rest of its group is not yet: look again shortly
        }
    }

    /** True while any process is in group {@code pgid}; reads /proc (no process spawned), else asks kill(1). */
    static boolean groupAlive(long pgid) {
        Path proc = Path.of("/proc");
        if (!Files.isDirectory(proc.resolve("self"))) {
            return signalGroup(pgid, "0");
        }
        try (java.util.stream.Stream<Path> entries = Files.list(proc)) {
            return entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .anyMatch(p -> processGroupOf(p) == pgid);
        } catch (IOException | java.io.UncheckedIOException e) {
            return signalGroup(pgid, "0");
        }
    }

    /** The pgid field of /proc/PID/stat (the fifth, after the parenthesised command name), or -1. */
    private static long processGroupOf(Path procDir) {
        try {
            String stat = Files.readString(procDir.resolve("stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ", 4);
            return Long.parseLong(fields[2]);
        } catch (IOException | RuntimeException e) {
            return -1; // the process went away while we looked
        }
    }

    /** Sends a signal to process group {@code pgid} with kill(1), by argument vector; true when it was delivered. */
    static boolean signalGroup(long pgid, String signal) {
        try {
            Process kill = new ProcessBuilder(KILL.toString(), "-s", signal, "--", "-" + pgid)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return kill.waitFor(5, TimeUnit.SECONDS) && kill.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The private files of one run: standard input (fence agents), output and error. Output files get plain
     * numbered names and are created by the process start itself (no separate create, no random name): that is
     * safe because the directory is checked once to be ours alone (not a link, mode 0700), so nobody else can
     * place a file or a link there.
     */
    private static final class Capture {
        private static final AtomicLong RUNS = new AtomicLong();
        private static final Set<Path> CHECKED_DIRS = ConcurrentHashMap.newKeySet();
        final Path in;
        final Path out;
        final Path err;

        private Capture(Path in, Path out, Path err) {
            this.in = in;
            this.out = out;
            this.err = err;
        }

        static Capture create(Path workDir, String stdin) {
            try {
                return createIn(workDir, stdin);
            } catch (java.nio.file.NoSuchFileException vanished) {
                // Another executor of this JVM removed the (empty) shared directory as it closed: make it again.
                CHECKED_DIRS.remove(workDir);
                try {
                    return createIn(workDir, stdin);
                } catch (IOException e) {
                    throw new ExecutorException("executor work directory " + workDir + ": " + e.getMessage(), e);
                }
            } catch (IOException e) {
                throw new ExecutorException("executor work directory " + workDir + ": " + e.getMessage(), e);
            }
        }

        private static Capture createIn(Path workDir, String stdin) throws IOException {
            ensurePrivateDirectory(workDir);
            Path in = null;
            if (stdin != null) {
                // Fence device parameters may hold passwords: the file is readable by us alone.
                in = Files.createTempFile(workDir, "in", ".txt");
                Files.writeString(in, stdin, StandardCharsets.UTF_8);
            }
            long run = RUNS.incrementAndGet();
            return new Capture(in, workDir.resolve("out-" + run), workDir.resolve("err-" + run));
        }

        /** Makes the directory (0700) unless it exists, and checks once that it is a real directory of ours alone. */
        static void ensurePrivateDirectory(Path dir) throws IOException {
            if (CHECKED_DIRS.contains(dir)) {
                return;
            }
            if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } catch (java.nio.file.FileAlreadyExistsException raced) {
                    // Another executor of this JVM made it at the same moment: checked below like any other.
                }
            }
            PosixFileAttributes attributes = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            String me = System.getProperty("user.name");
            if (!attributes.isDirectory() || !attributes.owner().getName().equals(me)
                    || !PosixFilePermissions.toString(attributes.permissions()).endsWith("------")) {
                throw new IOException("not a private directory of user " + me + " (a link, or open to others)");
            }
            CHECKED_DIRS.add(dir);
        }

        /** Removes the directory if it is one we checked (never another's) and it is empty. */
        static void removeIfEmpty(Path dir) {
            if (CHECKED_DIRS.remove(dir)) {
                try {
                    Files.deleteIfExists(dir); // only when empty: never an agent's leftover output
                } catch (IOException e) {
                    // Not empty (an agent still writing) or already gone: harmless.
                }
            }
        }

        /** Forgets the check of a directory that has gone (removed by an executor closing), so it is made again. */
        void directoryVanished() {
            CHECKED_DIRS.remove(out.getParent());
        }

        Outcome finish(int exitStatus, boolean timedOut, Duration elapsed, int limit) {
            String stdout = head(out, limit);
            String stderr = head(err, limit);
            delete();
            return new Outcome(exitStatus, timedOut, stdout, stderr, elapsed);
        }

        void delete() {
            for (Path file : new Path[] {in, out, err}) {
                try {
                    if (file != null) {
                        Files.deleteIfExists(file);
                    }
                } catch (IOException e) {
                    // A leftover capture file is harmless; the directory is private.
                }
            }
        }

        private static String head(Path file, int limit) {
            try {
                if (Files.size(file) == 0) {
                    return ""; // most runs print nothing: one stat instead of open, read and close
                }
                try (InputStream input = Files.newInputStream(file)) {
                    byte[] bytes = input.readNBytes(limit);
                    String text = new String(bytes, StandardCharsets.UTF_8);
                    return input.read() >= 0 ? text + "\n[output truncated at " + limit + " bytes]" : text;
                }
            } catch (IOException e) {
                return "";
            }
        }
    }
}
