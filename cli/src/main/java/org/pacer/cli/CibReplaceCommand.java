package org.pacer.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

import org.pacer.cib.XmlParser;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code pacer cib replace FILE}: replaces the running cluster's CIB (like {@code cibadmin --replace}). */
@Command(name = "replace", description = "Replace the running cluster's CIB with FILE.", mixinStandardHelpOptions = true)
final class CibReplaceCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "The new CIB.")
    Path file;
    @Mixin
    CibWriteOptions write;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String version = write.write("cib-replace", Map.of(), new XmlParser().parse(file));
        spec.commandLine().getOut().println("CIB replaced; now version " + version);
        return ExitCode.OK;
    }
}
