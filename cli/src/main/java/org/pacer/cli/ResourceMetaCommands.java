package org.pacer.cli;

import java.util.concurrent.Callable;

import org.pacer.cli.admin.ResourceEdits;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pacer resource enable|disable|manage|unmanage}: the meta attributes {@code target-role} and
 * {@code is-managed}, as crm_resource --meta sets them.
 */
final class ResourceMetaCommands {
    private ResourceMetaCommands() {
    }

    /** One meta attribute change on one resource; null removes the attribute (back to the default). */
    abstract static class MetaChange implements Callable<Integer> {
        @Parameters(paramLabel = "ID", description = "The resource (primitive, group or clone).")
        String id;
        @Mixin
        CibChange change;
        @Spec
        CommandSpec spec;

        abstract String name();

        abstract String value();

        abstract String done();

        @Override
        public Integer call() {
            return change.apply(spec.commandLine().getOut(), done() + " " + id,
                    cib -> ResourceEdits.setMeta(cib, id, name(), value()));
        }
    }

    @Command(name = "enable", mixinStandardHelpOptions = true,
            description = "Allow the cluster to start a resource (removes target-role=Stopped).",
            footer = {"", "Examples:", "  pacer resource enable web"})
    static final class Enable extends MetaChange {
        String name() { return "target-role"; }
        String value() { return null; }
        String done() { return "enabled"; }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true,
            description = "Stop a resource and keep it stopped (target-role=Stopped).",
            footer = {"", "Examples:", "  pacer resource disable web", "  pacer resource disable storage --dry-run"})
    static final class Disable extends MetaChange {
        String name() { return "target-role"; }
        String value() { return "Stopped"; }
        String done() { return "disabled"; }
    }

    @Command(name = "manage", mixinStandardHelpOptions = true,
            description = "Let the cluster manage a resource again (removes is-managed=false).",
            footer = {"", "Examples:", "  pacer resource manage web"})
    static final class Manage extends MetaChange {
        String name() { return "is-managed"; }
        String value() { return null; }
        String done() { return "managing"; }
    }

    @Command(name = "unmanage", mixinStandardHelpOptions = true,
            description = "Leave a resource alone: monitor it but never start or stop it (is-managed=false).",
            footer = {"", "Examples:", "  pacer resource unmanage web"})
    static final class Unmanage extends MetaChange {
        String name() { return "is-managed"; }
        String value() { return "false"; }
        String done() { return "unmanaged"; }
    }
}
