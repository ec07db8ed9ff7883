package org.pacer.fencing;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.pacer.cib.model.NvPair;
import org.pacer.cib.model.NvSet;
import org.pacer.cib.model.Resource;

/**
 * A fence device: a {@code stonith} primitive read from the CIB. {@code parameters} are what its agent gets
 * (never {@code action} or Pacemaker's own {@code pcmk_*} options, which are read into the other fields). Every value is checked when the device is read, so using a device never fails on its
 * configuration; {@code hostCheck} is null when not set, and the default then depends on the agent.
 */
public record FenceDevice(String id, String agent, Map<String, String> parameters, List<String> hostList,
                          Map<String, String> hostMap, HostCheck hostCheck, String hostArgument,
                          Duration delayBase, Map<String, Duration> delayBaseByNode, Duration delayMax,
                          Map<String, String> options, int actionLimit, boolean enabled) {
    /** Retries per action when {@code pcmk_<action>_retries} is not set, as in Pacemaker. */
    public static final int DEFAULT_RETRIES = 2;

    public FenceDevice {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        hostList = List.copyOf(hostList);
        hostMap = Collections.unmodifiableMap(new LinkedHashMap<>(hostMap));
        delayBaseByNode = Map.copyOf(delayBaseByNode);
        options = Map.copyOf(options);
    }

    /**
     * Reads a {@code stonith} primitive. Attributes are taken by name from its instance attribute sets (the
     * first set that has a name wins; rules are not evaluated); the meta attribute {@code target-role=Stopped}
     * disables the device.
     */
    public static FenceDevice from(Resource.Primitive primitive) {
        String id = primitive.id();
        if (!"stonith".equals(primitive.agentClass())) {
            throw new FencingException("resource " + id + " is not a fence device (class \"" + primitive.agentClass()
                    + "\", a fence device's is \"stonith\")");
        }
        String agent = primitive.type();
        if (agent == null || agent.isBlank()) {
            throw new FencingException("fence device " + id + " has no type (the fence agent, e.g. fence_ipmilan)");
        }
        Map<String, String> all = values(primitive.instance());
        Map<String, String> parameters = new LinkedHashMap<>();
        Map<String, String> options = new LinkedHashMap<>();
        all.forEach((name, value) -> {
            if (name.startsWith("pcmk_")) {
                options.put(name, value);
            } else if (!name.equals("action")) {
                parameters.put(name, value);
            }
        });
        String what = "fence device " + id;
        List<String> hostList = Optional.ofNullable(options.get("pcmk_host_list"))
                .map(HostLists::parseList).orElse(List.of());
        Map<String, String> hostMap = Optional.ofNullable(options.get("pcmk_host_map"))
                .map(v -> HostLists.parseMap(v, what + ": pcmk_host_map")).orElse(Map.of());
        HostCheck check = Optional.ofNullable(options.get("pcmk_host_check"))
                .map(v -> HostCheck.parse(v, what + ": pcmk_host_check")).orElse(null);
        String hostArgument = options.get("pcmk_host_argument");
        if (hostArgument != null) {
            hostArgument = hostArgument.strip();
        }
        Duration delayBase = Duration.ZERO;
        Map<String, Duration> delayBaseByNode = new LinkedHashMap<>();
        String base = options.get("pcmk_delay_base");
        if (base != null && (base.contains(":") || base.contains("="))) {
            HostLists.parseMap(base, what + ": pcmk_delay_base").forEach((node, time) ->
                    delayBaseByNode.put(node, TimeSpec.parse(time, what + ": pcmk_delay_base for " + node)));
        } else if (base != null) {
            delayBase = TimeSpec.parse(base, what + ": pcmk_delay_base");
        }
        Duration delayMax = Optional.ofNullable(options.get("pcmk_delay_max"))
                .map(v -> TimeSpec.parse(v, what + ": pcmk_delay_max")).orElse(Duration.ZERO);
        int actionLimit = Optional.ofNullable(options.get("pcmk_action_limit"))
                .map(v -> integer(v, what + ": pcmk_action_limit")).orElse(1);
        String role = values(primitive.meta()).get("target-role");
        boolean enabled = role == null || !role.strip().equalsIgnoreCase("stopped");
        FenceDevice device = new FenceDevice(id, agent, parameters, hostList, hostMap, check, hostArgument,
                delayBase, delayBaseByNode, delayMax, options, actionLimit, enabled);
        device.checkActionOptions();
        return device;
    }

    /** The command sent to the agent for {@code action} ({@code pcmk_<action>_action}, else the action). */
    public String agentAction(String action) {
        String configured = options.get("pcmk_" + action + "_action");
        return configured == null || configured.isBlank() ? action : configured.strip();
    }

    /** Whether {@code pcmk_<action>_action} names another command for {@code action}. */
    public boolean remapsAction(String action) {
        return options.containsKey("pcmk_" + action + "_action");
    }

    /** {@code pcmk_<action>_timeout}, if configured (otherwise the cluster's stonith-timeout applies). */
    public Optional<Duration> timeout(String action) {
        return Optional.ofNullable(options.get("pcmk_" + action + "_timeout"))
                .map(v -> TimeSpec.parse(v, "fence device " + id + ": pcmk_" + action + "_timeout"));
    }

    /** How many times a failed {@code action} is tried again within its timeout. */
    public int retries(String action) {
        return Optional.ofNullable(options.get("pcmk_" + action + "_retries"))
                .map(v -> integer(v, "fence device " + id + ": pcmk_" + action + "_retries")).orElse(DEFAULT_RETRIES);
    }

    /** The static delay before fencing {@code target}: its own entry of a per-node base, else the base. */
    public Duration delayBase(String target) {
        return delayBaseByNode.isEmpty() ? delayBase : delayBaseByNode.getOrDefault(target, Duration.ZERO);
    }

    /** What the agent is told to fence for {@code target}: its host map entry, else the node name. */
    public String port(String target) {
        return hostMap.getOrDefault(target, target);
    }

    /** Whether the configured list or map names {@code target}. */
    public boolean listsStatically(String target) {
        return hostList.contains(target) || hostMap.containsKey(target);
    }

    private void checkActionOptions() {
        options.keySet().forEach(name -> {
            if (name.endsWith("_timeout") && name.startsWith("pcmk_")) {
                timeout(name.substring(5, name.length() - "_timeout".length()));
            } else if (name.endsWith("_retries") && name.startsWith("pcmk_")) {
                retries(name.substring(5, name.length() - "_retries".length()));
            }
        });
    }

    /** The values of {@code sets} by name, the first set naming a value winning; rules are not evaluated. */
    static Map<String, String> values(List<NvSet> sets) {
        Map<String, String> values = new LinkedHashMap<>();
        for (NvSet set : sets) {
            for (NvPair pair : set.pairs()) {
                if (pair.name() != null && pair.value() != null) {
                    values.putIfAbsent(pair.name(), pair.value());
                }
            }
        }
        return values;
    }

    private static int integer(String value, String what) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new FencingException(what + ": \"" + value + "\" is not a whole number");
        }
    }
}
