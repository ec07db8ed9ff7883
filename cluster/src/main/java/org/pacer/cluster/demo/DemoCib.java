package org.pacer.cluster.demo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.pacer.cib.XmlElement;

/**
 * The configuration {@code pacer demo} loads (and the end-to-end tests start from): fencing by
 * {@code fence_pacer_kill}, and a group {@code service} of a Dummy {@code storage}, the HTTP service
 * {@code web} and a Dummy {@code address}, each monitored every second. Built as a {@code cib-modify}
 * fragment so that it merges with whatever the cluster already recorded.
 */
public final class DemoCib {
    private DemoCib() {
    }

    /** The demo's settings: where the service listens, where it logs, and how it is run. */
    public record Settings(int httpPort, Path activityLog, String java, String classpath, String monitorInterval) {
    }

    public static XmlElement fragment(LocalCluster cluster, Settings s) {
        XmlElement crmConfig = XmlElement.of("crm_config", Map.of(), List.of(set("cluster_property_set",
                "cib-bootstrap-options", Map.of("stonith-enabled", "true", "no-quorum-policy", "stop"))));
        StringBuilder hostMap = new StringBuilder();
        for (String n : cluster.nodes()) {
            hostMap.append(hostMap.length() == 0 ? "" : ";").append(n).append(':')
                    .append(cluster.stateDir(n).resolve("pacerd.pid"));
        }
        Map<String, String> fenceParams = new LinkedHashMap<>();
        fenceParams.put("host_map", hostMap.toString());
        fenceParams.put("pcmk_host_list", String.join(",", cluster.nodes()));
        XmlElement fence = primitive("fence-kill", "stonith", null, "fence_pacer_kill", fenceParams, null);
        Map<String, String> web = new LinkedHashMap<>();
        web.put("port", Integer.toString(s.httpPort()));
        web.put("java", s.java());
        web.put("classpath", s.classpath());
        web.put("log", s.activityLog().toString());
        XmlElement group = XmlElement.of("group", Map.of("id", "service"), List.of(
                primitive("storage", "ocf", "pacer", "Dummy", Map.of(), s.monitorInterval()),
                primitive("web", "ocf", "pacer", "HttpService", web, s.monitorInterval()),
                primitive("address", "ocf", "pacer", "Dummy", Map.of(), s.monitorInterval())));
        XmlElement resources = XmlElement.of("resources", Map.of(), List.of(fence, group));
        XmlElement defaults = XmlElement.of("rsc_defaults", Map.of(), List.of(set("meta_attributes", "rsc-options",
                Map.of("resource-stickiness", "100"))));
        return XmlElement.of("cib", Map.of(), List.of(XmlElement.of("configuration", Map.of(),
                List.of(crmConfig, resources, defaults))));
    }

    static XmlElement primitive(String id, String cls, String provider, String type, Map<String, String> params,
                                String monitor) {
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("id", id);
        attrs.put("class", cls);
        if (provider != null) {
            attrs.put("provider", provider);
        }
        attrs.put("type", type);
        List<XmlElement> children = new ArrayList<>();
        if (!params.isEmpty()) {
            children.add(set("instance_attributes", id + "-instance_attributes", params));
        }
        if (monitor != null) {
            children.add(XmlElement.of("operations", Map.of(), List.of(XmlElement.of("op", Map.of(
                    "id", id + "-monitor-" + monitor, "name", "monitor", "interval", monitor, "timeout", "20s")))));
        }
        return XmlElement.of("primitive", attrs, children);
    }

    static XmlElement set(String name, String id, Map<String, String> values) {
        List<XmlElement> pairs = new ArrayList<>();
        values.forEach((k, v) -> pairs.add(XmlElement.of("nvpair", Map.of("id", id + "-" + k, "name", k, "value", v))));
        return XmlElement.of(name, Map.of("id", id), pairs);
    }
}
