package org.pacer.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.pacer.cib.XmlElement;
import org.pacer.cib.XmlWriter;
import org.pacer.cli.admin.ClusterStatus;
import org.pacer.cli.admin.ConfigTree;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pacer resource show ID} and {@code pacer resource list}: read-only views of the resources. */
final class ResourceViewCommands {
    private ResourceViewCommands() {
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Show a resource's configuration (its CIB XML) and where it runs.",
            footer = {"", "Examples:", "  pacer resource show web", "  pacer resource show storage --output json"})
    static final class Show implements Callable<Integer> {
        @Parameters(paramLabel = "ID", description = "The resource.")
        String id;
        @Mixin
        NodeConnection node;
        @Mixin
        OutputOption output;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            ClusterSnapshot snapshot = ClusterSnapshot.read(node, false);
            ClusterStatus status = snapshot.status();
            XmlElement resource = ConfigTree.resource(snapshot.cib(), id);
            ClusterStatus.ResourceView view = status.resource(id);
            PrintWriter out = spec.commandLine().getOut();
            if (output.json()) {
                Map<String, Object> json = describe(resource);
                json.put("status", StatusFormats.resourceJson(view));
                out.println(Json.write(json));
                return ExitCode.OK;
            }
            out.print(XmlWriter.toXml(resource));
            out.println("Status:");
            for (ClusterStatus.ResourceView p : view.kind().equals("primitive") ? List.of(view)
                    : ClusterStatus.primitives(view.children())) {
                out.println("  " + p.id() + ": " + StatusFormats.where(p));
            }
            return ExitCode.OK;
        }

        static Map<String, Object> describe(XmlElement resource) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("id", resource.id());
            json.put("kind", resource.name());
            if (resource.name().equals("primitive")) {
                json.put("agent", resource.attr("class") + (resource.attr("provider") == null ? "" : ":"
                        + resource.attr("provider")) + ":" + resource.attr("type"));
                json.put("parameters", ConfigTree.pairs(resource, "instance_attributes"));
                List<Object> ops = new ArrayList<>();
                resource.child("operations").ifPresent(o -> o.children("op").forEach(op ->
                        ops.add(new LinkedHashMap<>(op.attributes()))));
                json.put("operations", ops);
            }
            json.put("meta", ConfigTree.pairs(resource, "meta_attributes"));
            List<Object> children = new ArrayList<>();
            for (XmlElement child : resource.children()) {
                if (ConfigTree.RESOURCE_ELEMENTS.contains(child.name())) {
                    children.add(describe(child));
                }
            }
            if (!resource.name().equals("primitive")) {
                json.put("children", children);
            }
            return json;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the resources with their agent, role and nodes (groups and clones as trees).",
            footer = {"", "Examples:", "  pacer resource list", "  pacer resource list --output json"})
    static final class ListResources implements Callable<Integer> {
        @Mixin
        NodeConnection node;
        @Mixin
        OutputOption output;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            ClusterStatus status = ClusterSnapshot.read(node, false).status();
            PrintWriter out = spec.commandLine().getOut();
            if (output.json()) {
                out.println(Json.write(status.resources().stream().map(StatusFormats::resourceJson).toList()));
                return ExitCode.OK;
            }
            if (status.resources().isEmpty()) {
                out.println("No resources configured (pacer resource create ID AGENT ... adds one).");
            }
            StringBuilder text = new StringBuilder();
            status.resources().forEach(r -> StatusFormats.resourceTree(text, r, "  "));
            out.print(text);
            return ExitCode.OK;
        }
    }
}
