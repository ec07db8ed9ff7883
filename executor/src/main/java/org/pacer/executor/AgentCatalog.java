package org.pacer.executor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Finds agents on this machine and turns a request into an {@link AgentInvocation}: the OCF environment,
 * the LSB and systemctl verbs, the fence agents' standard input. It also maps each standard's exit status
 * to an OCF return code. Stateless apart from its configuration.
 */
public final class AgentCatalog {
    private static final Path SYSTEMD_RUNNING = Path.of("/run/systemd/system");
    private final ExecutorConfig config;

    public AgentCatalog(ExecutorConfig config) {
        this.config = config;
    }

    public ExecutorConfig config() {
        return config;
    }

    /** The agent's executable, or empty when it is not installed. */
    public Optional<Path> locate(AgentName agent) {
        return switch (agent.standard()) {
            case OCF -> firstExecutable(config.ocfRoots().stream()
                    .map(root -> root.resolve("resource.d").resolve(agent.provider()).resolve(agent.type())));
            case STONITH -> firstExecutable(config.fenceSearchPath().stream().map(dir -> dir.resolve(agent.type())));
            case LSB -> firstExecutable(Stream.of(config.lsbDir().resolve(agent.type())));
            case SYSTEMD -> systemdAvailable() ? Optional.of(Path.of("systemctl")) : Optional.empty();
            case SERVICE -> locate(new AgentName(Standard.LSB, null, agent.type()))
                    .or(() -> locate(new AgentName(Standard.SYSTEMD, null, agent.type())));
        };
    }

    private static Optional<Path> firstExecutable(Stream<Path> candidates) {
        return candidates.filter(p -> Files.isRegularFile(p) && Files.isExecutable(p)).findFirst();
    }

    private static boolean systemdAvailable() {
        return Files.isDirectory(SYSTEMD_RUNNING);
    }

    /** Installed agents, optionally of one standard, sorted by name. systemd units are not listed. */
    public List<AgentName> list(Standard only) {
        TreeSet<String> names = new TreeSet<>();
        if (only == null || only == Standard.OCF) {
            for (Path root : config.ocfRoots()) {
                for (Path providerDir : children(root.resolve("resource.d"))) {
                    for (Path agent : children(providerDir)) {
                        addIfAgent(names, agent, () -> new AgentName(Standard.OCF,
                                providerDir.getFileName().toString(), agent.getFileName().toString()));
                    }
                }
            }
        }
        if (only == null || only == Standard.STONITH) {
            for (Path dir : config.fenceSearchPath()) {
                for (Path agent : children(dir)) {
                    if (agent.getFileName().toString().startsWith("fence_")) {
                        addIfAgent(names, agent, () -> new AgentName(Standard.STONITH, null, agent.getFileName().toString()));
                    }
                }
            }
        }
        if (only == Standard.LSB || only == Standard.SERVICE) {
            for (Path script : children(config.lsbDir())) {
                addIfAgent(names, script, () -> new AgentName(only, null, script.getFileName().toString()));
            }
        }
        List<AgentName> agents = new ArrayList<>();
        for (String name : names) {
            agents.add(AgentName.parse(name));
        }
        return agents;
    }

    private static void addIfAgent(TreeSet<String> names, Path file, java.util.function.Supplier<AgentName> name) {
        if (Files.isRegularFile(file) && Files.isExecutable(file)) {
            try {
                names.add(name.get().toString());
            } catch (ExecutorException notAPlainName) {
                // A file whose name could not be asked for (e.g. with spaces) is not an agent we can run.
            }
        }
    }

