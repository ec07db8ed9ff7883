package org.pacer.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.pacer.cli.admin.ConfigTree;
import org.pacer.cli.admin.ResourceEdits;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pacer resource defaults [NAME=VALUE]...}: meta attributes every resource inherits (rsc_defaults). */
@Command(name = "defaults", mixinStandardHelpOptions = true,
        description = {"Show the resource defaults (rsc_defaults), or set them: NAME=VALUE sets, NAME= removes."},
        footer = {"", "Examples:", "  pacer resource defaults", "  pacer resource defaults resource-stickiness=100",
                "  pacer resource defaults migration-threshold=3 failure-timeout=10min"})
final class ResourceDefaultsCommand implements Callable<Integer> {
    @Parameters(arity = "0..*", paramLabel = "NAME=VALUE")
    List<String> settings = new ArrayList<>();
    @Mixin
    CibChange change;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (settings.isEmpty()) {
            Map<String, String> current = ConfigTree.pairs(ConfigTree.section(change.current(), "rsc_defaults"),
                    "meta_attributes");
            if (current.isEmpty()) {
                out.println("No resource defaults set");
            }
            current.forEach((k, v) -> out.println(k + "=" + v));
            return ExitCode.OK;
        }
        Map<String, String> changes = new LinkedHashMap<>();
        for (String s : settings) {
            Map.Entry<String, String> nv = ConfigTree.nameValue(s);
            changes.put(nv.getKey(), nv.getValue().isEmpty() ? null : nv.getValue());
        }
        return change.apply(out, "resource defaults " + String.join(" ", settings),
                cib -> ResourceEdits.defaults(cib, changes));
    }
}
