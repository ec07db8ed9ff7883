package org.pacer.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pacer resource cleanup [ID] [--node NODE]}: forgets failures (fail counts and operation history) so
 * the controller probes the resource again and the scheduler places it afresh.
 */
@Command(name = "cleanup", mixinStandardHelpOptions = true,
        description = "Forget a resource's failures (all resources without ID; all nodes without --node); it is probed again.")
final class ResourceCleanupCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "ID")
    String resource;
    @Option(names = "--node", paramLabel = "NODE")
    String onNode;
    @Mixin
    NodeConnection node;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Map<String, String> attrs = new LinkedHashMap<>();
        if (resource != null) {
            attrs.put("resource", resource);
        }
        if (onNode != null) {
            attrs.put("node", onNode);
        }
        node.call("resource-cleanup", attrs, null);
        spec.commandLine().getOut().println("Cleaned up " + (resource == null ? "all resources" : resource)
                + (onNode == null ? " on all nodes" : " on " + onNode));
        return ExitCode.OK;
    }
}
