package org.pacer.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.pacer.cib.XmlElement;
import org.pacer.cib.XmlParser;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pacer cib import FILE}: makes a Pacemaker cib.xml's configuration the cluster's, whatever the
 * file's version counters say; the live status is kept. Checked like every change before it is written.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Replace the cluster's configuration with FILE's (a Pacemaker cib.xml). The file is checked",
                "like crm_verify first; its status section is ignored and the live one kept."},
        footer = {"", "Examples:", "  pacer cib import /root/cib-backup.xml --dry-run", "  pacer cib import /root/cib-backup.xml"})
final class CibImportCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE")
    Path file;
    @Mixin
    CibChange change;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        XmlElement imported = new XmlParser().parse(file);
        if (!imported.name().equals("cib") || imported.child("configuration").isEmpty()) {
            throw new CommandFailure(ExitCode.REFUSED, file + ": not a CIB (expected <cib> with a <configuration>)");
        }
        return change.apply(spec.commandLine().getOut(), "imported the configuration of " + file, current -> {
            // The cluster's own counters and status win: the file's configuration becomes the next epoch.
            XmlElement result = imported.withChild("status", current.child("status").orElse(XmlElement.of("status", java.util.Map.of())));
            for (String counter : java.util.List.of("admin_epoch", "epoch", "num_updates")) {
                result = result.withAttribute(counter, current.attr(counter, "0"));
            }
            return result;
        });
    }
}
