package org.pacer.fencing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds out what fence devices can do: each agent's metadata (cached for the fencer's life) and which
 * nodes a device can fence, following {@code pcmk_host_check} and Pacemaker's default when it is unset.
 * Lists from the agent's {@code list} action are cached for {@link #LIST_LIFETIME} by the injected clock.
 * Both caches are concurrent maps, the only mutable state here.
 */
final class DeviceCapabilities {
    /** How long a device's {@code list} answer is trusted, as in Pacemaker. */
    static final Duration LIST_LIFETIME = Duration.ofSeconds(60);
    static final Duration METADATA_TIMEOUT = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(DeviceCapabilities.class);
    private static final Pattern LIST_SEPARATORS = Pattern.compile("[\\s,;]+");

    private final FenceAgentRunner runner;
    private final Clock clock;
    private final ConcurrentMap<String, AgentMetadata> metadata = new ConcurrentHashMap<>();
    private final ConcurrentMap<FenceDevice, Listing> listings = new ConcurrentHashMap<>();

    private record Listing(Optional<Set<String>> hosts, Instant at) {
    }

    DeviceCapabilities(FenceAgentRunner runner, Clock clock) {
        this.runner = runner;
        this.clock = clock;
    }

    /** Whether {@code agent}'s metadata has been read already. */
    boolean knows(String agent) {
        return metadata.containsKey(agent);
    }

    /**
     * The agent's metadata; {@link AgentMetadata#UNKNOWN} when it gives none, which is not remembered so a
     * passing failure is not kept for good. Throws if the agent cannot run.
     */
    AgentMetadata metadata(String agent) {
        AgentMetadata known = metadata.get(agent);
        if (known != null) {
            return known;
        }
        FenceAgentOutcome outcome = runner.run(new FenceAgentCall(agent, "metadata", Map.of(), METADATA_TIMEOUT));
        AgentMetadata read = outcome.succeeded() ? AgentMetadata.parse(outcome.output(), agent) : AgentMetadata.UNKNOWN;
        if (read.known()) {
            metadata.put(agent, read);
        } else {
            LOG.warn("fence agent {} gave no readable metadata ({}); assuming standard actions", agent,
                    outcome.describe());
        }
        return read;
    }

    /** The host check in force for {@code device}: its own, else Pacemaker's default for its settings. */
    HostCheck effectiveCheck(FenceDevice device, AgentMetadata meta, FencingConfiguration config) {
        if (device.hostCheck() != null) {
            return device.hostCheck();
        }
        if (!device.hostList().isEmpty() || !device.hostMap().isEmpty()) {
            return HostCheck.STATIC_LIST;
        }
        if (meta.declares("list") || device.remapsAction("list")) {
            if (hosts(device, config).isPresent()) {
                return HostCheck.DYNAMIC_LIST;
            }
        }
        if (meta.declares("status")) {
            return HostCheck.STATUS;
        }
        return HostCheck.NONE;
    }

    /** Why {@code device} cannot fence {@code target}, or empty when it can. May run the agent. */
    Optional<String> cannotFence(FenceDevice device, AgentMetadata meta, String target, FencingConfiguration config) {
        HostCheck check = effectiveCheck(device, meta, config);
        boolean can = switch (check) {
            case STATIC_LIST -> device.listsStatically(target);
            case DYNAMIC_LIST -> hosts(device, config)
                    .map(hosts -> hosts.contains(target) || hosts.contains(device.port(target))).orElse(false);
            case STATUS -> status(device, meta, target, config);
            case NONE -> true;
        };
        return can ? Optional.empty()
                : Optional.of("fence device " + device.id() + " cannot fence " + target + " (pcmk_host_check="
                        + check.text() + ")");
    }

    /**
     * What the agent gets on stdin besides the action: parameters, the host argument, {@code nodename}. A
     * host argument the device configures itself (a device for one plug) is kept, unless its value is
     * {@code dynamic}; otherwise it is the target's host map entry or name.
     */
    Map<String, String> arguments(FenceDevice device, AgentMetadata meta, String target) {
        Map<String, String> arguments = new LinkedHashMap<>(device.parameters());
        String hostArgument = device.hostArgument() != null ? device.hostArgument() : meta.defaultHostArgument();
        String configured = arguments.get(hostArgument);
        if (!hostArgument.equalsIgnoreCase("none") && (configured == null || configured.equals("dynamic"))) {
            arguments.remove(hostArgument);
            arguments.put(hostArgument, device.port(target));
        }
        arguments.put("nodename", target);
        return arguments;
    }

    private boolean status(FenceDevice device, AgentMetadata meta, String target, FencingConfiguration config) {
        String action = device.agentAction("status");
        FenceAgentOutcome outcome = runner.run(new FenceAgentCall(device.agent(), action,
                arguments(device, meta, target), device.timeout("status").orElse(config.stonithTimeout())));
        // Fence agents answer status with 0 (on) or 2 (off) for a plug they know, anything else otherwise.
        return !outcome.timedOut() && (outcome.exitCode() == 0 || outcome.exitCode() == 2);
    }

    private Optional<Set<String>> hosts(FenceDevice device, FencingConfiguration config) {
        Instant now = clock.instant();
        Listing cached = listings.get(device);
        if (cached != null && cached.at().plus(LIST_LIFETIME).isAfter(now)) {
            return cached.hosts();
        }
        Optional<Set<String>> hosts;
        try {
            FenceAgentOutcome outcome = runner.run(new FenceAgentCall(device.agent(), listAction(device),
                    device.parameters(), device.timeout("list").orElse(config.stonithTimeout())));
            hosts = outcome.succeeded() ? Optional.of(parseList(outcome.output())) : Optional.empty();
            if (hosts.isEmpty()) {
                LOG.warn("fence device {}: list failed: {}", device.id(), outcome.describe());
            }
        } catch (FencingException e) {
            LOG.warn("fence device {}: list failed: {}", device.id(), e.getMessage());
            hosts = Optional.empty();
        }
        listings.put(device, new Listing(hosts, now));
        return hosts;
    }

    private static String listAction(FenceDevice device) {
        return device.agentAction("list");
    }

    /** A {@code list} answer: one plug per line, often {@code plug,alias}; every name counts. */
    static Set<String> parseList(String output) {
        return Arrays.stream(LIST_SEPARATORS.split(output)).filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }
}
