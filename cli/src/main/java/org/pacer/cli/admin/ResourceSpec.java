package org.pacer.cli.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.pacer.cli.CommandFailure;
import org.pacer.cli.ExitCode;

/**
 * What an administrator asked for on a {@code resource create|update} or {@code fence device create} line:
 * instance parameters, operations and meta attributes, read from the pcs-like words
 * {@code NAME=VALUE... [op ACTION NAME=VALUE...]... [meta NAME=VALUE...]}. An empty value means "remove"
 * for updates.
 */
public record ResourceSpec(Map<String, String> parameters, List<OpSpec> operations, Map<String, String> meta) {
    /** One {@code op ACTION interval=.. timeout=..} group. */
    public record OpSpec(String action, Map<String, String> attributes) {
        public OpSpec {
            attributes = Map.copyOf(attributes);
        }

        public String interval() {
            return attributes.getOrDefault("interval", "0s");
        }
    }

    public ResourceSpec {
        parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        operations = List.copyOf(operations);
        meta = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(meta));
    }

    public static final ResourceSpec EMPTY = new ResourceSpec(Map.of(), List.of(), Map.of());

    /** Reads the words after the resource's id and agent. */
    public static ResourceSpec parse(List<String> words) {
        Map<String, String> parameters = new LinkedHashMap<>();
        Map<String, String> meta = new LinkedHashMap<>();
        List<OpSpec> ops = new ArrayList<>();
        String mode = "params";
        String action = null;
        Map<String, String> opAttributes = null;
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            if (word.equals("op")) {
                if (action != null) {
                    ops.add(new OpSpec(action, opAttributes));
                }
                if (i + 1 >= words.size() || words.get(i + 1).contains("=")) {
                    throw new CommandFailure(ExitCode.USAGE, "'op' needs an action: op ACTION [NAME=VALUE]...");
                }
                action = words.get(++i);
                opAttributes = new LinkedHashMap<>();
                mode = "op";
                continue;
            }
            if (word.equals("meta")) {
                if (action != null) {
                    ops.add(new OpSpec(action, opAttributes));
                    action = null;
                }
                mode = "meta";
                continue;
            }
            Map.Entry<String, String> pair = ConfigTree.nameValue(word);
            switch (mode) {
                case "op" -> {
                    if (pair.getKey().equals("interval") || pair.getKey().equals("timeout")) {
                        ConfigTree.duration(pair.getValue(), "op " + action + " " + pair.getKey());
                    }
                    opAttributes.put(pair.getKey(), pair.getValue());
                }
                case "meta" -> meta.put(pair.getKey(), pair.getValue());
                default -> parameters.put(pair.getKey(), pair.getValue());
            }
        }
        if (action != null) {
            ops.add(new OpSpec(action, opAttributes));
        }
        return new ResourceSpec(parameters, ops, meta);
    }
}
