package org.pacer.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.pacer.cib.XmlElement;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Fencing through the local node's controller: {@code pacer fence NODE [--off]} (see {@link FenceCommand}),
 * {@code pacer fence history [NODE]} and {@code pacer fence confirm NODE}.
 */
final class FenceNodeCommands {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneId.systemDefault());

    private FenceNodeCommands() {
    }

    /** Fences {@code target} now (reboot, or off) and waits for the device's answer. */
    static int fence(NodeConnection node, PrintWriter out, String target, boolean off) {
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("target", target);
        attrs.put("action", off ? "off" : "reboot");
        XmlElement fenced = node.call("fence", attrs, null).child("fenced").orElseThrow();
        out.println("Fenced " + target + " (" + fenced.attr("action") + ") with " + fenced.attr("devices")
                + ", carried out by " + fenced.attr("delegate"));
        return ExitCode.OK;
    }

    /** {@code pacer fence history [NODE]}. */
    @Command(name = "history", mixinStandardHelpOptions = true, description = "Show the cluster's fencing history.")
    static final class History implements Callable<Integer> {
        @Parameters(arity = "0..1", paramLabel = "NODE", description = "Only this node's fencing.")
        String target;
        @Mixin
        NodeConnection node;
        @Mixin
        OutputOption output;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Map<String, String> attrs = target == null ? Map.of() : Map.of("target", target);
            List<XmlElement> events = node.call("fence-history", attrs, null).child("fence-history").orElseThrow()
                    .children();
            PrintWriter out = spec.commandLine().getOut();
            if (output.json()) {
                out.println(Json.write(events.stream().map(e -> (Object) new LinkedHashMap<String, Object>(e.attributes())).toList()));
                return ExitCode.OK;
            }
            if (events.isEmpty()) {
                out.println(target == null ? "No fencing recorded." : "No fencing of " + target + " recorded.");
            }
            for (XmlElement e : events) {
                String when = e.attr("completed") != null ? e.attr("completed") : e.attr("requested");
                out.printf("%s  %-8s %-7s %s  device %s, requested by %s, run by %s%n", format(when), e.attr("target"),
                        e.attr("action"), e.attr("status"), e.attr("device", "-"), e.attr("origin"), e.attr("delegate"));
            }
            return ExitCode.OK;
        }
    }

    /** {@code pacer fence confirm NODE}. */
    @Command(name = "confirm", mixinStandardHelpOptions = true,
            description = "Record that you have verified NODE to be down (powered off), so its resources may be recovered.")
    static final class Confirm implements Callable<Integer> {
        @Parameters(paramLabel = "NODE")
        String target;
        @Mixin
        NodeConnection node;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            node.call("fence-confirm", Map.of("target", target), null);
            spec.commandLine().getOut().println("Recorded " + target + " as fenced (confirmed down by an operator)");
            return ExitCode.OK;
        }
    }

    private static String format(String instant) {
        try {
            return TIME.format(Instant.parse(instant));
        } catch (RuntimeException e) {
            return String.valueOf(instant);
        }
    }
}
