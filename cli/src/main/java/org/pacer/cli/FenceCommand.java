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
        })
final class FenceCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
