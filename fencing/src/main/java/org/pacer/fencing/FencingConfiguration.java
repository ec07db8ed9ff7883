package org.pacer.fencing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.pacer.cib.model.Cib;
import org.pacer.cib.model.Configuration;
import org.pacer.cib.model.FencingLevel;
import org.pacer.cib.model.Node;
import org.pacer.cib.model.NvSet;
import org.pacer.cib.model.Resource;

/**
 * What the fencer needs from one CIB: the fence devices in configuration order, the fencing topology, the
 * nodes' permanent attributes (for levels that target an attribute) and the {@code stonith-timeout}. A
 * device or level that cannot be read is left out and described in {@code problems}, so one bad device
 * never disables the others.
 */
public record FencingConfiguration(List<FenceDevice> devices, List<FencingLevel> topology,
                                   Map<String, Map<String, String>> nodeAttributes, Duration stonithTimeout,
                                   List<String> problems) {
    /** Pacemaker's default {@code stonith-timeout}. */
    public static final Duration DEFAULT_STONITH_TIMEOUT = Duration.ofSeconds(60);

    public static final FencingConfiguration EMPTY =
            new FencingConfiguration(List.of(), List.of(), Map.of(), DEFAULT_STONITH_TIMEOUT, List.of());

    public FencingConfiguration {
        devices = List.copyOf(devices);
        topology = List.copyOf(topology);
        nodeAttributes = Map.copyOf(nodeAttributes);
        problems = List.copyOf(problems);
    }

    /** One topology level for a target: its index and the devices that must all succeed. */
    public record Level(int index, List<String> devices) {
        public Level {
            devices = List.copyOf(devices);
        }
    }

    public static FencingConfiguration from(Cib cib) {
        return from(cib.configuration());
    }

    public static FencingConfiguration from(Configuration configuration) {
        List<String> problems = new ArrayList<>();
        List<FenceDevice> devices = new ArrayList<>();
        for (Resource top : configuration.resources()) {
            for (Resource resource : top.selfAndDescendants()) {
                if (resource instanceof Resource.Primitive primitive) {
                    Resource.Primitive resolved = resolveTemplate(primitive, configuration);
                    if ("stonith".equals(resolved.agentClass())) {
                        try {
                            devices.add(FenceDevice.from(resolved));
                        } catch (FencingException e) {
                            problems.add(e.getMessage());
                        }
                    }
                }
            }
        }
        List<FencingLevel> levels = new ArrayList<>();
        for (FencingLevel level : configuration.fencingTopology()) {
            if (level.index() < 1 || level.index() > 9) {
                problems.add("fencing level " + level.id() + ": index " + level.index() + " is not between 1 and 9");
                continue;
            }
            if (level.devices().isEmpty()) {
                problems.add("fencing level " + level.id() + " lists no devices");
                continue;
            }
            if (level.targetPattern() != null) {
                try {
                    Pattern.compile(level.targetPattern());
                } catch (PatternSyntaxException e) {
                    problems.add("fencing level " + level.id() + ": target-pattern \"" + level.targetPattern()
                            + "\" is not a regular expression: " + e.getDescription());
                    continue;
                }
            }
            levels.add(level);
        }
        Map<String, Map<String, String>> attributes = new LinkedHashMap<>();
        for (Node node : configuration.nodes()) {
            if (node.uname() != null) {
                attributes.put(node.uname(), FenceDevice.values(node.attributes()));
            }
        }
        Duration timeout = DEFAULT_STONITH_TIMEOUT;
        String configured = FenceDevice.values(configuration.clusterOptions()).get("stonith-timeout");
        if (configured != null) {
            try {
                timeout = TimeSpec.parse(configured, "cluster option stonith-timeout");
            } catch (FencingException e) {
                problems.add(e.getMessage());
            }
        }
        return new FencingConfiguration(devices, levels, attributes, timeout, problems);
    }

    public Optional<FenceDevice> device(String id) {
        return devices.stream().filter(d -> d.id().equals(id)).findFirst();
    }

    /**
     * The topology levels that apply to {@code target}, by ascending index; levels sharing an index (say one
     * by name and one by pattern) are joined. Empty when the topology says nothing about the target.
     */
    public List<Level> levelsFor(String target) {
        Map<Integer, List<String>> byIndex = new LinkedHashMap<>();
        topology.stream().filter(level -> targets(level, target))
                .sorted(Comparator.comparingInt(FencingLevel::index))
                .forEach(level -> byIndex.computeIfAbsent(level.index(), i -> new ArrayList<>())
                        .addAll(level.devices()));
        return byIndex.entrySet().stream().map(e -> new Level(e.getKey(), e.getValue())).toList();
    }

    private boolean targets(FencingLevel level, String target) {
        if (level.target() != null) {
            return level.target().equals(target);
        }
        if (level.targetPattern() != null) {
            // POSIX regexec semantics: the pattern matches anywhere in the name unless anchored.
            return Pattern.compile(level.targetPattern()).matcher(target).find();
        }
        if (level.targetAttribute() != null) {
            String value = nodeAttributes.getOrDefault(target, Map.of()).get(level.targetAttribute());
            return value != null && value.equals(level.targetValue());
        }
        return false;
    }

    private static Resource.Primitive resolveTemplate(Resource.Primitive primitive, Configuration configuration) {
        if (primitive.agentClass() != null || primitive.templateRef() == null) {
            return primitive;
        }
        return configuration.templates().stream().filter(t -> t.id().equals(primitive.templateRef())).findFirst()
                .map(t -> new Resource.Primitive(primitive.id(), t.agentClass(), t.provider(), t.type(),
                        primitive.templateRef(), primitive.description(), concat(primitive.meta(), t.meta()),
                        concat(primitive.instance(), t.instance()), primitive.utilization(),
                        primitive.operations(), false, primitive.source()))
                .orElse(primitive);
    }

    private static List<NvSet> concat(List<NvSet> first, List<NvSet> then) {
        List<NvSet> all = new ArrayList<>(first);
        all.addAll(then);
        return all;
    }
}
