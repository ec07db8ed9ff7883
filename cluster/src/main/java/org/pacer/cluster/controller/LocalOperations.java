package org.pacer.cluster.controller;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import org.pacer.cib.XmlElement;
import org.pacer.cib.XmlParser;
import org.pacer.executor.AgentName;
import org.pacer.executor.ExecStatus;
import org.pacer.executor.LocalExecutor;
import org.pacer.executor.OperationHistory;
import org.pacer.executor.OperationRequest;
import org.pacer.executor.OperationResult;
import org.pacer.executor.Standard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller's part on every node: runs the operations the DC sends on this node's executor and
 * records each result in the CIB status (with fail counts on failures), keeps the configured recurring
 * monitors running while a resource is active here, and records their failures. Fence devices
 * ({@code stonith} primitives) are not run here: starting one only means this node may use it.
 *
 * <p>Confined to the controller thread ({@code loop}); executor callbacks are handed to it.
 */
final class LocalOperations {
    private static final Logger LOG = LoggerFactory.getLogger(LocalOperations.class);

    private final String node;
    private final String nodeId;
    private final LocalExecutor executor;
    private final CibWriter writer;
    private final Supplier<XmlElement> cib;
    private final Executor loop;
    private final Map<String, List<Duration>> monitoring = new HashMap<>();
    private final Map<String, XmlElement> monitoredPrimitive = new HashMap<>();
    private final Map<String, Integer> lastRecurringRc = new HashMap<>();
    private final Set<String> activeDevices = new HashSet<>();
    private final Set<AgentName> warmAgents = new HashSet<>();
    private int fakeCallId = 1_000_000;

    LocalOperations(String node, String nodeId, LocalExecutor executor, CibWriter writer, Supplier<XmlElement> cib,
                    Executor loop) {
        this.node = node;
        this.nodeId = nodeId;
        this.executor = executor;
        this.writer = writer;
        this.cib = cib;
        this.loop = loop;
        executor.addResultListener(result -> {
            if (result.request().recurring()) {
                loop.execute(() -> onRecurring(result));
            }
        });
    }

    void execute(ControllerMessage.Execute message) {
        XmlElement primitive = new XmlParser().parse(message.primitive(), "primitive from the DC");
        ResourceDefinition definition = ResourceDefinition.of(message.resource(), primitive);
        Duration interval = Duration.ofMillis(message.intervalMs());
        Duration timeout = message.timeoutMs() > 0 ? Duration.ofMillis(message.timeoutMs())
                : definition.timeout(message.task(), message.intervalMs());
        OperationRequest request = definition.request(message.task(), interval, timeout, message.transitionKey(), node);
        LOG.info("{}: {} {} (key {})", node, message.resource(), describe(message), message.transitionKey());
        if (message.task().equals("stop") || message.task().equals("demote")) {
            stopMonitors(message.resource());
        }
        if (definition.fencing()) {
            record(definition, fakeResult(request, definition));
            return;
        }
        if (isProbe(request)) {
            warmUp(definition);
        }
        if (message.task().equals("start") || message.task().equals("promote")) {
            writer.write("pending " + request.operationKey(), StatusRecords.history(nodeId, node, primitive,
                    message.resource(), List.of(pending(request))));
        }
        executor.submit(request).whenComplete((result, error) -> loop.execute(() -> {
            if (error != null) {
                LOG.error("{}: {} failed to run: {}", node, request.operationKey(), error.toString());
                return;
            }
            record(definition, result);
        }));
    }

    /**
     * The executor reads an agent's meta-data before the first start of one of its resources. Reading it
     * when the resource is probed, off the controller thread, takes that run off a failover's path.
     */
    private void warmUp(ResourceDefinition definition) {
        if (definition.agent().standard() != Standard.OCF || !warmAgents.add(definition.agent())) {
            return;
        }
        CompletableFuture.runAsync(() -> {
            try {
                executor.metadata(definition.agent());
            } catch (RuntimeException e) {
                LOG.debug("{}: meta-data of {} not read ahead: {}", node, definition.agent(), e.getMessage());
            }
        });
    }

    private static String describe(ControllerMessage.Execute m) {
        if (m.task().equals("monitor") && m.intervalMs() == 0) {
            return "probe";
        }
        return m.task() + (m.intervalMs() > 0 ? " every " + m.intervalMs() + "ms" : "");
    }

    private void record(ResourceDefinition definition, OperationResult result) {
        OperationRequest request = result.request();
        boolean ok = result.succeeded();
        LOG.info("{}: {} {}: {} (rc {}){}", node, request.resourceId(), request.operationKey(), result.outcome(),
                result.rc(), ok ? "" : " - not what was expected");
        List<XmlElement> entries = OperationHistory.entries(result, node);
        Map<String, String> failure = !ok && !isProbe(request) ? countFailure(request, result) : Map.of();
        writer.write("result of " + request.operationKey(), StatusRecords.history(nodeId, node, definition.primitive(),
                request.resourceId(), entries, failure));
        boolean activeNow = (request.action().equals("start") || request.action().equals("promote")
                || request.action().equals("demote")) && ok
                || isProbe(request) && (result.rc() == 0 || result.rc() == 8) && result.status() == ExecStatus.DONE;
        if (activeNow && !definition.fencing()) {
            startMonitors(definition);
        }
    }

