package org.pacer.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

import org.pacer.cib.DurableFile;
import org.pacer.cib.XmlElement;
import org.pacer.cib.XmlWriter;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pacer cib export FILE}: the cluster's configuration as a Pacemaker cib.xml, written atomically. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write the cluster's CIB to FILE as a Pacemaker cib.xml (configuration with an empty status,",
                "or the live status with --with-status), atomically. '-' writes to standard output."},
        footer = {"", "Examples:", "  pacer cib export /root/cib-backup.xml", "  pacer cib export - | crm_verify --xml-pipe"})
final class CibExportCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE")
    Path file;
    @Option(names = "--with-status", description = "Keep the status section (node states, operation history).")
    boolean withStatus;
    @Mixin
    NodeConnection node;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        XmlElement cib = node.call("cib-query", Map.of(), null).child("cib-copy").orElseThrow().children().get(0);
        if (!withStatus) {
            cib = cib.withChild("status", XmlElement.of("status", Map.of()));
        }
        String document = XmlWriter.toDocument(cib);
        if (file.toString().equals("-")) {
            spec.commandLine().getOut().print(document);
            return ExitCode.OK;
        }
        DurableFile.replace(file, document.getBytes(StandardCharsets.UTF_8));
        spec.commandLine().getOut().println("exported CIB version " + cib.attr("admin_epoch") + "." + cib.attr("epoch")
                + "." + cib.attr("num_updates") + " to " + file);
        return ExitCode.OK;
    }
}
