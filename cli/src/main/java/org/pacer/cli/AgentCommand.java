package org.pacer.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.pacer.executor.AgentExecutor;
import org.pacer.executor.AgentMetadata;
import org.pacer.executor.AgentName;
import org.pacer.executor.Durations;
import org.pacer.executor.ExecStatus;
import org.pacer.executor.ExecutorConfig;
import org.pacer.executor.ExecutorException;
import org.pacer.executor.OperationRequest;
import org.pacer.executor.OperationResult;
import org.pacer.executor.Standard;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pacer agent ...}: run, list and describe resource and fence agents on this machine, without a cluster. */
@Command(name = "agent", description = "Run, list and describe resource and fence agents on this machine.",
        mixinStandardHelpOptions = true,
        subcommands = {AgentCommand.Run.class, AgentCommand.ListAgents.class, AgentCommand.Describe.class})
final class AgentCommand implements Runnable {
    /** Exit status of {@code pacer agent run} when the agent timed out, as timeout(1) does. */
    static final int TIMED_OUT = 124;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Options shared by the subcommands: where agents are, and how chatty the executor is. */
    static final class ExecutorOptions {
        @Option(names = {"-v", "--verbose"}, description = "Log each operation the executor runs (on standard error).")
        boolean verbose;

        @Option(names = "--agent-dir", paramLabel = "DIR",
                description = "Pacer's agent directory (default: PACER_AGENT_DIR or the installation's agents/).")
        Path agentDir;

        @Option(names = "--ocf-root", paramLabel = "DIR", description = "The OCF root (default: OCF_ROOT or /usr/lib/ocf).")
        Path ocfRoot;

        ExecutorConfig config() {
            if (!verbose) {
                // The command prints each outcome itself; the executor's per-operation log lines would repeat it.
                // Set before the executor's logger exists, and only when the user has not chosen a level.
                String level = "org.slf4j.simpleLogger.log.org.pacer.executor";
                if (System.getProperty(level) == null) {
                    System.setProperty(level, "warn");
                }
            }
            ExecutorConfig config = ExecutorConfig.defaults();
            if (agentDir != null) {
                config = config.withPacerAgents(agentDir);
            }
            if (ocfRoot != null) {
                config = config.withOcfRoot(ocfRoot);
            }
            return config;
        }
    }

