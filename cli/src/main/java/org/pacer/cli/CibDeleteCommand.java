package org.pacer.cli;

import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code pacer cib delete --xpath EXPR}: deletes the selected elements from the running cluster's CIB. */
@Command(name = "delete", description = "Delete the elements an XPath selects.", mixinStandardHelpOptions = true)
final class CibDeleteCommand implements Callable<Integer> {
    @Option(names = "--xpath", required = true, paramLabel = "EXPR", description = "What to delete.")
    String xpath;
    @Mixin
    CibWriteOptions write;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String version = write.write("cib-delete", Map.of("xpath", xpath), null);
        spec.commandLine().getOut().println("deleted; now version " + version);
        return ExitCode.OK;
    }
}