    private static boolean isProbe(OperationRequest request) {
        return request.action().equals("monitor") && request.interval().isZero();
    }

    /**
     * The fail count and last failure to record with a failed result: in the same write as the result, so
     * the DC never schedules from a failure whose count is not there yet (and then aborts when it arrives).
     */
    private Map<String, String> countFailure(OperationRequest request, OperationResult result) {
        String key = request.resourceId() + "#" + request.action() + "_" + request.interval().toMillis();
        XmlElement current = cib.get();
        String failName = "fail-count-" + key;
        String previous = StatusRecords.attribute(current, node, failName);
        String value;
        boolean fatal = request.action().equals("stop") || request.action().equals("start")
                && !"false".equalsIgnoreCase(clusterOption(current, "start-failure-is-fatal"));
        if (fatal || ResourceDefinition.isInfinity(previous)) {
            value = "INFINITY";
        } else {
            int count = 0;
            try {
                count = previous == null ? 0 : Integer.parseInt(previous);
            } catch (NumberFormatException e) {
                count = 0;
            }
            value = Integer.toString(count + 1);
        }
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put(failName, value);
        attrs.put("last-failure-" + key, Long.toString(result.lastRcChange().getEpochSecond()));
        LOG.info("{}: {} failed ({}); {} = {}", node, request.operationKey(), result.outcome(), failName, value);
        return attrs;
    }

    static String clusterOption(XmlElement cib, String name) {
        return cib.path("configuration", "crm_config").flatMap(c -> c.descendantsAndSelf()
                .filter(e -> e.name().equals("nvpair") && name.equals(e.attr("name"))).map(e -> e.attr("value"))
                .findFirst()).orElse(null);
    }

    private void startMonitors(ResourceDefinition definition) {
        String id = definition.id();
        if (monitoring.containsKey(id)) {
            return;
        }
        List<Duration> intervals = definition.monitorIntervals();
        monitoring.put(id, intervals);
        monitoredPrimitive.put(id, definition.primitive());
        for (Duration interval : intervals) {
            OperationRequest monitor = definition.request("monitor", interval,
                    definition.timeout("monitor", interval.toMillis()), null, node);
            lastRecurringRc.remove(monitor.operationKey());
            executor.submit(monitor);
        }
    }

    private void stopMonitors(String resource) {
        List<Duration> intervals = monitoring.remove(resource);
        monitoredPrimitive.remove(resource);
        if (intervals != null) {
            for (Duration interval : intervals) {
                executor.cancel(resource, "monitor", interval);
            }
        }
    }

    /** A recurring monitor's run: recorded when its result changes; a failure also counts. */
    private void onRecurring(OperationResult result) {
        OperationRequest request = result.request();
        XmlElement primitive = monitoredPrimitive.get(request.resourceId());
        if (result.status() == ExecStatus.CANCELLED || primitive == null) {
            return;
        }
        Integer before = lastRecurringRc.put(request.operationKey(), result.rc());
        boolean ok = result.status() == ExecStatus.DONE && result.rc() == 0;
        if (before != null && before == result.rc() && ok) {
            return;
        }
        Map<String, String> failure = Map.of();
        if (!ok) {
            LOG.warn("{}: recurring {} failed: {} (rc {})", node, request.operationKey(), result.outcome(), result.rc());
            failure = countFailure(request, result);
            // The DC will stop (or restart) the resource; no further runs are wanted meanwhile.
            stopMonitors(request.resourceId());
        }
        writer.write("result of " + request.operationKey(), StatusRecords.history(nodeId, node, primitive,
                request.resourceId(), OperationHistory.entries(result, node), failure));
    }

    /** Fence devices are used by the fencer, not run as resources: report what the DC asked. */
    private OperationResult fakeResult(OperationRequest request, ResourceDefinition definition) {
        String id = definition.id();
        int rc = 0;
        switch (request.action()) {
            case "start" -> activeDevices.add(id);
            case "stop" -> activeDevices.remove(id);
            case "monitor" -> rc = activeDevices.contains(id) ? 0 : 7;
            default -> {
            }
        }
        Instant now = Instant.now();
        return new OperationResult(request, fakeCallId++, rc, ExecStatus.DONE, "", "", "", now, Duration.ZERO,
                Duration.ZERO, now);
    }

    private static XmlElement pending(OperationRequest request) {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("id", request.resourceId() + "_last_0");
        a.put("operation_key", request.operationKey());
        a.put("operation", request.action());
        a.put("crm-debug-origin", "pacer");
        a.put("crm_feature_set", OperationHistory.FEATURE_SET);
        a.put("transition-key", request.transitionKey());
        a.put("transition-magic", "-1:193;" + request.transitionKey());
        a.put("exit-reason", "");
        a.put("call-id", "-1");
        a.put("rc-code", "193");
        a.put("op-status", "-1");
        a.put("interval", Long.toString(request.interval().toMillis()));
        a.put("last-rc-change", Long.toString(Instant.now().getEpochSecond()));
        a.put("exec-time", "0");
        a.put("queue-time", "0");
        return XmlElement.of("lrm_rsc_op", a);
    }

    /** Stops every recurring monitor (the node is leaving). */
    void stopAll() {
        for (String resource : new ArrayList<>(monitoring.keySet())) {
            stopMonitors(resource);
        }
    }
}
