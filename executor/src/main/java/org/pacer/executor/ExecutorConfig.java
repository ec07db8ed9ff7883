package org.pacer.executor;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where agents live and how hard the executor may work. Pacer's own agents come first: its agent
 * directory holds {@code ocf/resource.d/PROVIDER/TYPE} and {@code fence/fence_*}, searched before
 * {@code OCF_ROOT} and the system's fence agents.
 *
 * @param ocfRoot      the system OCF root given to agents as {@code OCF_ROOT}
 * @param pacerAgents  Pacer's agent directory, or null when there is none
 * @param fenceDirs    system directories holding fence agents, searched after Pacer's
 * @param lsbDir       where LSB init scripts live
 * @param parallelism  how many operations (of different resources) may run at once
 * @param killGrace    how long an agent's process group has between SIGTERM and SIGKILL after a timeout
 * @param outputLimit  bytes kept of each of stdout and stderr
 * @param workDir      a private directory for the agents' captured output
 * @param systemctl    the systemctl executable that runs {@code systemd} (and {@code service}) resources
 * @param systemdRuntime the directory that exists only while systemd runs as init ({@code /run/systemd/system})
 */
public record ExecutorConfig(Path ocfRoot, Path pacerAgents, List<Path> fenceDirs, Path lsbDir, int parallelism,
                             Duration killGrace, int outputLimit, Path workDir, Path systemctl, Path systemdRuntime) {
    /** systemd's own marker of a system it manages (what sd_booted() checks). */
    public static final Path SYSTEMD_RUNTIME = Path.of("/run/systemd/system");

    /** A configuration with this machine's systemctl and systemd marker. */
    public ExecutorConfig(Path ocfRoot, Path pacerAgents, List<Path> fenceDirs, Path lsbDir, int parallelism,
                          Duration killGrace, int outputLimit, Path workDir) {
        this(ocfRoot, pacerAgents, fenceDirs, lsbDir, parallelism, killGrace, outputLimit, workDir,
                Files.isExecutable(Path.of("/usr/bin/systemctl")) ? Path.of("/usr/bin/systemctl") : Path.of("/bin/systemctl"),
                SYSTEMD_RUNTIME);
    }

    public ExecutorConfig {
        fenceDirs = List.copyOf(fenceDirs);
        if (parallelism < 1 || outputLimit < 0 || killGrace.isNegative()) {
            throw new ExecutorException("executor: parallelism must be >= 1, output limit and kill grace >= 0");
        }
    }

    /**
     * The defaults for this machine: {@code OCF_ROOT} from the environment or {@code /usr/lib/ocf}; Pacer's
     * agents from the {@code pacer.agents} property, {@code PACER_AGENT_DIR}, or the {@code agents} folder
     * of the installation the executor's jar comes from. Parallelism is generous (16, or 8 a core) because agents
     * mostly wait: with 1,000 monitors every 10 s on a busy 2-core machine, 8 slots could not keep up.
     */
    public static ExecutorConfig defaults() {
        Map<String, String> env = System.getenv();
        Path ocfRoot = Path.of(env.getOrDefault("OCF_ROOT", "/usr/lib/ocf"));
        String configured = System.getProperty("pacer.agents", env.get("PACER_AGENT_DIR"));
        Path pacerAgents = configured != null ? Path.of(configured) : findInstalledAgents();
        Path workDir = Path.of(System.getProperty("java.io.tmpdir"), "pacer-executor-" + ProcessHandle.current().pid());
        return new ExecutorConfig(ocfRoot, pacerAgents, List.of(Path.of("/usr/sbin"), Path.of("/usr/bin")),
                Path.of("/etc/init.d"), Math.max(16, Runtime.getRuntime().availableProcessors() * 8),
                Duration.ofSeconds(5), 64 * 1024, workDir);
    }

    /** Walks up from the executor's classes or jar to a folder holding {@code agents/ocf/resource.d}. */
    private static Path findInstalledAgents() {
        try {
            Path at = Path.of(ExecutorConfig.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (int up = 0; at != null && up < 5; up++, at = at.getParent()) {
                Path candidate = at.resolve("agents");
                if (Files.isDirectory(candidate.resolve("ocf/resource.d"))) {
                    return candidate;
                }
            }
        } catch (URISyntaxException | RuntimeException e) {
            // No code source (unusual class loader): Pacer's own agents are simply not found.
        }
        return null;
    }

    public ExecutorConfig withPacerAgents(Path dir) {
        return new ExecutorConfig(ocfRoot, dir, fenceDirs, lsbDir, parallelism, killGrace, outputLimit, workDir, systemctl, systemdRuntime);
    }

    public ExecutorConfig withOcfRoot(Path root) {
        return new ExecutorConfig(root, pacerAgents, fenceDirs, lsbDir, parallelism, killGrace, outputLimit, workDir, systemctl, systemdRuntime);
    }

    public ExecutorConfig withParallelism(int limit) {
        return new ExecutorConfig(ocfRoot, pacerAgents, fenceDirs, lsbDir, limit, killGrace, outputLimit, workDir, systemctl, systemdRuntime);
    }

    public ExecutorConfig withKillGrace(Duration grace) {
        return new ExecutorConfig(ocfRoot, pacerAgents, fenceDirs, lsbDir, parallelism, grace, outputLimit, workDir, systemctl, systemdRuntime);
    }

    public ExecutorConfig withOutputLimit(int bytes) {
        return new ExecutorConfig(ocfRoot, pacerAgents, fenceDirs, lsbDir, parallelism, killGrace, bytes, workDir, systemctl, systemdRuntime);
    }

    public ExecutorConfig withWorkDir(Path dir) {
        return new ExecutorConfig(ocfRoot, pacerAgents, fenceDirs, lsbDir, parallelism, killGrace, outputLimit, dir, systemctl, systemdRuntime);
    }

    /** systemd through this systemctl, running when {@code runtime} exists: a test points both at fakes. */
    public ExecutorConfig withSystemd(Path systemctlExecutable, Path runtime) {
        return new ExecutorConfig(ocfRoot, pacerAgents, fenceDirs, lsbDir, parallelism, killGrace, outputLimit, workDir,
                systemctlExecutable, runtime);
    }

    /** OCF roots to search, Pacer's first. */
    List<Path> ocfRoots() {
        List<Path> roots = new ArrayList<>();
        if (pacerAgents != null) {
            roots.add(pacerAgents.resolve("ocf"));
        }
        roots.add(ocfRoot);
        return roots;
    }

    /** Fence agent directories to search, Pacer's first. */
    List<Path> fenceSearchPath() {
        List<Path> dirs = new ArrayList<>();
        if (pacerAgents != null) {
            dirs.add(pacerAgents.resolve("fence"));
        }
        dirs.addAll(fenceDirs);
        return dirs;
    }
}
