package org.pacer.cli;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.pacer.cib.XmlElement;
import org.pacer.cib.XmlWriter;
import org.pacer.cli.admin.ClusterStatus;
import org.pacer.cli.admin.ClusterStatus.FailedAction;
import org.pacer.cli.admin.ClusterStatus.NodeView;
import org.pacer.cli.admin.ClusterStatus.ResourceView;
import org.pacer.cli.admin.FailCounts;

/**
 * Renders a {@link ClusterStatus} the three ways {@code pacer status} prints it: text in crm_mon's layout
 * (the node and resource lists are the scheduler's own rendering, as {@code pacer simulate} prints them,
 * when it can read the CIB), XML in the spirit of {@code crm_mon --output-as=xml}, and JSON.
 */
final class StatusFormats {
    /** How many fencing events the text shows, newest first. */
    static final int FENCING_SHOWN = 5;

    private StatusFormats() {
    }

    /** Where a primitive is: "Started a", "FAILED b", "Stopped", or "Started: [ a b ]" for several nodes. */
    static String where(ResourceView r) {
        if (r.instances().isEmpty()) {
            return "Stopped" + (r.managed() ? "" : " (unmanaged)") + disabled(r);
        }
        List<String> parts = new ArrayList<>();
        for (ClusterStatus.Instance i : r.instances()) {
            parts.add((i.failed() ? "FAILED " + i.role() : i.role()) + " " + i.node());
        }
        return String.join(", ", parts) + (r.managed() ? "" : " (unmanaged)") + disabled(r);
    }

    private static String disabled(ResourceView r) {
        return "Stopped".equals(r.targetRole()) ? " (disabled)" : "";
    }

    /** The resource as a tree of lines, crm_mon style, for when the scheduler cannot render the CIB. */
    static void resourceTree(StringBuilder out, ResourceView r, String indent) {
        switch (r.kind()) {
            case "primitive" -> out.append(indent).append("* ").append(r.id()).append("\t(").append(r.agent())
                    .append("):\t ").append(where(r)).append('\n');
            case "group" -> {
                out.append(indent).append("* Resource Group: ").append(r.id()).append(disabled(r)).append(":\n");
                r.children().forEach(c -> resourceTree(out, c, indent + "  "));
            }
            case "clone" -> {
                out.append(indent).append("* Clone Set: ").append(r.id())
                        .append(r.promotable() ? " (promotable)" : "").append(disabled(r)).append(":\n");
                r.children().forEach(c -> resourceTree(out, c, indent + "  "));
            }
            default -> out.append(indent).append("* ").append(r.kind()).append(": ").append(r.id()).append('\n');
        }
    }

