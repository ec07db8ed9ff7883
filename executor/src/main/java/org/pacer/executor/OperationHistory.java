package org.pacer.executor;

import org.pacer.cib.OpDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pacer.cib.XmlElement;

/**
 * Writes operation results as Pacemaker's {@code lrm_rsc_op} status entries, so that a CIB written by Pacer
 * reads the same in Pacemaker's tools. A one-shot result is the resource's {@code RSC_last_0}; a recurring
 * monitor is {@code RSC_monitor_INTERVAL}; a failure is also kept as {@code RSC_last_failure_0}.
 */
public final class OperationHistory {
    /** The CRM feature set Pacer's records claim, that of Pacemaker 2.1.5. */
    public static final String FEATURE_SET = "3.16.1";

    private OperationHistory() {
    }

    /** The entries this result adds or replaces in the node's {@code lrm_resource}. */
    public static List<XmlElement> entries(OperationResult result, String node) {
        return entries(result, node, null);
    }

    /**
     * The entries, with {@code op-force-restart} and {@code op-restart-digest} on one-shot operations when the
     * agent's meta-data (may be null) says which parameters need a restart.
     */
    public static List<XmlElement> entries(OperationResult result, String node, AgentMetadata metadata) {
        List<XmlElement> entries = new ArrayList<>();
        OperationRequest request = result.request();
        String mainId = request.recurring() ? request.operationKey() : request.resourceId() + "_last_0";
        entries.add(withRestartDigest(lrmRscOp(result, node, mainId), request, metadata));
        if (!result.succeeded() && result.status() != ExecStatus.CANCELLED) {
            entries.add(withRestartDigest(lrmRscOp(result, node, request.resourceId() + "_last_failure_0"), request, metadata));
        }
        return entries;
    }

    private static XmlElement withRestartDigest(XmlElement op, OperationRequest request, AgentMetadata metadata) {
        if (metadata == null || request.recurring()) {
            return op;
        }
        return metadata.forceRestartParameters()
                .map(names -> op.withAttribute("op-force-restart", OpDigest.nameListAttribute(names))
                        .withAttribute("op-restart-digest", OpDigest.restart(request.params(), names)))
                .orElse(op);
    }

    /** One {@code lrm_rsc_op} with Pacemaker's attributes, in Pacemaker's order. */
    public static XmlElement lrmRscOp(OperationResult result, String node, String id) {
        OperationRequest request = result.request();
        Map<String, String> a = new LinkedHashMap<>();
        a.put("id", id);
        a.put("operation_key", request.operationKey());
        a.put("operation", request.action());
        a.put("crm-debug-origin", "pacer");
        a.put("crm_feature_set", FEATURE_SET);
        if (request.transitionKey() != null) {
            a.put("transition-key", request.transitionKey());
            a.put("transition-magic", result.status().code() + ":" + result.rc() + ";" + request.transitionKey());
        }
        a.put("exit-reason", result.exitReason() == null ? "" : result.exitReason());
        if (node != null) {
            a.put("on_node", node);
        }
        a.put("call-id", Integer.toString(result.callId()));
        a.put("rc-code", Integer.toString(result.rc()));
        a.put("op-status", Integer.toString(result.status().code()));
        a.put("interval", Long.toString(request.interval().toMillis()));
        a.put("last-rc-change", Long.toString(result.lastRcChange().getEpochSecond()));
        a.put("exec-time", Long.toString(result.execTime().toMillis()));
        a.put("queue-time", Long.toString(result.queueTime().toMillis()));
        a.put("op-digest", OpDigest.of(request.params(), request.interval().toMillis(), request.timeout().toMillis()));
        return XmlElement.of("lrm_rsc_op", a);
    }
}
