package org.pacer.cli.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.pacer.cli.CommandFailure;
import org.pacer.cli.ExitCode;
import org.pacer.executor.AgentMetadata;

/**
 * Checks a resource's instance parameters against its agent's meta-data: every name must be one the agent
 * declares and every required parameter must have a value. Fence devices may also use the parameters the
 * fencer itself reads (pcmk_host_list and friends).
 */
public final class AgentParameters {
    private static final Set<String> FENCER_PARAMETERS = Set.of("pcmk_host_map", "pcmk_host_list", "pcmk_host_check",
            "pcmk_delay_max", "pcmk_delay_base", "pcmk_action_limit", "pcmk_host_argument", "pcmk_off_action",
            "pcmk_off_timeout", "pcmk_off_retries", "pcmk_reboot_action", "pcmk_reboot_timeout", "pcmk_reboot_retries",
            "pcmk_list_action", "pcmk_list_timeout", "pcmk_list_retries", "pcmk_monitor_action", "pcmk_monitor_timeout",
            "pcmk_monitor_retries", "pcmk_status_action", "pcmk_status_timeout", "pcmk_status_retries",
            "priority");

    /** What the fencer passes to a fence agent itself, even where the meta-data says the administrator must. */
    private static final Set<String> SUPPLIED_BY_FENCER = Set.of("action", "port", "plug", "nodename");

    private AgentParameters() {
    }

    /**
     * Refuses unknown names and missing required parameters. {@code parameters} is the resource's full set
     * after the change (so an update is checked as a whole); {@code fence} adds the fencer's own parameters.
     */
    public static void check(String agent, AgentMetadata meta, Map<String, String> parameters, boolean fence) {
        List<String> unknown = new ArrayList<>();
        for (String name : parameters.keySet()) {
            if (meta.parameter(name).isEmpty() && !(fence && FENCER_PARAMETERS.contains(name))) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw new CommandFailure(ExitCode.REFUSED, agent + " has no parameter" + (unknown.size() == 1 ? " " : "s ")
                    + String.join(", ", unknown.stream().map(n -> "'" + n + "'").toList()) + "; it takes: "
                    + (meta.parameters().isEmpty() ? "none" : String.join(", ",
                    meta.parameters().stream().map(AgentMetadata.Parameter::name).toList()))
                    + " (pacer agent describe " + agent + ")");
        }
        List<String> missing = meta.parameters().stream()
                .filter(p -> p.required() && !(fence && SUPPLIED_BY_FENCER.contains(p.name()))
                        && (parameters.get(p.name()) == null || parameters.get(p.name()).isEmpty()))
                .map(AgentMetadata.Parameter::name).toList();
        if (!missing.isEmpty()) {
            throw new CommandFailure(ExitCode.REFUSED, agent + " requires " + String.join(", ", missing.stream()
                    .map(n -> n + "=VALUE").toList()) + " (pacer agent describe " + agent + ")");
        }
    }
}
