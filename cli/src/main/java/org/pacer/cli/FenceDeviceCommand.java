package org.pacer.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.pacer.cib.XmlElement;
import org.pacer.cib.XmlWriter;
import org.pacer.cli.admin.ConfigTree;
import org.pacer.cli.admin.ResourceEdits;
import org.pacer.cli.admin.ResourceSpec;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pacer fence device create|list|show}: fence devices are primitives of class stonith, checked
 * against the fence agent's meta-data like any resource.
 */
@Command(name = "device", mixinStandardHelpOptions = true, description = "Create, list and show fence devices.",
        subcommands = {FenceDeviceCommand.Create.class, FenceDeviceCommand.ListDevices.class, FenceDeviceCommand.Show.class})
final class FenceDeviceCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static List<XmlElement> devices(XmlElement cib) {
        return ConfigTree.section(cib, "resources").descendantsAndSelf()
                .filter(e -> e.name().equals("primitive") && "stonith".equals(e.attr("class"))).toList();
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Create a fence device: ID AGENT [NAME=VALUE]... [op ...] [meta ...]. AGENT is the fence",
                    "agent's name (fence_pacer_kill) or stonith:NAME; parameters are checked against its meta-data."},
            footer = {"", "Examples:",
                    "  pacer fence device create killer fence_pacer_kill pcmk_host_list=\"node1 node2 node3\"",
                    "  pacer fence device create ipmi1 fence_ipmilan ip=10.0.0.1 username=admin password=secret \\",
                    "      pcmk_host_list=node1"})
    static final class Create implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "ID")
        String id;
        @Parameters(index = "1", paramLabel = "AGENT")
        String agent;
        @Parameters(index = "2..*", paramLabel = "ARG")
        List<String> words = new ArrayList<>();
        @Option(names = "--force", description = "Skip the meta-data check.")
        boolean force;
        @Mixin
        AgentCommand.ExecutorOptions agents = new AgentCommand.ExecutorOptions();
        @Mixin
        CibChange change;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            String name = agent.startsWith("stonith:") ? agent : "stonith:" + agent;
            ResourceSpec finalSpec = force ? ResourceSpec.parse(words)
                    : ResourceAgents.checked(agents, name, ResourceSpec.parse(words));
            return change.apply(spec.commandLine().getOut(), "created fence device " + id + " (" + name + ")",
                    cib -> ResourceEdits.create(cib, id, name, finalSpec, ResourceEdits.Placement.ALONE));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the fence devices.",
            footer = {"", "Examples:", "  pacer fence device list"})
    static final class ListDevices implements Callable<Integer> {
        @Mixin
        NodeConnection node;
        @Mixin
        OutputOption output;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            ClusterSnapshot snapshot = ClusterSnapshot.read(node, false);
            List<XmlElement> devices = devices(snapshot.cib());
            PrintWriter out = spec.commandLine().getOut();
            if (output.json()) {
                out.println(Json.write(devices.stream().map(d -> {
                    var m = ResourceViewCommands.Show.describe(d);
                    m.put("status", StatusFormats.resourceJson(snapshot.status().resource(d.id())));
                    return m;
                }).toList()));
                return ExitCode.OK;
            }
            if (devices.isEmpty()) {
                out.println("No fence devices (pacer fence device create ID AGENT ... adds one)");
            }
            for (XmlElement d : devices) {
                out.println(d.id() + "\t(stonith:" + d.attr("type") + "):\t"
                        + StatusFormats.where(snapshot.status().resource(d.id())));
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a fence device's configuration.",
            footer = {"", "Examples:", "  pacer fence device show killer"})
    static final class Show implements Callable<Integer> {
        @Parameters(paramLabel = "ID")
        String id;
        @Mixin
        NodeConnection node;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            XmlElement cib = ClusterSnapshot.read(node, false).cib();
            XmlElement device = devices(cib).stream().filter(d -> id.equals(d.id())).findFirst()
                    .orElseThrow(() -> new CommandFailure(ExitCode.NOT_FOUND, "no fence device '" + id
                            + "' (pacer fence device list)"));
            spec.commandLine().getOut().print(XmlWriter.toXml(device));
            return ExitCode.OK;
        }
    }
}
