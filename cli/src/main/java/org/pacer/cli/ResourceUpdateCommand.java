package org.pacer.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.pacer.cib.XmlElement;
import org.pacer.cli.admin.AgentParameters;
import org.pacer.cli.admin.ConfigTree;
import org.pacer.cli.admin.ResourceEdits;
import org.pacer.cli.admin.ResourceSpec;
import org.pacer.executor.AgentMetadata;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pacer resource update ID ...}: changes parameters, operations and meta attributes. */
@Command(name = "update", mixinStandardHelpOptions = true,
        description = {"Change a resource's parameters, operations or meta attributes. NAME= (empty) removes one.",
                "The resulting parameters are checked against the agent's meta-data."},
        footer = {"", "Examples:",
                "  pacer resource update web configfile=/etc/httpd.conf",
                "  pacer resource update web op monitor interval=30s timeout=20s",
                "  pacer resource update storage meta resource-stickiness=200",
                "  pacer resource update web fake= --dry-run"})
final class ResourceUpdateCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ID", description = "The resource.")
    String id;
    @Parameters(index = "1..*", paramLabel = "ARG", arity = "1..*",
            description = "NAME=VALUE parameters, then [op ACTION NAME=VALUE...]... [meta NAME=VALUE...].")
    List<String> words = new ArrayList<>();
    @Option(names = "--force", description = "Skip the meta-data check.")
    boolean force;
    @Mixin
    AgentCommand.ExecutorOptions agents = new AgentCommand.ExecutorOptions();
    @Mixin
    CibChange change;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ResourceSpec wanted = ResourceSpec.parse(words);
        AgentMetadata meta = null;
        String agent = null;
        XmlElement resource = ConfigTree.resource(change.current(), id);
        if (!force && resource.name().equals("primitive") && !wanted.parameters().isEmpty()) {
            agent = resource.attr("class") + (resource.attr("provider") == null ? "" : ":" + resource.attr("provider"))
                    + ":" + resource.attr("type");
            meta = ResourceAgents.metadata(agents, agent);
        }
        AgentMetadata checked = meta;
        String agentName = agent;
        return change.apply(spec.commandLine().getOut(), "updated resource " + id, cib -> {
            XmlElement after = ResourceEdits.update(cib, id, wanted);
            if (checked != null) {
                AgentParameters.check(agentName, checked,
                        ConfigTree.pairs(ConfigTree.resource(after, id), "instance_attributes"),
                        ResourceAgents.isFence(agentName));
            }
            return after;
        });
    }
}