    private static List<Path> children(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * The process to start for this request.
     *
     * @throws ExecutorException when the agent is not installed, or a fence parameter cannot be written as a line
     */
    public AgentInvocation invocation(OperationRequest request) {
        AgentName agent = request.agent();
        Path executable = locate(agent).orElseThrow(() -> new ExecutorException(notInstalledMessage(agent)));
        Map<String, String> env = baseEnvironment();
        return switch (agent.standard()) {
            case OCF -> {
                env.putAll(ocfEnvironment(request));
                yield new AgentInvocation(List.of(executable.toString(), request.action()), env, null);
            }
            case STONITH -> new AgentInvocation(List.of(executable.toString()), env, fenceInput(request));
            case LSB -> new AgentInvocation(List.of(executable.toString(), lsbVerb(request.action())), env, null);
            case SYSTEMD -> new AgentInvocation(systemctl(request), env, null);
            case SERVICE -> executable.getFileName().toString().equals("systemctl")
                    ? new AgentInvocation(systemctl(request), env, null)
                    : new AgentInvocation(List.of(executable.toString(), lsbVerb(request.action())), env, null);
        };
    }

    /** The message for a missing agent, naming where it was looked for. */
    public String notInstalledMessage(AgentName agent) {
        String where = switch (agent.standard()) {
            case OCF -> config.ocfRoots().stream().map(r -> r.resolve("resource.d").resolve(agent.provider()).toString())
                    .reduce((a, b) -> a + ", " + b).orElse("");
            case STONITH -> config.fenceSearchPath().stream().map(Path::toString).reduce((a, b) -> a + ", " + b).orElse("");
            case LSB -> config.lsbDir().toString();
            case SYSTEMD, SERVICE -> config.lsbDir() + " or systemd (not running here)";
        };
        return "agent " + agent + " is not installed (looked in " + where + ")";
    }

    /** The executor's environment without any OCF variables of its own, so agents see only what we set. */
    private static Map<String, String> baseEnvironment() {
        return new LinkedHashMap<>(BaseEnvironment.VARIABLES);
    }

    /** The JVM's environment cannot change, so it is filtered once rather than for every run. */
    private static final class BaseEnvironment {
        static final Map<String, String> VARIABLES = filtered();

        private static Map<String, String> filtered() {
            Map<String, String> env = new LinkedHashMap<>();
            System.getenv().forEach((name, value) -> {
                if (!name.startsWith("OCF_")) {
                    env.put(name, value);
                }
            });
            env.putIfAbsent("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
            return java.util.Collections.unmodifiableMap(env);
        }
    }

    private Map<String, String> ocfEnvironment(OperationRequest request) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("OCF_ROOT", config.ocfRoot().toString());
        env.put("OCF_FUNCTIONS_DIR", config.ocfRoot().resolve("lib/heartbeat").toString());
        env.put("OCF_RA_VERSION_MAJOR", "1");
        env.put("OCF_RA_VERSION_MINOR", "1");
        env.put("OCF_RESOURCE_INSTANCE", request.resourceId());
        env.put("OCF_RESOURCE_TYPE", request.agent().type());
        env.put("OCF_RESOURCE_PROVIDER", request.agent().provider());
        request.params().forEach((name, value) -> env.put("OCF_RESKEY_" + name, value));
        metaAttributes(request).forEach((name, value) -> env.put("OCF_RESKEY_" + name, value));
        return env;
    }

    /** Meta attributes as Pacemaker passes them: {@code CRM_meta_} names with dashes as underscores, times in ms. */
    static Map<String, String> metaAttributes(OperationRequest request) {
        Map<String, String> meta = new LinkedHashMap<>();
        request.meta().forEach((name, value) -> meta.put("CRM_meta_" + name.replace('-', '_'), value));
        meta.put("CRM_meta_timeout", Long.toString(request.timeout().toMillis()));
        meta.put("CRM_meta_interval", Long.toString(request.interval().toMillis()));
        return meta;
    }

    private static String fenceInput(OperationRequest request) {
        StringBuilder in = new StringBuilder();
        in.append("action=").append(fenceAction(request.action())).append('\n');
        request.params().forEach((name, value) -> {
            if (name.equals("action")) {
                return; // the operation's own action wins, as in Pacemaker
            }
            if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
                throw new ExecutorException("resource " + request.resourceId() + ": fence parameter " + name
                        + " holds a line break, which fence agents cannot read");
            }
            in.append(name).append('=').append(value).append('\n');
        });
        return in.toString();
    }

    private static String fenceAction(String action) {
        return action.equals("meta-data") ? "metadata" : action;
    }

    private static String lsbVerb(String action) {
        return action.equals("monitor") ? "status" : action;
    }

    private static List<String> systemctl(OperationRequest request) {
        String unit = request.agent().type().contains(".") ? request.agent().type() : request.agent().type() + ".service";
        String verb = switch (request.action()) {
            case "monitor", "status" -> "is-active";
            case "meta-data" -> "show";
            default -> request.action();
        };
        return List.of("systemctl", verb, "--", unit);
    }

    /** Maps an agent's exit status to OCF's meaning for this standard and action. */
    public static int mapExitCode(Standard standard, String action, int exit) {
        return switch (standard) {
            case OCF -> exit >= 0 && exit <= 9 ? exit : ResultCode.GENERIC_ERROR.code();
            case LSB, SERVICE -> lsbCode(action, exit);
            case SYSTEMD -> exit == 0 ? 0
                    : (action.equals("monitor") || action.equals("status")) ? ResultCode.NOT_RUNNING.code()
                    : ResultCode.GENERIC_ERROR.code();
            case STONITH -> exit == 0 ? 0
                    : (action.equals("status") && exit == 2) ? ResultCode.NOT_RUNNING.code()
                    : ResultCode.GENERIC_ERROR.code();
        };
    }

    private static int lsbCode(String action, int exit) {
        if (action.equals("monitor") || action.equals("status")) {
            // LSB status: 0 running, 1-3 stopped (with or without leftovers), 4 unknown.
            return switch (exit) {
                case 0 -> 0;
                case 1, 2, 3 -> ResultCode.NOT_RUNNING.code();
                default -> ResultCode.GENERIC_ERROR.code();
            };
        }
        return exit >= 0 && exit <= 7 ? exit : ResultCode.GENERIC_ERROR.code();
    }
}
