package org.pacer.executor;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts agent processes, each in a session and process group of its own, from an argument vector (never a
 * shell) with its standard streams on files. Two ways: a small Perl spawn server kept running beside the
 * executor (the default where Perl exists: the JVM then forks nothing per operation, which costs it
 * milliseconds of CPU each time), or Java's ProcessBuilder through {@code setsid}.
 */
abstract class AgentLauncher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgentLauncher.class);
    static final String PROPERTY = "pacer.executor.launcher";

    /** A started agent: its pid (also its process group) and its exit status to come (128+N for signal N). */
    record Launched(long pid, CompletableFuture<Integer> exit) {
    }

    /**
     * Starts one agent.
     *
     * @throws ExecutorException when it cannot be started
     */
    abstract Launched launch(List<String> argv, Map<String, String> env, Path in, Path out, Path err);

    @Override
    public abstract void close();

    /** Perl's spawn server when Perl is installed, unless {@code -Dpacer.executor.launcher=java}. */
    static AgentLauncher create() {
        String choice = System.getProperty(PROPERTY, "");
        Path perl = Path.of("/usr/bin/perl");
        if (!choice.equals("java") && Files.isExecutable(perl)) {
            return new PerlLauncher(perl);
        }
        return new JavaLauncher();
    }

    /** ProcessBuilder and setsid(1): one JVM fork per agent. */
    static final class JavaLauncher extends AgentLauncher {
        private static final Path SETSID = Files.isExecutable(Path.of("/usr/bin/setsid")) ? Path.of("/usr/bin/setsid")
                : Path.of("/bin/setsid");

        @Override
        Launched launch(List<String> argv, Map<String, String> env, Path in, Path out, Path err) {
            List<String> command = new ArrayList<>();
            command.add(SETSID.toString());
            command.addAll(argv);
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().clear();
            builder.environment().putAll(env);
            builder.directory(Path.of("/").toFile());
            builder.redirectInput(in.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
            try {
                Process process = builder.start();
                return new Launched(process.pid(), process.onExit().thenApply(Process::exitValue));
            } catch (IOException e) {
                throw new ExecutorException("cannot start " + argv.get(0) + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
        }
    }

    /**
     * The Perl spawn server ({@code launcher.pl}): requests go to its stdin as NUL-separated fields, replies come
     * back as lines and are matched by request id on one reader thread. Restarted on the next launch if it dies;
     * the agents it was watching are then reported as failed.
     */
    static final class PerlLauncher extends AgentLauncher {
        private final Path perl;
        private final AtomicLong ids = new AtomicLong();
        private final Map<Long, CompletableFuture<Long>> starting = new ConcurrentHashMap<>();
        private final Map<Long, CompletableFuture<Integer>> exits = new ConcurrentHashMap<>();
        /**
         * Runs what follows an agent's exit (recording, starting the next operation, which waits for this server's
         * "started" reply): never on the reply reader, which would then wait for itself.
         */
        private final java.util.concurrent.ExecutorService exitCallbacks = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "pacer-agent-exits");
            thread.setDaemon(true);
            return thread;
        });
        /** Guarded by this: the running server and its request stream. */
        private Process server;
        private OutputStream requests;

        PerlLauncher(Path perl) {
            this.perl = perl;
        }

        @Override
        Launched launch(List<String> argv, Map<String, String> env, Path in, Path out, Path err) {
            long id = ids.incrementAndGet();
            CompletableFuture<Long> started = new CompletableFuture<>();
            CompletableFuture<Integer> exit = new CompletableFuture<>();
            starting.put(id, started);
            exits.put(id, exit);
            byte[] request = request(id, argv, env, in, out, err);
            try {
                synchronized (this) {
                    ensureRunning();
                    requests.write(request);
                    requests.flush();
                }
                return new Launched(started.get(30, TimeUnit.SECONDS), exit);
            } catch (IOException | TimeoutException e) {
                forget(id);
                throw new ExecutorException("agent launcher: cannot start " + argv.get(0) + ": " + e.getMessage(), e);
            } catch (ExecutionException e) {
                forget(id);
                throw new ExecutorException("cannot start " + argv.get(0) + ": " + e.getCause().getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                forget(id);
                throw new ExecutorException("interrupted while starting " + argv.get(0), e);
            }
        }

        private void forget(long id) {
            starting.remove(id);
            exits.remove(id);
        }

        private static byte[] request(long id, List<String> argv, Map<String, String> env, Path in, Path out, Path err) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
            List<String> fields = new ArrayList<>();
            fields.add(Long.toString(id));
            fields.add(in.toString());
            fields.add(out.toString());
            fields.add(err.toString());
            fields.add(Integer.toString(argv.size()));
            fields.addAll(argv);
            fields.add(Integer.toString(env.size()));
            env.forEach((name, value) -> fields.add(name + "=" + value));
            for (String field : fields) {
                if (field.indexOf('\0') >= 0) {
                    throw new ExecutorException("an argument or environment value holds a NUL: " + fields.get(5));
                }
                bytes.writeBytes(field.getBytes(StandardCharsets.UTF_8));
                bytes.write(0);
            }
            return bytes.toByteArray();
        }

        /** Starts the server if it is not running. Caller holds this. */
        private void ensureRunning() throws IOException {
            if (server != null && server.isAlive()) {
                return;
            }
            String script;
            try (InputStream source = AgentLauncher.class.getResourceAsStream("launcher.pl")) {
                if (source == null) {
                    throw new IOException("launcher.pl is missing from the executor's jar");
                }
                script = new String(source.readAllBytes(), StandardCharsets.UTF_8);
            }
            ProcessBuilder builder = new ProcessBuilder(perl.toString(), "-e", script);
            builder.redirectError(ProcessBuilder.Redirect.INHERIT);
            builder.directory(Path.of("/").toFile());
            Process started = builder.start();
            server = started;
            requests = started.getOutputStream();
            Thread reader = new Thread(() -> readReplies(started), "pacer-agent-launcher");
            reader.setDaemon(true);
            reader.start();
            LOG.debug("agent launcher started (pid {})", started.pid());
        }

        private void readReplies(Process from) {
            try (BufferedReader replies = new BufferedReader(new InputStreamReader(from.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = replies.readLine(); line != null; line = replies.readLine()) {
                    reply(line);
                }
            } catch (IOException e) {
                LOG.warn("agent launcher: reading its replies failed: {}", e.getMessage());
            }
            // The server is gone: nothing it started can be followed any more.
            ExecutorException gone = new ExecutorException("agent launcher (pid " + from.pid() + ") stopped");
            for (Long id : List.copyOf(starting.keySet())) {
                CompletableFuture<Long> pending = starting.remove(id);
                if (pending != null) {
                    pending.completeExceptionally(gone);
                }
            }
            for (Long id : List.copyOf(exits.keySet())) {
                CompletableFuture<Integer> pending = exits.remove(id);
                if (pending != null) {
                    exitCallbacks.execute(() -> pending.completeExceptionally(gone));
                }
            }
        }

        private void reply(String line) {
            String[] parts = line.split(" ", 3);
            if (parts.length < 3) {
                LOG.warn("agent launcher: unreadable reply '{}'", line);
                return;
            }
            long id = Long.parseLong(parts[1]);
            switch (parts[0]) {
                case "started" -> {
                    CompletableFuture<Long> pending = starting.remove(id);
                    if (pending != null) {
                        pending.complete(Long.parseLong(parts[2]));
                    }
                }
                case "exited" -> {
                    CompletableFuture<Integer> pending = exits.remove(id);
                    if (pending != null) {
                        int status = Integer.parseInt(parts[2]);
                        exitCallbacks.execute(() -> pending.complete(status));
                    }
                }
                case "failed" -> {
                    CompletableFuture<Long> pending = starting.remove(id);
                    exits.remove(id);
                    if (pending != null) {
                        pending.completeExceptionally(new ExecutorException(parts[2]));
                    }
                }
                default -> LOG.warn("agent launcher: unknown reply '{}'", line);
            }
        }

        @Override
        public synchronized void close() {
            exitCallbacks.shutdown();
            if (server == null) {
                return;
            }
            try {
                requests.close(); // the server reports the agents still running, then exits
                if (!server.waitFor(5, TimeUnit.SECONDS)) {
                    server.destroyForcibly();
                }
            } catch (IOException e) {
                server.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                server.destroyForcibly();
            }
        }
    }
}
