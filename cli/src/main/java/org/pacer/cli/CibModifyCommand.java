package org.pacer.cli;

import java.util.Map;
import java.util.concurrent.Callable;

import org.pacer.cib.XmlParser;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code pacer cib modify --xml-text XML}: merges a fragment into the element with its name and id. */
@Command(name = "modify", description = "Merge an XML fragment into the element with the same name and id.",
        mixinStandardHelpOptions = true)
final class CibModifyCommand implements Callable<Integer> {
    @Option(names = "--xml-text", required = true, paramLabel = "XML", description = "The fragment.")
    String xml;
    @Mixin
    CibWriteOptions write;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String version = write.write("cib-modify", Map.of(), new XmlParser().parse(xml, "--xml-text"));
        spec.commandLine().getOut().println("CIB modified; now version " + version);
        return ExitCode.OK;
    }
}
