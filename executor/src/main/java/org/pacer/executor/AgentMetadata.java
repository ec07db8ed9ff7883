package org.pacer.executor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.pacer.cib.CibException;
import org.pacer.cib.XmlElement;
import org.pacer.cib.XmlParser;

/**
 * An agent's self-description from its {@code meta-data} action: parameters with their types, defaults
 * and required flags, and the actions it supports with their default timeouts. OCF and fence agents
 * share this format.
 */
public record AgentMetadata(String name, String version, String shortDescription, String longDescription,
                            List<Parameter> parameters, List<Action> actions) {
    /** One parameter: {@code required}, {@code unique}, {@code reloadable} as the agent declares them; default may be null. */
    public record Parameter(String name, String type, String defaultValue, boolean required, boolean unique,
                            boolean reloadable, String shortDescription) {
    }

    /** One action; timeout, interval and role may be absent (null). */
    public record Action(String name, Duration timeout, Duration interval, String role, String depth) {
    }

    private static final java.util.regex.Pattern PLAIN_DOCTYPE = java.util.regex.Pattern.compile("<!DOCTYPE[^\\[<>]*>");

    public AgentMetadata {
        parameters = List.copyOf(parameters);
        actions = List.copyOf(actions);
    }

    public boolean hasAction(String action) {
        return actions.stream().anyMatch(a -> a.name().equals(action));
    }

    /**
     * The parameters whose change needs a restart rather than a reload (Pacemaker's {@code op-force-restart}):
     * the non-reloadable ones when the agent has {@code reload-agent}, the unique ones when it has only the
     * older {@code reload}; empty when it cannot reload at all.
     */
    public Optional<java.util.Set<String>> forceRestartParameters() {
        java.util.Set<String> names = new java.util.TreeSet<>();
        if (hasAction("reload-agent")) {
            parameters.stream().filter(p -> !p.reloadable()).forEach(p -> names.add(p.name()));
        } else if (hasAction("reload")) {
            parameters.stream().filter(Parameter::unique).forEach(p -> names.add(p.name()));
        } else {
            return Optional.empty();
        }
        return Optional.of(names);
    }

    public Optional<Parameter> parameter(String parameterName) {
        return parameters.stream().filter(p -> p.name().equals(parameterName)).findFirst();
    }

    /** Parses meta-data XML (through the safe parser); {@code source} names the agent in errors. */
    public static AgentMetadata parse(String xml, String source) {
        XmlElement root;
        try {
            // Agents commonly declare <!DOCTYPE resource-agent SYSTEM "ra-api-1.dtd">; the safe parser refuses DTDs,
            // so a plain declaration (without an internal subset, which is refused) is dropped first.
            String withoutDoctype = PLAIN_DOCTYPE.matcher(xml.strip()).replaceFirst("");
            root = new XmlParser(4L * 1024 * 1024).parse(withoutDoctype, source);
        } catch (CibException e) {
            throw new ExecutorException("meta-data of " + source + " is not valid XML: " + e.getMessage(), e);
        }
        if (!root.name().equals("resource-agent")) {
            throw new ExecutorException("meta-data of " + source + ": expected <resource-agent>, found <" + root.name() + ">");
        }
        List<Parameter> parameters = new ArrayList<>();
        root.child("parameters").ifPresent(list -> {
            for (XmlElement p : list.children("parameter")) {
                Optional<XmlElement> content = p.child("content");
                parameters.add(new Parameter(p.attr("name", ""), content.map(c -> c.attr("type", "string")).orElse("string"),
                        content.map(c -> c.attr("default")).orElse(null), flag(p.attr("required")), flag(p.attr("unique")),
                        flag(p.attr("reloadable")),
                        p.child("shortdesc").map(d -> d.text() == null ? "" : d.text().strip())
                                .orElse(p.attr("shortdesc", ""))));
            }
        });
        List<Action> actions = new ArrayList<>();
        root.child("actions").ifPresent(list -> {
            for (XmlElement a : list.children("action")) {
                actions.add(new Action(a.attr("name", ""), duration(a.attr("timeout")), duration(a.attr("interval")),
                        a.attr("role"), a.attr("depth")));
            }
        });
        String shortDesc = root.child("shortdesc").map(d -> d.text() == null ? "" : d.text().strip())
                .orElse(root.attr("shortdesc", ""));
        String longDesc = root.child("longdesc").map(d -> d.text() == null ? "" : d.text().strip()).orElse("");
        String version = root.child("version").map(v -> v.text() == null ? "" : v.text().strip()).orElse(root.attr("version", ""));
        return new AgentMetadata(root.attr("name", source), version, shortDesc, longDesc, parameters, actions);
    }

    private static boolean flag(String value) {
        return "1".equals(value) || "true".equalsIgnoreCase(value) || "yes".equalsIgnoreCase(value);
    }

    /** Pacemaker-style durations: plain seconds, or with ms, s, m, min, h. Unreadable values are dropped. */
    static Duration duration(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Durations.parse(value);
        } catch (ExecutorException e) {
            return null;
        }
    }
}
