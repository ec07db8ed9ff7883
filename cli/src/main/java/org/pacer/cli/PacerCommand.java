package org.pacer.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The top-level {@code pacer} command. Each component adds its commands as subcommands here, one line each.
 */
@Command(name = "pacer",
        mixinStandardHelpOptions = true,
        version = "pacer 0.1.0-SNAPSHOT",
        description = "Pacer, a high-availability cluster resource manager compatible with Pacemaker.",
        subcommands = {
                CibCommand.class,
                ClusterCommand.class, QuorumCommand.class,
                AgentCommand.class,
                SimulateCommand.class,
                StatusCommand.class, ResourceCommand.class, ConstraintCommand.class, NodeCommand.class, PropertyCommand.class, FenceCommand.class, CompletionCommand.class,
                DemoCommand.class,
        },
        footer = {"", "Exit status: 0 ok, 1 failed, 2 usage error, 3 not found, 4 refused by the cluster,",
                "5 no connection to pacerd, 70 internal error."})
public final class PacerCommand implements Runnable {
    @Option(names = "--debug", description = "Show stack traces of unexpected errors.", scope = picocli.CommandLine.ScopeType.INHERIT)
    boolean debug;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
