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
    /** What systemctl can do for a resource action; other actions are not run ({@code unimplemented}). */
    private static final Map<String, String> SYSTEMCTL_VERBS = Map.of("start", "start", "stop", "stop",
            "monitor", "is-active", "status", "is-active", "reload", "reload", "restart", "restart");
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
            case SYSTEMD -> systemdRunning() ? firstExecutable(Stream.of(config.systemctl())) : Optional.empty();
            case SERVICE -> locate(new AgentName(Standard.LSB, null, agent.type()))
                    .or(() -> locate(new AgentName(Standard.SYSTEMD, null, agent.type())));
        };
    }

    private static Optional<Path> firstExecutable(Stream<Path> candidates) {
        return candidates.filter(p -> Files.isRegularFile(p) && Files.isExecutable(p)).findFirst();
    }

    /** True when systemd runs this machine (its runtime directory exists); systemctl cannot work otherwise. */
    public boolean systemdRunning() {
        return Files.isDirectory(config.systemdRuntime());
    }

    /** True when this request's agent is run through systemctl (a systemd unit, or a service without LSB script). */
    private boolean throughSystemctl(AgentName agent, Path executable) {
        return agent.standard() == Standard.SYSTEMD
                || agent.standard() == Standard.SERVICE && executable.equals(config.systemctl());
    }

    /**
     * The meta-data of an agent that has no meta-data action of its own: a systemd unit gets Pacemaker's generic
     * description (no parameters; start, stop, status, monitor, meta-data). Empty for every other agent.
     */
    public Optional<String> builtInMetadata(AgentName agent) {
        if (agent.standard() != Standard.SYSTEMD && agent.standard() != Standard.SERVICE) {
            return Optional.empty();
        }
        Optional<Path> executable = locate(agent);
        if (executable.isEmpty() || !throughSystemctl(agent, executable.get())) {
            return Optional.empty();
        }
        String unit = unitName(agent);
        return Optional.of("<?xml version=\"1.0\"?>\n<resource-agent name=\"" + unit + "\" version=\"1.0\">\n"
                + "  <version>1.1</version>\n"
                + "  <longdesc lang=\"en\">Cluster Controlled " + unit + "</longdesc>\n"
                + "  <shortdesc lang=\"en\">systemd unit file for " + unit + "</shortdesc>\n"
                + "  <parameters/>\n  <actions>\n"
                + "    <action name=\"start\" timeout=\"100s\"/>\n    <action name=\"stop\" timeout=\"100s\"/>\n"
                + "    <action name=\"status\" timeout=\"100s\"/>\n"
                + "    <action name=\"monitor\" timeout=\"100s\" interval=\"60s\"/>\n"
                + "    <action name=\"meta-data\" timeout=\"5s\"/>\n  </actions>\n  <special tag=\"systemd\"/>\n"
                + "</resource-agent>\n");
    }

    /**
     * True unless the agent is run through systemctl and systemctl has no verb for this action (promote, notify,
     * migrate_to...): such a request is answered {@code unimplemented} without running anything.
     */
    public boolean supports(OperationRequest request) {
        Standard standard = request.agent().standard();
        if (standard != Standard.SYSTEMD && standard != Standard.SERVICE) {
            return true; // without looking for the agent: this is on the path of every monitor
        }
        Optional<Path> executable = locate(request.agent());
        return executable.isEmpty() || !throughSystemctl(request.agent(), executable.get())
                || SYSTEMCTL_VERBS.containsKey(request.action()) || request.action().equals("meta-data");
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
            case SYSTEMD -> new AgentInvocation(systemctl(executable, request), env, null);
            case SERVICE -> throughSystemctl(agent, executable)
                    ? new AgentInvocation(systemctl(executable, request), env, null)
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
            case SYSTEMD -> "systemd";
            case SERVICE -> config.lsbDir() + ", then systemd";
        };
        String systemd = "";
        if (agent.standard() == Standard.SYSTEMD || agent.standard() == Standard.SERVICE) {
            systemd = !systemdRunning() ? ": systemd is not running on this node (no " + config.systemdRuntime() + ")"
                    : !Files.isExecutable(config.systemctl()) ? ": systemd runs but " + config.systemctl() + " is missing" : "";
        }
        return "agent " + agent + " is not installed (looked in " + where + ")" + systemd;
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

    private static List<String> systemctl(Path executable, OperationRequest request) {
        String verb = SYSTEMCTL_VERBS.get(request.action());
        if (verb == null) {
            throw new ExecutorException("systemd unit " + unitName(request.agent()) + " has no action " + request.action());
        }
        return List.of(executable.toString(), verb, "--", unitName(request.agent()));
    }

    /** The unit a systemd (or service) agent names: {@code NAME.service} unless a unit type is given. */
    private static String unitName(AgentName agent) {
        return agent.type().contains(".") ? agent.type() : agent.type() + ".service";
    }

    /** Maps this request's exit status to OCF's meaning; a service run through systemctl is read as systemd. */
    public int exitCode(OperationRequest request, int exit) {
        Standard standard = request.agent().standard();
        if (standard == Standard.SERVICE && locate(request.agent()).filter(config.systemctl()::equals).isPresent()) {
            standard = Standard.SYSTEMD;
        }
        return mapExitCode(standard, request.action(), exit);
    }

    /** Maps an agent's exit status to OCF's meaning for this standard and action. */
    public static int mapExitCode(Standard standard, String action, int exit) {
        return switch (standard) {
            case OCF -> exit >= 0 && exit <= 9 ? exit : ResultCode.GENERIC_ERROR.code();
            case LSB, SERVICE -> lsbCode(action, exit);
            // systemctl exits 5 when the unit is not loaded at all ("Unit NAME not found").
            case SYSTEMD -> exit == 0 ? 0
                    : (action.equals("monitor") || action.equals("status")) ? ResultCode.NOT_RUNNING.code()
                    : exit == 5 ? ResultCode.NOT_INSTALLED.code()
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
