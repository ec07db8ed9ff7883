package org.pacer.cli;

import java.util.concurrent.Callable;

import org.pacer.cli.admin.ResourceEdits;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pacer resource delete ID}: removes a resource and the constraints that name it. */
@Command(name = "delete", mixinStandardHelpOptions = true,
        description = {"Delete a resource (a primitive, group or clone) and every constraint naming it.",
                "A group or clone left empty is deleted too. The cluster stops it first."},
        footer = {"", "Examples:", "  pacer resource delete web", "  pacer resource delete storage --dry-run"})
final class ResourceDeleteCommand implements Callable<Integer> {
    @Parameters(paramLabel = "ID", description = "The resource to delete.")
    String id;
    @Mixin
    CibChange change;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return change.apply(spec.commandLine().getOut(), "deleted resource " + id, cib -> ResourceEdits.delete(cib, id));
    }
}
