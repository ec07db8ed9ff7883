package org.pacer.fencing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs fence agents as local processes, found by name in a list of directories (by default
 * {@code /usr/sbin}). Each agent starts in its own process group through {@code setsid}, with its arguments
 * on stdin and never through a shell; on timeout the whole group gets SIGTERM and, after a grace period,
 * SIGKILL, so nothing it started is left behind. Output goes to temporary files, which a forked child
 * keeping the descriptors open cannot block.
 */
public final class ProcessFenceAgentRunner implements FenceAgentRunner {
    /** Where Debian and Red Hat install fence agents. */
    public static final Path SYSTEM_AGENTS = Path.of("/usr/sbin");

    private static final Logger LOG = LoggerFactory.getLogger(ProcessFenceAgentRunner.class);
    private static final Pattern AGENT_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.+-]*");
    private static final int OUTPUT_LIMIT = 64 * 1024;

    private final List<Path> directories;
    private final Duration killGrace;
    private final Path setsid;
    private final Path kill;

    /** Looks for agents in {@code directories}, in order; a hung agent gets {@code killGrace} after SIGTERM. */
    public ProcessFenceAgentRunner(List<Path> directories, Duration killGrace) {
        this.directories = List.copyOf(directories);
        this.killGrace = killGrace;
        this.setsid = firstExecutable("setsid");
        this.kill = firstExecutable("kill");
    }

    /** Agents from {@code /usr/sbin}, 2 s between SIGTERM and SIGKILL. */
    public static ProcessFenceAgentRunner system() {
        return new ProcessFenceAgentRunner(List.of(SYSTEM_AGENTS), Duration.ofSeconds(2));
    }

    public List<Path> directories() {
        return directories;
    }

    /** The executable for {@code agent}, or a {@link FencingException} saying where it was looked for. */
    public Path locate(String agent) {
        if (!AGENT_NAME.matcher(agent).matches()) {
            throw new FencingException("fence agent name \"" + agent + "\" is not a plain file name");
        }
        for (Path directory : directories) {
            Path candidate = directory.resolve(agent);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new FencingException("fence agent " + agent + " is not installed (looked in " + directories + ")");
    }

    @Override
    public FenceAgentOutcome run(FenceAgentCall call) {
        Path executable = locate(call.agent());
        File out = null;
        File err = null;
        try {
            out = File.createTempFile("pacer-fence-", ".out");
            err = File.createTempFile("pacer-fence-", ".err");
            ProcessBuilder builder = new ProcessBuilder(setsid == null
                    ? List.of(executable.toString())
                    : List.of(setsid.toString(), executable.toString()))
                    .redirectOutput(out).redirectError(err);
            long started = System.nanoTime();
            Process process = builder.start();
            writeStdin(process, call.stdin());
            boolean ended = process.waitFor(call.timeout().toNanos(), TimeUnit.NANOSECONDS);
            if (!ended) {
                terminateGroup(process);
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            FenceAgentOutcome outcome = new FenceAgentOutcome(ended ? process.exitValue() : -1, !ended,
                    read(out), read(err), elapsed);
            LOG.info("fence agent {} action={} pid={}: {} in {} ms", call.agent(), call.action(), process.pid(),
                    ended ? "exit status " + outcome.exitCode() : "timed out, killed", elapsed.toMillis());
            return outcome;
        } catch (IOException e) {
            throw new FencingException("fence agent " + call.agent() + " could not be run: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FencingException("interrupted while running fence agent " + call.agent(), e);
        } finally {
            delete(out);
            delete(err);
        }
    }

    private static void writeStdin(Process process, String stdin) {
        try (OutputStream in = process.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // The agent closed its stdin without reading it all, which is its business; its exit status tells.
            LOG.debug("fence agent pid={} did not read all of its stdin: {}", process.pid(), e.getMessage());
        }
    }

    /**
     * SIGTERM to the agent's process group, SIGKILL to the group after the grace period (whether or not the
     * agent itself has gone, since its children may not have), and SIGKILL to any descendant that left it.
     */
    private void terminateGroup(Process process) throws InterruptedException {
        List<ProcessHandle> descendants = process.descendants().toList();
        signalGroup(process, "TERM");
        process.waitFor(killGrace.toNanos(), TimeUnit.NANOSECONDS);
        signalGroup(process, "KILL");
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
        process.waitFor(killGrace.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void signalGroup(Process process, String signal) throws InterruptedException {
        if (setsid == null || kill == null) {
            // Without setsid the agent shares our process group: signal it and its children one by one.
            process.descendants().forEach(signal.equals("KILL") ? ProcessHandle::destroyForcibly : ProcessHandle::destroy);
            if (signal.equals("KILL")) {
                process.destroyForcibly();
            } else {
                process.destroy();
            }
            return;
        }
        try {
            Process killer = new ProcessBuilder(kill.toString(), "-" + signal, "--", "-" + process.pid())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            killer.waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            LOG.warn("could not send SIG{} to fence agent process group {}: {}", signal, process.pid(),
                    e.getMessage());
            process.destroyForcibly();
        }
    }

    private static String read(File file) throws IOException {
        try (InputStream in = Files.newInputStream(file.toPath())) {
            return new String(in.readNBytes(OUTPUT_LIMIT), StandardCharsets.UTF_8);
        }
    }

    private static void delete(File file) {
        if (file != null && !file.delete()) {
            LOG.debug("could not delete {}", file);
        }
    }

    private static Path firstExecutable(String name) {
        for (String directory : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
            Path candidate = Path.of(directory, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        LOG.warn("{} not found: fence agents will not get a process group of their own", name);
        return null;
    }
}
