package org.pacer.cluster.controller;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.pacer.cib.XmlElement;
import org.pacer.cluster.ClusterException;
import org.pacer.cluster.LocalApiServer;
import org.pacer.fencing.FenceResult;

/**
 * The controller's operations on the local API: {@code fence} (attribute {@code target}, optional
 * {@code action="off"}), {@code fence-history} (optional {@code target}), {@code fence-confirm}
 * ({@code target}), {@code resource-cleanup} (optional {@code resource} and {@code node}) and
 * {@code node-attribute} ({@code node}, {@code name}, {@code value}; no value removes the transient attribute).
 */
public final class ControllerApi {
    private ControllerApi() {
    }

    public static void register(LocalApiServer api, NodeController controller) {
        api.register("fence", request -> {
            String target = required(request, "target");
            boolean off = "off".equals(request.attr("action"));
            return describe(controller.fence(target, off));
        });
        api.register("fence-confirm", request -> describe(controller.confirm(required(request, "target"))));
        api.register("fence-history", request -> NodeController.historyXml(controller.fenceHistory(
                blankToNull(request.attr("target")))));
        api.register("node-attribute", request -> {
            String node = required(request, "node");
            String name = required(request, "name");
            String value = request.attr("value");
            controller.updateAttribute(node, name, value);
            Map<String, String> attrs = new LinkedHashMap<>();
            attrs.put("node", node);
            attrs.put("name", name);
            if (value != null) {
                attrs.put("value", value);
            }
            return XmlElement.of("attribute", attrs);
        });
        api.register("resource-cleanup", request -> {
            String resource = blankToNull(request.attr("resource"));
            String node = blankToNull(request.attr("node"));
            controller.cleanup(resource, node);
            Map<String, String> attrs = new LinkedHashMap<>();
            attrs.put("resource", resource == null ? "" : resource);
            attrs.put("node", node == null ? "" : node);
            return XmlElement.of("cleaned", attrs);
        });
    }

    private static XmlElement describe(FenceResult result) {
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("target", result.request().target());
        attrs.put("action", result.request().action().agentName());
        attrs.put("delegate", result.delegate());
        attrs.put("devices", String.join(",", result.devices()));
        attrs.put("completed", result.completedAt().toString());
        attrs.put("manual", Boolean.toString(result.manual()));
        return XmlElement.of("fenced", attrs, List.of());
    }

    private static String required(XmlElement request, String attribute) {
        String value = blankToNull(request.attr(attribute));
        if (value == null) {
            throw new ClusterException(request.attr("op") + " needs " + attribute);
        }
        return value;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
