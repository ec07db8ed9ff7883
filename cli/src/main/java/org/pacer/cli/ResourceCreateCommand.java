package org.pacer.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.pacer.cli.admin.ResourceEdits;
import org.pacer.cli.admin.ResourceSpec;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pacer resource create}: a new primitive, checked against its agent's meta-data. */
@Command(name = "create", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Create a resource. Its parameters are checked against the agent's meta-data on this node:",
                "unknown or missing required parameters are refused. A monitor operation is added when none is given."},
        footer = {"", "Examples:",
                "  pacer resource create web ocf:heartbeat:apache configfile=/etc/apache2/apache2.conf \\",
                "      op monitor interval=20s timeout=30s",
                "  pacer resource create data ocf:pacer:Dummy --group storage",
                "  pacer resource create ip ocf:pacer:Dummy meta resource-stickiness=100",
                "  pacer resource create db ocf:pacer:Stateful --promotable --dry-run"})
final class ResourceCreateCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ID", description = "The new resource's id.")
    String id;
    @Parameters(index = "1", paramLabel = "AGENT", description = "CLASS:PROVIDER:TYPE or CLASS:TYPE, e.g. ocf:pacer:Dummy.")
    String agent;
    @Parameters(index = "2..*", paramLabel = "ARG",
            description = "NAME=VALUE parameters, then [op ACTION NAME=VALUE...]... [meta NAME=VALUE...].")
    List<String> words = new ArrayList<>();
    @Option(names = "--group", paramLabel = "GROUP", description = "Add it to this group (created when new).")
    String group;
    @Option(names = "--clone", description = "Run it on every node, as ID-clone.")
    boolean clone;
    @Option(names = "--promotable", description = "A promotable clone (ID-clone).")
    boolean promotable;
    @Option(names = "--force", description = "Skip the meta-data check (the agent need not be installed here).")
    boolean force;
    @Mixin
    AgentCommand.ExecutorOptions agents = new AgentCommand.ExecutorOptions();
    @Mixin
    CibChange change;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ResourceSpec finalSpec = force ? ResourceSpec.parse(words)
                : ResourceAgents.checked(agents, agent, ResourceSpec.parse(words));
        ResourceEdits.Placement placement = new ResourceEdits.Placement(group, clone, promotable);
        return change.apply(spec.commandLine().getOut(), "created resource " + id + " (" + agent + ")",
                cib -> ResourceEdits.create(cib, id, agent, finalSpec, placement));
    }
}
