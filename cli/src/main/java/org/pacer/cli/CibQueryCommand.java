package org.pacer.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.pacer.cib.XmlElement;
import org.pacer.cib.XmlWriter;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code pacer cib query}: the running cluster's CIB, as this node holds it (like {@code cibadmin -Q}). */
@Command(name = "query", description = "Show the cluster's CIB from the local node, or what --xpath selects.",
        mixinStandardHelpOptions = true)
final class CibQueryCommand implements Callable<Integer> {
    @Option(names = "--xpath", paramLabel = "EXPR", description = "Show only the elements this XPath selects.")
    String xpath;
    @Mixin
    NodeConnection node;
    @Mixin
    OutputOption output;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        XmlElement copy = node.call("cib-query", xpath == null ? Map.of() : Map.of("xpath", xpath), null)
                .child("cib-copy").orElseThrow();
        if (xpath != null && copy.children().isEmpty()) {
            throw new CommandFailure(ExitCode.NOT_FOUND, "--xpath '" + xpath + "' selects nothing");
        }
        PrintWriter out = spec.commandLine().getOut();
        StringBuilder xml = new StringBuilder();
        copy.children().forEach(e -> xml.append(XmlWriter.toXml(e)));
        if (output.json()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("node", copy.attr("node"));
            json.put("admin_epoch", Long.parseLong(copy.attr("admin_epoch")));
            json.put("epoch", Long.parseLong(copy.attr("epoch")));
            json.put("num_updates", Long.parseLong(copy.attr("num_updates")));
            json.put("digest", copy.attr("digest"));
            if (xpath != null) {
                json.put("xpath", xpath);
            }
            json.put("xml", xml.toString());
            out.println(Json.write(json));
        } else {
            out.print(xml);
        }
        return ExitCode.OK;
    }
}
