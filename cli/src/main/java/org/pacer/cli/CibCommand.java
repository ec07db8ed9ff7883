package org.pacer.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.pacer.cib.XmlParser;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code pacer cib ...}: work with CIB documents. */
@Command(name = "cib", description = "Read, check, compare and patch CIB documents.",
        mixinStandardHelpOptions = true,
        subcommands = {CibCommand.Verify.class})
final class CibCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "verify", description = "Check a CIB file, like crm_verify.", mixinStandardHelpOptions = true)
    static final class Verify implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "The CIB XML file.")
        Path file;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            new XmlParser().parse(file);
            spec.commandLine().getOut().println(file + ": valid");
            return ExitCode.OK;
        }
    }
}
