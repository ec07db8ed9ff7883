package org.pacer.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.pacer.cib.XmlElement;
import org.pacer.cli.admin.ConfigTree;
import org.pacer.cli.admin.FailCounts;
import org.pacer.cli.admin.NodeEdits;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pacer resource failcount show|reset}: the fail counts the cluster keeps per resource and node. */
@Command(name = "failcount", mixinStandardHelpOptions = true,
        description = "Show or reset fail counts (the transient fail-count-* node attributes).",
        subcommands = {ResourceFailcountCommand.Show.class, ResourceFailcountCommand.Reset.class})
final class ResourceFailcountCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show fail counts, of all resources or one.",
            footer = {"", "Examples:", "  pacer resource failcount show", "  pacer resource failcount show web --node node1"})
    static final class Show implements Callable<Integer> {
        @Parameters(paramLabel = "ID", arity = "0..1", description = "Only this resource.")
        String id;
        @Option(names = "--node", paramLabel = "NODE", description = "Only on this node.")
        String node;
        @Mixin
        NodeConnection connection;
        @Mixin
        OutputOption output;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            XmlElement cib = ClusterSnapshot.read(connection, false).cib();
            if (id != null) {
                ConfigTree.resource(cib, id);
            }
            if (node != null) {
                NodeEdits.requireNode(cib, node);
            }
            List<FailCounts.Entry> entries = FailCounts.entries(cib, id, node);
            PrintWriter out = spec.commandLine().getOut();
            if (output.json()) {
                out.println(Json.write(entries.stream().map(e -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("node", e.node());
                    m.put("resource", e.resource());
                    m.put("operation", e.operation());
                    m.put("count", e.count());
                    return m;
                }).toList()));
                return ExitCode.OK;
            }
            if (entries.isEmpty()) {
                out.println("No fail counts" + (id == null ? "" : " for " + id) + (node == null ? "" : " on " + node));
            }
            for (FailCounts.Entry e : entries) {
                out.println(e.resource() + " on " + e.node() + ": " + e.count()
                        + (e.operation().isEmpty() ? "" : " (" + e.operation() + ")"));
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "reset", mixinStandardHelpOptions = true,
            description = {"Reset a resource's fail counts (and last-failure times), on every node or one.",
                    "'pacer resource cleanup' also forgets the failed operations."},
            footer = {"", "Examples:", "  pacer resource failcount reset web", "  pacer resource failcount reset web --node node1"})
    static final class Reset implements Callable<Integer> {
        @Parameters(paramLabel = "ID", description = "The resource.")
        String id;
        @Option(names = "--node", paramLabel = "NODE", description = "Only on this node.")
        String node;
        @Mixin
        CibChange change;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            XmlElement cib = change.current();
            ConfigTree.resource(cib, id);
            if (node != null) {
                NodeEdits.requireNode(cib, node);
            }
            List<String> ids = FailCounts.resetIds(cib, id, node);
            return change.deleteStatus(spec.commandLine().getOut(), "reset fail counts of " + id
                    + (node == null ? "" : " on " + node), cib, FailCounts.without(cib, ids), ids);
        }
    }
}
