package org.pacer.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code pacer resource ...}: create, change, place and inspect resources (crm_resource and pcs resource). */
@Command(name = "resource", mixinStandardHelpOptions = true,
        description = "Create, change, move and inspect resources.",
        subcommands = {
                ResourceCreateCommand.class,
                ResourceDeleteCommand.class,
                ResourceUpdateCommand.class,
                ResourceViewCommands.Show.class,
                ResourceViewCommands.ListResources.class,
                ResourcePlacementCommands.Move.class,
                ResourcePlacementCommands.Ban.class,
                ResourcePlacementCommands.Clear.class,
                ResourceRestartCommand.class,
                ResourceMetaCommands.Enable.class,
                ResourceMetaCommands.Disable.class,
                ResourceMetaCommands.Manage.class,
                ResourceMetaCommands.Unmanage.class,
                ResourceFailcountCommand.class,
                ResourceCleanupCommand.class,
                ResourceDefaultsCommand.class,
        },
        footer = {"", "Changes are checked before they are written; --dry-run shows the Transition Summary instead.",
                "Exit status: 0 ok, 2 usage (bad score, duration, syntax), 3 unknown resource or node,",
                "4 refused (invalid change, no quorum, no permission), 5 no connection to pacerd."})
final class ResourceCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
