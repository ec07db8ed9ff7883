package org.pacer.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code pacer fence ...}: fence devices, and (from the controller) fencing a node, its history and manual
 * confirmation. Each is its own subcommand class, one line each in the list below.
 */
@Command(name = "fence", mixinStandardHelpOptions = true, description = "Fence devices and fencing.",
        subcommands = {
                FenceDeviceCommand.class,
                FenceNodeCommands.History.class, FenceNodeCommands.Confirm.class,
        })
final class FenceCommand implements java.util.concurrent.Callable<Integer> {
    @Spec
    CommandSpec spec;
    @picocli.CommandLine.Parameters(arity = "0..1", paramLabel = "NODE", description = "Fence this node now (pacer fence NODE [--off]).")
    String target;
    @picocli.CommandLine.Option(names = "--off", description = "Power the node off instead of rebooting it.")
    boolean off;
    @picocli.CommandLine.Mixin
    NodeConnection node;

    @Override
    public Integer call() {
        if (target != null) {
            return FenceNodeCommands.fence(node, spec.commandLine().getOut(), target, off);
        }
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitCode.OK;
    }
}
