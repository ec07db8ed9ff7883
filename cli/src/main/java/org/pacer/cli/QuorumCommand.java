package org.pacer.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.pacer.cib.XmlElement;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code pacer quorum}: whether the local node's partition is quorate, and with which votes. */
@Command(name = "quorum", description = "Show whether this node's partition has quorum.", mixinStandardHelpOptions = true)
final class QuorumCommand implements Callable<Integer> {
    @Mixin
    NodeConnection node;
    @Mixin
    OutputOption output;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        XmlElement m = node.call("quorum", Map.of(), null).child("members").orElseThrow();
        List<String> members = m.children("member").stream().map(e -> e.attr("name")).toList();
        boolean quorate = Boolean.parseBoolean(m.attr("quorate"));
        if (output.json()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("node", m.attr("node"));
            json.put("quorate", quorate);
            json.put("votes", Integer.parseInt(m.attr("votes")));
            json.put("expected_votes", Integer.parseInt(m.attr("expected-votes")));
            json.put("waiting_for_all", Boolean.parseBoolean(m.attr("waiting-for-all")));
            json.put("members", members);
            spec.commandLine().getOut().println(Json.write(json));
        } else {
            var out = spec.commandLine().getOut();
            out.println("Quorate:  " + (quorate ? "yes" : "no")
                    + (Boolean.parseBoolean(m.attr("waiting-for-all")) ? " (waiting for all nodes once)" : ""));
            out.println("Votes:    " + m.attr("votes") + " of " + m.attr("expected-votes") + " expected");
            out.println("Members:  " + String.join(" ", members));
        }
        return ExitCode.OK;
    }
}
