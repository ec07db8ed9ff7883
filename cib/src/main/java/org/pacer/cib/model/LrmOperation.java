package org.pacer.cib.model;

import java.util.Map;

import org.pacer.cib.XmlElement;

/**
 * One recorded operation result ({@code <lrm_rsc_op>}) of a resource on a node. Numbers are as recorded:
 * {@code intervalMs} in milliseconds, times in milliseconds ({@code execTime}, {@code queueTime}) or
 * seconds since the epoch ({@code lastRcChange}, {@code lastRun}); absent numbers read as -1 where Pacemaker
 * has no default, {@code opStatus} and {@code rcCode} default to 0.
 */
public record LrmOperation(String id, String operationKey, String operation, long intervalMs, int callId,
                           int rcCode, int opStatus, Integer targetRc, String transitionKey, String transitionMagic,
                           long lastRcChange, long lastRun, long execTime, long queueTime, String opDigest,
                           String onNode, String exitReason, Map<String, String> attributes, XmlElement source) {
    public static LrmOperation from(XmlElement e) {
        String targetRc = e.attr("target-rc");
        return new LrmOperation(e.id(), e.attr("operation_key"), e.attr("operation"),
                ModelReading.longAttr(e, "interval", 0), ModelReading.intAttr(e, "call-id", -1),
                ModelReading.intAttr(e, "rc-code", 0), ModelReading.intAttr(e, "op-status", 0),
                targetRc == null ? null : ModelReading.intAttr(e, "target-rc", 0),
                e.attr("transition-key"), e.attr("transition-magic"),
                ModelReading.longAttr(e, "last-rc-change", -1), ModelReading.longAttr(e, "last-run", -1),
                ModelReading.longAttr(e, "exec-time", -1), ModelReading.longAttr(e, "queue-time", -1),
                e.attr("op-digest"), e.attr("on_node"), e.attr("exit-reason"), e.attributes(), e);
    }
}
