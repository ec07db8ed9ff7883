package org.pacer.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.pacer.cli.admin.ResourceSpec;
import org.pacer.executor.AgentExecutor;
import org.pacer.executor.AgentMetadata;
import org.pacer.executor.AgentName;
import org.pacer.executor.ExecutorException;
import org.pacer.executor.Standard;

/**
 * An agent's meta-data for the commands that create or change resources, read on this node, and the
 * monitor operation pcs adds when the administrator names none.
 */
final class ResourceAgents {
    private ResourceAgents() {
    }

    static AgentMetadata metadata(AgentCommand.ExecutorOptions options, String agent) {
        AgentName name = AgentCommand.agentName(agent);
        try (AgentExecutor executor = new AgentExecutor(options.config())) {
            if (executor.catalog().locate(name).isEmpty()) {
                throw new CommandFailure(ExitCode.NOT_FOUND, executor.catalog().notInstalledMessage(name)
                        + " (install it on this node, or --force to skip the check)");
            }
            return executor.metadata(name);
        } catch (ExecutorException e) {
            throw new CommandFailure(ExitCode.FAILED, e.getMessage());
        }
    }

    /**
     * The spec checked against the agent's meta-data (unknown or missing required parameters refused), with
     * the agent's monitor added when the spec has none.
     */
    static ResourceSpec checked(AgentCommand.ExecutorOptions options, String agent, ResourceSpec wanted) {
        AgentMetadata meta = metadata(options, agent);
        org.pacer.cli.admin.AgentParameters.check(agent, meta, wanted.parameters(), isFence(agent));
        return withDefaultMonitor(wanted, meta);
    }

    static boolean isFence(String agent) {
        try {
            return AgentName.parse(agent).standard() == Standard.STONITH;
        } catch (ExecutorException e) {
            return false;
        }
    }

    /** The spec with a recurring monitor added (the agent's advertised interval and timeout) when it has none. */
    static ResourceSpec withDefaultMonitor(ResourceSpec spec, AgentMetadata meta) {
        if (spec.operations().stream().anyMatch(o -> o.action().equals("monitor")) || !meta.hasAction("monitor")) {
            return spec;
        }
        AgentMetadata.Action monitor = meta.actions().stream()
                .filter(a -> a.name().equals("monitor") && a.interval() != null && !a.interval().isZero()
                        && a.role() == null)
                .findFirst().orElse(null);
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("interval", monitor == null ? "60s" : monitor.interval().toSeconds() + "s");
        if (monitor != null && monitor.timeout() != null) {
            attrs.put("timeout", monitor.timeout().toSeconds() + "s");
        }
        List<ResourceSpec.OpSpec> ops = new ArrayList<>(spec.operations());
        ops.add(new ResourceSpec.OpSpec("monitor", attrs));
        return new ResourceSpec(spec.parameters(), ops, spec.meta());
    }
}
