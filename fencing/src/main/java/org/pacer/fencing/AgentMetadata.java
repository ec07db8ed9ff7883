package org.pacer.fencing;

import java.util.LinkedHashSet;
import java.util.Set;

import org.pacer.cib.CibException;
import org.pacer.cib.XmlElement;
import org.pacer.cib.XmlParser;

/**
 * What a fence agent says about itself in its {@code metadata} action: the parameters and actions it
 * supports. {@code known} is false when the agent gave no readable metadata; the fencer then assumes the
 * standard actions and the {@code port} host argument.
 */
public record AgentMetadata(boolean known, Set<String> parameters, Set<String> actions) {
    public static final AgentMetadata UNKNOWN = new AgentMetadata(false, Set.of(), Set.of());

    public AgentMetadata {
        parameters = Set.copyOf(parameters);
        actions = Set.copyOf(actions);
    }

    /** Reads a {@code <resource-agent>} document; unreadable text gives {@link #UNKNOWN}. */
    public static AgentMetadata parse(String xml, String agent) {
        XmlElement root;
        try {
            root = new XmlParser(1024 * 1024).parse(xml, agent + " metadata");
        } catch (CibException e) {
            return UNKNOWN;
        }
        if (!root.name().equals("resource-agent")) {
            return UNKNOWN;
        }
        Set<String> parameters = new LinkedHashSet<>();
        root.child("parameters").ifPresent(p -> p.children("parameter").forEach(e -> parameters.add(e.attr("name"))));
        Set<String> actions = new LinkedHashSet<>();
        root.child("actions").ifPresent(a -> a.children("action").forEach(e -> actions.add(e.attr("name"))));
        parameters.remove(null);
        actions.remove(null);
        return new AgentMetadata(true, parameters, actions);
    }

    /** Whether the agent has {@code action}; assumed true when its metadata is unknown. */
    public boolean supports(String action) {
        return !known || actions.contains(action);
    }

    /** Whether the agent is known to have {@code action} (false when its metadata is unknown). */
    public boolean declares(String action) {
        return known && actions.contains(action);
    }

    /** Pacemaker's default host argument: {@code plug} when the agent has it, otherwise {@code port}. */
    public String defaultHostArgument() {
        return parameters.contains("plug") ? "plug" : "port";
    }
}