    static AgentName agentName(String text) {
        try {
            return AgentName.parse(text);
        } catch (ExecutorException e) {
            throw new CommandFailure(ExitCode.USAGE, e.getMessage());
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Run one action of an agent now and print the outcome, the duration and the agent's output.",
                    "Exit status: the agent's return code mapped to OCF (0 ok, 7 not running, 8 promoted...), 124 on timeout."})
    static final class Run implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "ACTION", description = "start, stop, monitor, promote, demote, meta-data, off, on, status...")
        String action;

        @Option(names = "--agent", required = true, paramLabel = "CLASS:PROVIDER:TYPE",
                description = "The agent, e.g. ocf:heartbeat:Dummy or stonith:fence_dummy.")
        String agent;

        @Option(names = "--param", paramLabel = "NAME=VALUE", description = "An instance attribute (repeatable).")
        Map<String, String> params = new LinkedHashMap<>();

        @Option(names = "--meta", paramLabel = "NAME=VALUE", description = "A meta attribute (repeatable).")
        Map<String, String> meta = new LinkedHashMap<>();

        @Option(names = "--timeout", defaultValue = "20s", paramLabel = "DURATION", description = "Default: ${DEFAULT-VALUE}.")
        String timeout;

        @Option(names = "--interval", defaultValue = "0", paramLabel = "DURATION",
                description = "The interval the agent is told (the action still runs once). Default: ${DEFAULT-VALUE}.")
        String interval;

        @Option(names = "--resource", defaultValue = "pacer-agent-run", paramLabel = "ID",
                description = "The resource instance name the agent sees. Default: ${DEFAULT-VALUE}.")
        String resource;

        @picocli.CommandLine.Mixin
        ExecutorOptions directories = new ExecutorOptions();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            OperationRequest request;
            try {
                request = new OperationRequest(resource, agentName(agent), action, Durations.parse(interval),
                        Durations.parse(timeout), params, meta, null);
            } catch (ExecutorException e) {
                throw new CommandFailure(ExitCode.USAGE, e.getMessage());
            }
            OperationResult result;
            ExecutorConfig config = directories.config();
            try (AgentExecutor executor = new AgentExecutor(config)) {
                result = executor.submit(request).toCompletableFuture().join();
                if (request.recurring()) {
                    executor.cancel(request.resourceId(), request.action(), request.interval());
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%s %s: %s (rc %d) in %d ms%n", request.agent(), action, result.outcome(), result.rc(),
                    result.execTime().toMillis());
            if (!result.exitReason().isEmpty()) {
                out.println("reason: " + result.exitReason());
            }
            printOutput(out, "stdout", result.stdout());
            printOutput(out, "stderr", result.stderr());
            return result.status() == ExecStatus.TIMED_OUT ? TIMED_OUT : result.rc();
        }

        private static void printOutput(PrintWriter out, String name, String text) {
            if (!text.isEmpty()) {
                out.println("--- " + name);
                out.print(text.endsWith("\n") ? text : text + "\n");
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the installed agents.")
    static final class ListAgents implements Callable<Integer> {
        @Option(names = "--class", paramLabel = "CLASS", description = "Only this class: ocf, stonith, lsb or service.")
        String agentClass;

        @picocli.CommandLine.Mixin
        ExecutorOptions directories = new ExecutorOptions();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Standard only;
            try {
                only = agentClass == null ? null : Standard.of(agentClass);
            } catch (ExecutorException e) {
                throw new CommandFailure(ExitCode.USAGE, e.getMessage());
            }
            ExecutorConfig config = directories.config();
            try (AgentExecutor executor = new AgentExecutor(config)) {
                List<AgentName> agents = executor.catalog().list(only);
                agents.forEach(a -> spec.commandLine().getOut().println(a));
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "describe", mixinStandardHelpOptions = true, description = "Show an agent's meta-data: parameters, defaults, actions.")
    static final class Describe implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "CLASS:PROVIDER:TYPE")
        String agent;

        @picocli.CommandLine.Mixin
        ExecutorOptions directories = new ExecutorOptions();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            AgentName name = agentName(agent);
            AgentMetadata meta;
            ExecutorConfig config = directories.config();
            try (AgentExecutor executor = new AgentExecutor(config)) {
                if (executor.catalog().locate(name).isEmpty()) {
                    throw new CommandFailure(ExitCode.NOT_FOUND, executor.catalog().notInstalledMessage(name));
                }
                meta = executor.metadata(name);
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println(name + (meta.shortDescription().isEmpty() ? "" : " - " + meta.shortDescription()));
            if (!meta.longDescription().isEmpty()) {
                out.println();
                meta.longDescription().lines().forEach(l -> out.println("  " + l.strip()));
            }
            out.println();
            out.println("Parameters:");
            for (AgentMetadata.Parameter p : meta.parameters()) {
                StringBuilder line = new StringBuilder("  ").append(p.name()).append(" (").append(p.type());
                if (p.required()) {
                    line.append(", required");
                }
                if (p.unique()) {
                    line.append(", unique");
                }
                if (p.defaultValue() != null) {
                    line.append(", default ").append(p.defaultValue().isEmpty() ? "\"\"" : p.defaultValue());
                }
                line.append(')');
                if (!p.shortDescription().isEmpty()) {
                    line.append(": ").append(p.shortDescription());
                }
                out.println(line);
            }
            out.println();
            out.println("Actions:");
            for (AgentMetadata.Action a : meta.actions()) {
                StringBuilder line = new StringBuilder("  ").append(a.name());
                if (a.timeout() != null) {
                    line.append(" timeout=").append(seconds(a.timeout()));
                }
                if (a.interval() != null) {
                    line.append(" interval=").append(seconds(a.interval()));
                }
                if (a.role() != null) {
                    line.append(" role=").append(a.role());
                }
                out.println(line);
            }
            return ExitCode.OK;
        }

        private static String seconds(Duration d) {
            return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
        }
    }
}
