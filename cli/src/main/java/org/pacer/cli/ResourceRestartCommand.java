package org.pacer.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;

import org.pacer.cli.admin.ClusterStatus;
import org.pacer.cli.admin.ConfigTree;
import org.pacer.cli.admin.ResourceEdits;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pacer resource restart ID}: stops the resource (target-role=Stopped), waits until the cluster
 * reports it stopped everywhere, then puts its target-role back, as crm_resource --restart does.
 */
@Command(name = "restart", mixinStandardHelpOptions = true,
        description = {"Restart a resource: stop it everywhere, wait until it is stopped, then let it start again.",
                "If it does not stop within --timeout, its target-role is put back and the command fails."},
        footer = {"", "Examples:", "  pacer resource restart web", "  pacer resource restart storage --timeout 2min"})
final class ResourceRestartCommand implements Callable<Integer> {
    @Parameters(paramLabel = "ID", description = "The resource.")
    String id;
    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60s", description = "How long to wait for the stop (default 60s).")
    String timeout;
    @Mixin
    CibChange change;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        long wait = org.pacer.cib.Duration.parseMillis(ConfigTree.duration(timeout, "--timeout"));
        PrintWriter out = spec.commandLine().getOut();
        String previous = ConfigTree.pairs(ConfigTree.resource(change.current(), id), "meta_attributes").get("target-role");
        if (change.dryRun) {
            return change.apply(out, "would stop " + id, cib -> ResourceEdits.setMeta(cib, id, "target-role", "Stopped"));
        }
        change.apply(out, "stopping " + id, cib -> ResourceEdits.setMeta(cib, id, "target-role", "Stopped"));
        Instant deadline = Instant.now().plusMillis(wait);
        boolean stopped = false;
        while (Instant.now().isBefore(deadline)) {
            if (stopped(ClusterSnapshot.read(change.node, false).status())) {
                stopped = true;
                break;
            }
            Thread.sleep(200);
        }
        change.apply(out, "starting " + id, cib -> ResourceEdits.setMeta(cib, id, "target-role", previous));
        if (!stopped) {
            throw new CommandFailure(ExitCode.FAILED, id + " did not stop within " + timeout
                    + "; its target-role was put back (see pacer status)");
        }
        return ExitCode.OK;
    }

    private boolean stopped(ClusterStatus status) {
        ClusterStatus.ResourceView view = status.resource(id);
        return view == null || ClusterStatus.primitives(view.kind().equals("primitive") ? java.util.List.of(view)
                : view.children()).stream().allMatch(p -> p.instances().isEmpty());
    }
}
