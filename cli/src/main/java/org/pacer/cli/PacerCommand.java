package org.pacer.cli;

import java.util.List;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The top-level {@code pacer} command. Each component adds its command to {@link #SUBCOMMANDS}, one line each.
 * The subcommands are not in the annotation so that a command line builds picocli's model (by reflection, most of
 * a short command's start-up) only for the subcommand it runs; help, completion and usage errors get them all.
 */
@Command(name = "pacer",
        mixinStandardHelpOptions = true,
        version = "pacer 0.1.0-SNAPSHOT",
        description = "Pacer, a high-availability cluster resource manager compatible with Pacemaker.",
        footer = {"", "Exit status: 0 ok, 1 failed, 2 usage error, 3 not found, 4 refused by the cluster,",
                "5 no connection to pacerd, 70 internal error."})
public final class PacerCommand implements Runnable {
    /** The subcommands in the order help lists them. */
    static final List<Class<?>> SUBCOMMANDS = List.of(
            CibCommand.class,
            ClusterCommand.class, QuorumCommand.class,
            AgentCommand.class,
            SimulateCommand.class,
            StatusCommand.class, ResourceCommand.class, ConstraintCommand.class, NodeCommand.class, PropertyCommand.class, FenceCommand.class, CompletionCommand.class,
            DemoCommand.class
    );

    @Option(names = "--debug", description = "Show stack traces of unexpected errors.", scope = picocli.CommandLine.ScopeType.INHERIT)
    boolean debug;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The whole command tree, every subcommand included. */
    public static CommandLine commandLine() {
        CommandLine root = new CommandLine(new PacerCommand());
        SUBCOMMANDS.forEach(root::addSubcommand);
        return root;
    }

    /**
     * The tree {@code args} needs: only the subcommand they name, none for a bare {@code --version}, and the whole
     * tree whenever anything else (help, an unknown word, an option picocli might expand) could list the others.
     */
    public static CommandLine commandLine(String[] args) {
        boolean version = false;
        for (String arg : args) {
            if (arg.equals("--debug")) {
                continue;
            }
            if (arg.equals("--version") || arg.equals("-V")) {
                version = true;
                continue;
            }
            Class<?> named = subcommandNamed(arg);
            if (named == null) {
                return commandLine();
            }
            CommandLine root = new CommandLine(new PacerCommand());
            root.addSubcommand(named);
            return root;
        }
        return version ? new CommandLine(new PacerCommand()) : commandLine();
    }

    private static Class<?> subcommandNamed(String word) {
        for (Class<?> type : SUBCOMMANDS) {
            Command command = type.getAnnotation(Command.class);
            if (command.name().equals(word) || List.of(command.aliases()).contains(word)) {
                return type;
            }
        }
        return null;
    }
}
