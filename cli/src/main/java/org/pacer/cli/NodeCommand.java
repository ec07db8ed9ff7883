package org.pacer.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.pacer.cib.XmlElement;
import org.pacer.cli.admin.ClusterStatus;
import org.pacer.cli.admin.NodeEdits;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pacer node ...}: standby, maintenance and attributes of nodes, and the node list. */
@Command(name = "node", mixinStandardHelpOptions = true,
        description = "Put nodes in standby or maintenance, set node attributes, list nodes.",
        subcommands = {NodeCommand.Standby.class, NodeCommand.Unstandby.class, NodeCommand.Maintenance.class,
                NodeCommand.Unmaintenance.class, NodeCommand.Attribute.class, NodeCommand.ListNodes.class},
        footer = {"", "Exit status: 0 ok, 2 usage, 3 unknown node, 4 refused, 5 no connection to pacerd."})
final class NodeCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** A permanent boolean attribute switched on or off for NODE (default: the node this command talks to). */
    abstract static class Switch implements Callable<Integer> {
        @Parameters(paramLabel = "NODE", arity = "0..1", description = "The node (default: the local node).")
        String node;
        @Mixin
        CibChange change;
        @Spec
        CommandSpec spec;

        abstract String attribute();

        abstract boolean on();

        @Override
        public Integer call() {
            String target = node != null ? node : ClusterStatus.Membership.of(
                    change.node.call("members", Map.of(), null).child("members").orElseThrow()).localNode();
            return change.apply(spec.commandLine().getOut(), (on() ? "" : "un") + attribute() + " " + target,
                    cib -> NodeEdits.setAttribute(cib, target, attribute(), on() ? "on" : null));
        }
    }

    @Command(name = "standby", mixinStandardHelpOptions = true,
            description = "Move every resource off NODE and keep them off (standby=on).",
            footer = {"", "Examples:", "  pacer node standby node2", "  pacer node standby node2 --dry-run"})
    static final class Standby extends Switch {
        String attribute() { return "standby"; }
        boolean on() { return true; }
    }

    @Command(name = "unstandby", mixinStandardHelpOptions = true, description = "Let NODE run resources again.",
            footer = {"", "Examples:", "  pacer node unstandby node2"})
    static final class Unstandby extends Switch {
        String attribute() { return "standby"; }
        boolean on() { return false; }
    }

    @Command(name = "maintenance", mixinStandardHelpOptions = true,
            description = "Stop managing the resources on NODE: they are left as they are (maintenance=on).",
            footer = {"", "Examples:", "  pacer node maintenance node1"})
    static final class Maintenance extends Switch {
        String attribute() { return "maintenance"; }
        boolean on() { return true; }
    }

    @Command(name = "unmaintenance", mixinStandardHelpOptions = true, description = "Manage NODE's resources again.",
            footer = {"", "Examples:", "  pacer node unmaintenance node1"})
    static final class Unmaintenance extends Switch {
        String attribute() { return "maintenance"; }
        boolean on() { return false; }
    }

    @Command(name = "attribute", mixinStandardHelpOptions = true,
            description = {"Show (NAME), set (NAME=VALUE) or remove (NAME=) a permanent attribute of NODE,",
                    "for use in location rules; with --transient, a transient one (like attrd_updater)."},
            footer = {"", "Examples:", "  pacer node attribute node1 rack=r1", "  pacer node attribute node1 rack",
                    "  pacer node attribute node1 rack=", "  pacer node attribute node1 pingd=100 --transient"})
    static final class Attribute implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NODE")
        String node;
        @Parameters(index = "1", paramLabel = "NAME[=VALUE]")
        String attribute;
        @picocli.CommandLine.Option(names = "--transient", description = {"A transient attribute (the status "
                + "section's transient_attributes): written through the DC, forgotten when NODE restarts."})
        boolean transientAttribute;
        @Mixin
        CibChange change;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            int eq = attribute.indexOf('=');
            if (transientAttribute) {
                return NodeCommand.transientAttribute(this, out, eq);
            }
            if (eq < 0) {
                NodeEdits.KnownNode known = NodeEdits.requireNode(change.current(), node);
                String value = known.attributes().get(attribute);
                if (value == null) {
                    throw new CommandFailure(ExitCode.NOT_FOUND, "node " + node + " has no attribute '" + attribute + "'");
                }
                out.println(value);
                return ExitCode.OK;
            }
            String name = attribute.substring(0, eq);
            String value = attribute.substring(eq + 1);
            return change.apply(out, (value.isEmpty() ? "removed " + name + " from " : "set " + attribute + " on ") + node,
                    cib -> NodeEdits.setAttribute(cib, node, name, value.isEmpty() ? null : value));
        }
    }

    /** The transient attribute: read from the status section, changed by the DC through pacerd's API. */
    private static int transientAttribute(Attribute a, PrintWriter out, int eq) {
        if (eq < 0) {
            XmlElement cib = a.change.current();
            NodeEdits.requireNode(cib, a.node);
            String value = cib.child("status").flatMap(s -> s.children("node_state").stream()
                    .filter(ns -> a.node.equals(ns.attr("uname"))).findFirst())
                    .flatMap(ns -> ns.child("transient_attributes"))
                    .flatMap(ta -> ta.children("instance_attributes").stream().flatMap(ia -> ia.children("nvpair").stream())
                            .filter(nv -> a.attribute.equals(nv.attr("name"))).map(nv -> nv.attr("value")).findFirst())
                    .orElse(null);
            if (value == null) {
                throw new CommandFailure(ExitCode.NOT_FOUND, "node " + a.node + " has no transient attribute '"
                        + a.attribute + "'");
            }
            out.println(value);
            return ExitCode.OK;
        }
        if (a.change.dryRun) {
            throw new CommandFailure(ExitCode.USAGE, "--dry-run does not apply to transient attributes");
        }
        String name = a.attribute.substring(0, eq);
        String value = a.attribute.substring(eq + 1);
        Map<String, String> request = new LinkedHashMap<>();
        request.put("node", a.node);
        request.put("name", name);
        if (!value.isEmpty()) {
            request.put("value", value);
        }
        a.change.node.call("node-attribute", request, null);
        out.println((value.isEmpty() ? "removed transient " + name + " from " : "set transient " + a.attribute + " on ")
                + a.node);
        return ExitCode.OK;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the nodes with their state and attributes.",
            footer = {"", "Examples:", "  pacer node list", "  pacer node list --output json"})
    static final class ListNodes implements Callable<Integer> {
        @Mixin
        NodeConnection connection;
        @Mixin
        OutputOption output;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            ClusterSnapshot snapshot = ClusterSnapshot.read(connection, false);
            XmlElement cib = snapshot.cib();
            PrintWriter out = spec.commandLine().getOut();
            List<ClusterStatus.NodeView> nodes = snapshot.status().nodes();
            if (output.json()) {
                out.println(Json.write(nodes.stream().map(n -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("name", n.name());
                    m.put("id", n.id());
                    m.put("state", n.state());
                    m.put("dc", n.dc());
                    m.put("attributes", NodeEdits.node(cib, n.name()).map(NodeEdits.KnownNode::attributes).orElse(Map.of()));
                    return m;
                }).toList()));
                return ExitCode.OK;
            }
            for (ClusterStatus.NodeView n : nodes) {
                Map<String, String> attributes = NodeEdits.node(cib, n.name()).map(NodeEdits.KnownNode::attributes).orElse(Map.of());
                out.println(n.name() + " (id " + n.id() + "): " + n.state() + (n.dc() ? ", DC" : "")
                        + (attributes.isEmpty() ? "" : "  " + String.join(" ", attributes.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue()).toList())));
            }
            return ExitCode.OK;
        }
    }
}