    static String text(ClusterStatus s, String schedulerLists, boolean colour) {
        StringBuilder out = new StringBuilder();
        out.append("Cluster Summary:\n");
        if (s.clusterName() != null) {
            out.append("  * Cluster name: ").append(s.clusterName()).append('\n');
        }
        out.append("  * Current DC: ").append(s.dc() == null ? "NONE" : s.dc())
                .append(s.quorate() ? " (partition with quorum)" : " (partition WITHOUT quorum)").append('\n');
        if (s.expectedVotes() > 0) {
            out.append("  * Quorum: ").append(s.votes()).append(" of ").append(s.expectedVotes())
                    .append(" expected votes\n");
        }
        if (s.localNode() != null) {
            out.append("  * Queried on: ").append(s.localNode()).append(" (CIB version ").append(s.cibVersion())
                    .append(")\n");
        }
        int instances = ClusterStatus.primitives(s.resources()).size();
        long disabled = ClusterStatus.primitives(s.resources()).stream().filter(r -> "Stopped".equals(r.targetRole())).count();
        out.append("  * ").append(s.nodes().size()).append(s.nodes().size() == 1 ? " node" : " nodes")
                .append(" configured\n");
        out.append("  * ").append(instances).append(instances == 1 ? " resource" : " resources").append(" configured")
                .append(disabled > 0 ? " (" + disabled + " DISABLED)" : "").append('\n');
        out.append('\n');
        if (schedulerLists != null) {
            // The scheduler renders its lists one level deeper, as sections of crm_simulate's report.
            for (String line : schedulerLists.split("\n", -1)) {
                String shifted = line.startsWith("  ") ? line.substring(2) : line;
                out.append(shifted.startsWith("* Node List:") || shifted.startsWith("* Full List of Resources:")
                        ? shifted.substring(2) : shifted).append('\n');
            }
            while (out.length() > 1 && out.charAt(out.length() - 1) == '\n' && out.charAt(out.length() - 2) == '\n') {
                out.setLength(out.length() - 1);
            }
            if (out.toString().endsWith("Full List of Resources:\n")) {
                out.append("  * No resources\n");
            }
        } else {
            out.append("Node List:\n");
            for (NodeView n : s.nodes()) {
                out.append("  * Node ").append(n.name()).append(": ").append(n.state()).append('\n');
            }
            out.append("\nFull List of Resources:\n");
            if (s.resources().isEmpty()) {
                out.append("  * No resources\n");
            }
            s.resources().forEach(r -> resourceTree(out, r, "  "));
        }
        if (!s.failCounts().isEmpty()) {
            out.append("\nMigration Summary:\n");
            String node = null;
            for (FailCounts.Entry e : s.failCounts()) {
                if (!e.node().equals(node)) {
                    node = e.node();
                    out.append("  * Node: ").append(node).append(":\n");
                }
                out.append("    * ").append(e.resource()).append(": fail-count=").append(e.count())
                        .append(e.operation().isEmpty() ? "" : " (" + e.operation() + ")").append('\n');
            }
        }
        if (!s.failures().isEmpty()) {
            out.append("\nFailed Resource Actions:\n");
            for (FailedAction f : s.failures()) {
                out.append("  * ").append(f.key()).append(" on ").append(f.node()).append(" '").append(f.rcText())
                        .append("' (").append(f.rc()).append("): call=").append(f.callId()).append(", status='")
                        .append(f.statusText()).append('\'')
                        .append(f.exitReason() == null || f.exitReason().isEmpty() ? "" : ", exitreason='" + f.exitReason() + "'")
                        .append(f.lastRcChange() > 0 ? ", last-rc-change='" + Instant.ofEpochSecond(f.lastRcChange()) + "'" : "")
                        .append('\n');
            }
        }
        if (!s.fencing().isEmpty()) {
            out.append("\nFencing History:\n");
            // Newest first, as crm_mon shows it; the whole history is in pacer fence history and the JSON.
            List<Map<String, String>> newest = new ArrayList<>(s.fencing());
            newest.sort(java.util.Comparator.comparing((Map<String, String> f) -> f.getOrDefault("requested", "")).reversed());
            for (Map<String, String> f : newest.subList(0, Math.min(FENCING_SHOWN, newest.size()))) {
                out.append("  * ").append(f.getOrDefault("action", "?")).append(" of ").append(f.getOrDefault("target", "?"))
                        .append(' ').append(switch (f.getOrDefault("status", "")) {
                            case "success" -> "successful";
                            case "failed" -> "failed";
                            default -> "pending";
                        }).append(f.containsKey("device") ? ": device=" + f.get("device") : "")
                        .append(f.containsKey("origin") ? ", origin=" + f.get("origin") : "")
                        .append(f.containsKey("completed") ? ", completed='" + f.get("completed") + "'"
                                : ", requested='" + f.getOrDefault("requested", "?") + "'").append('\n');
            }
        }
        if (s.fencing().size() > FENCING_SHOWN) {
            out.append("  * (").append(s.fencing().size() - FENCING_SHOWN).append(" older: pacer fence history)\n");
        }
        return colour ? colourise(out.toString()) : out.toString();
    }

    private static final String RED = "\u001b[31m";
    private static final String GREEN = "\u001b[32m";
    private static final String YELLOW = "\u001b[33m";
    private static final String BOLD = "\u001b[1m";
    private static final String RESET = "\u001b[0m";

    /** ANSI colours for a terminal: healthy green, attention yellow, trouble red, headings bold. */
    static String colourise(String text) {
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            String l = line;
            if (!l.isEmpty() && !l.startsWith(" ") && l.endsWith(":")) {
                l = BOLD + l + RESET;
            }
            l = l.replaceAll("\\b(FAILED|UNCLEAN|OFFLINE|WITHOUT quorum|unclean|offline|Stopped)\\b", RED + "$1" + RESET)
                    .replaceAll("\\b(standby|maintenance|pending|unmanaged|disabled|blocked)\\b", YELLOW + "$1" + RESET)
                    .replaceAll("\\b(Started|Promoted|Unpromoted|Online)\\b", GREEN + "$1" + RESET);
            out.append(l).append('\n');
        }
        out.setLength(out.length() - 1);
        return out.toString();
    }

    static Map<String, Object> resourceJson(ResourceView r) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", r.id());
        json.put("kind", r.kind());
        if (r.agent() != null) {
            json.put("agent", r.agent());
        }
        json.put("role", r.role());
        json.put("managed", r.managed());
        json.put("failed", r.failed());
        json.put("target_role", r.targetRole());
        if (r.kind().equals("clone")) {
            json.put("promotable", r.promotable());
        }
        if (r.kind().equals("primitive")) {
            List<Object> instances = new ArrayList<>();
            for (ClusterStatus.Instance i : r.instances()) {
                Map<String, Object> inst = new LinkedHashMap<>();
                inst.put("node", i.node());
                inst.put("role", i.role());
                inst.put("failed", i.failed());
                instances.add(inst);
            }
            json.put("instances", instances);
        } else {
            json.put("children", r.children().stream().map(StatusFormats::resourceJson).toList());
        }
        return json;
    }

    static String json(ClusterStatus s) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("cluster_name", s.clusterName());
        json.put("queried_on", s.localNode());
        json.put("dc", s.dc());
        Map<String, Object> quorum = new LinkedHashMap<>();
        quorum.put("quorate", s.quorate());
        quorum.put("votes", s.votes());
        quorum.put("expected_votes", s.expectedVotes());
        json.put("quorum", quorum);
        json.put("cib_version", s.cibVersion());
        List<Object> nodes = new ArrayList<>();
        for (NodeView n : s.nodes()) {
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("name", n.name());
            node.put("id", n.id());
            node.put("state", n.state());
            node.put("online", n.online());
            node.put("standby", n.standby());
            node.put("maintenance", n.maintenance());
            node.put("unclean", n.unclean());
            node.put("pending", n.pending());
            node.put("dc", n.dc());
            node.put("resources_running", n.resourcesRunning());
            nodes.add(node);
        }
        json.put("nodes", nodes);
        json.put("resources", s.resources().stream().map(StatusFormats::resourceJson).toList());
        List<Object> failures = new ArrayList<>();
        for (FailedAction f : s.failures()) {
            Map<String, Object> failure = new LinkedHashMap<>();
            failure.put("resource", f.resource());
            failure.put("operation", f.operation());
            failure.put("interval_ms", f.intervalMs());
            failure.put("node", f.node());
            failure.put("rc", f.rc());
            failure.put("rc_text", f.rcText());
            failure.put("status", f.statusText());
            failure.put("exit_reason", f.exitReason());
            failure.put("call_id", f.callId());
            failure.put("last_rc_change", f.lastRcChange() > 0 ? Instant.ofEpochSecond(f.lastRcChange()).toString() : null);
            failures.add(failure);
        }
        json.put("failed_actions", failures);
        List<Object> counts = new ArrayList<>();
        for (FailCounts.Entry e : s.failCounts()) {
            Map<String, Object> count = new LinkedHashMap<>();
            count.put("node", e.node());
            count.put("resource", e.resource());
            count.put("operation", e.operation());
            count.put("count", e.count());
            counts.add(count);
        }
        json.put("fail_counts", counts);
        json.put("fencing", s.fencing());
        return Json.write(json);
    }

    static String xml(ClusterStatus s) {
        List<XmlElement> summary = new ArrayList<>();
        summary.add(XmlElement.of("stack", Map.of("type", "pacer")));
        Map<String, String> dc = new LinkedHashMap<>();
        dc.put("present", Boolean.toString(s.dc() != null));
        if (s.dc() != null) {
            dc.put("name", s.dc());
        }
        dc.put("with_quorum", Boolean.toString(s.quorate()));
        summary.add(XmlElement.of("current_dc", dc));
        if (s.clusterName() != null) {
            summary.add(XmlElement.of("cluster_name", Map.of("name", s.clusterName())));
        }
        summary.add(XmlElement.of("nodes_configured", Map.of("number", Integer.toString(s.nodes().size()))));
        List<ResourceView> primitives = ClusterStatus.primitives(s.resources());
        summary.add(XmlElement.of("resources_configured", ordered("number", Integer.toString(primitives.size()),
                "disabled", Long.toString(primitives.stream().filter(r -> "Stopped".equals(r.targetRole())).count()))));
        summary.add(XmlElement.of("cib_version", Map.of("version", s.cibVersion())));
        List<XmlElement> nodes = new ArrayList<>();
        for (NodeView n : s.nodes()) {
            nodes.add(XmlElement.of("node", ordered("name", n.name(), "id", n.id(), "online", b(n.online()),
                    "standby", b(n.standby()), "maintenance", b(n.maintenance()), "pending", b(n.pending()),
                    "unclean", b(n.unclean()), "is_dc", b(n.dc()), "resources_running",
                    Integer.toString(n.resourcesRunning()), "type", "member")));
        }
        List<XmlElement> resources = s.resources().stream().map(StatusFormats::resourceXml).toList();
        List<XmlElement> history = new ArrayList<>();
        for (FailCounts.Entry e : s.failCounts()) {
            history.add(XmlElement.of("resource_history", ordered("node", e.node(), "id", e.resource(),
                    "operation", e.operation(), "fail-count", e.count())));
        }
        List<XmlElement> failures = new ArrayList<>();
        for (FailedAction f : s.failures()) {
            failures.add(XmlElement.of("failure", ordered("op_key", f.key(), "node", f.node(),
                    "exitstatus", f.rcText(), "exitreason", f.exitReason() == null ? "" : f.exitReason(),
                    "exitcode", Integer.toString(f.rc()), "call", Integer.toString(f.callId()),
                    "status", f.statusText(), "task", f.operation(), "interval", Long.toString(f.intervalMs()))));
        }
        List<XmlElement> fencing = s.fencing().stream().map(f -> XmlElement.of("fence_event", f)).toList();
        XmlElement root = XmlElement.of("pacemaker-result", ordered("api-version", "2.30", "request", "pacer status --output xml"),
                List.of(XmlElement.of("summary", Map.of(), summary), XmlElement.of("nodes", Map.of(), nodes),
                        XmlElement.of("resources", Map.of(), resources),
                        XmlElement.of("node_history", Map.of(), history),
                        XmlElement.of("failures", Map.of(), failures),
                        XmlElement.of("fence_history", Map.of(), fencing),
                        XmlElement.of("status", ordered("code", "0", "message", "OK"))));
        return XmlWriter.toDocument(root);
    }

    private static XmlElement resourceXml(ResourceView r) {
        if (r.kind().equals("primitive")) {
            List<XmlElement> on = r.instances().stream()
                    .map(i -> XmlElement.of("node", ordered("name", i.node(), "role", i.role(), "failed", b(i.failed()))))
                    .toList();
            return XmlElement.of("resource", ordered("id", r.id(), "resource_agent", r.agent(), "role", r.role(),
                    "target_role", r.targetRole() == null ? "" : r.targetRole(), "active", b(!r.instances().isEmpty()),
                    "managed", b(r.managed()), "failed", b(r.failed()),
                    "nodes_running_on", Integer.toString(r.instances().size())), on);
        }
        List<XmlElement> children = r.children().stream().map(StatusFormats::resourceXml).toList();
        Map<String, String> attrs = ordered("id", r.id(), "managed", b(r.managed()), "failed", b(r.failed()));
        if (r.kind().equals("group")) {
            attrs.put("number_resources", Integer.toString(children.size()));
        } else if (r.kind().equals("clone")) {
            attrs.put("multi_state", b(r.promotable()));
        }
        return XmlElement.of(r.kind(), attrs, children);
    }

    private static String b(boolean value) {
        return Boolean.toString(value);
    }

    private static Map<String, String> ordered(String... kv) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) {
            map.put(kv[i], kv[i + 1]);
        }
        return map;
    }
}
