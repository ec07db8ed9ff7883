package org.pacer.cli;

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
 * {@code pacer resource move|ban|clear}: the location constraints crm_resource writes for an administrator
 * ({@code cli-prefer-ID}, {@code cli-ban-ID-on-NODE}), optionally expiring after {@code --lifetime}.
 */
final class ResourcePlacementCommands {
    private ResourcePlacementCommands() {
    }

    static Instant until(String lifetime) {
        if (lifetime == null) {
            return null;
        }
        return Instant.now().plusMillis(org.pacer.cib.Duration.parseMillis(ConfigTree.duration(lifetime, "--lifetime")));
    }

    @Command(name = "move", mixinStandardHelpOptions = true,
            description = {"Move a resource to NODE (constraint cli-prefer-ID), or away from the node it runs on",
                    "when no NODE is given (cli-ban-ID-on-NODE). 'pacer resource clear ID' removes them."},
            footer = {"", "Examples:", "  pacer resource move web node2", "  pacer resource move web node2 --lifetime 1h",
                    "  pacer resource move web --dry-run"})
    static final class Move implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "ID", description = "The resource.")
        String id;
        @Parameters(index = "1", arity = "0..1", paramLabel = "NODE", description = "Where to move it.")
        String node;
        @Option(names = "--lifetime", paramLabel = "DURATION", description = "Let the constraint expire after this long.")
        String lifetime;
        @Mixin
        CibChange change;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Instant until = until(lifetime);
            if (node != null) {
                return change.apply(spec.commandLine().getOut(), "moving " + id + " to " + node
                        + " (constraint cli-prefer-" + id + ")", cib -> ResourceEdits.move(cib, id, node, until));
            }
            ClusterStatus status = ClusterSnapshot.read(change.node, false).status();
            ClusterStatus.ResourceView view = status.resource(id);
            if (view == null) {
                ConfigTree.resource(change.current(), id);
            }
            java.util.List<ClusterStatus.Instance> where = (view.kind().equals("primitive") ? java.util.List.of(view)
                    : ClusterStatus.primitives(view.children())).stream().flatMap(p -> p.instances().stream()).toList();
            java.util.Set<String> nodes = new java.util.TreeSet<>(where.stream().map(ClusterStatus.Instance::node).toList());
            if (nodes.size() != 1) {
                throw new CommandFailure(ExitCode.REFUSED, id + (nodes.isEmpty() ? " is not running anywhere"
                        : " runs on " + String.join(", ", nodes)) + "; name the NODE to move it to");
            }
            String current = nodes.iterator().next();
            return change.apply(spec.commandLine().getOut(), "moving " + id + " away from " + current
                    + " (constraint cli-ban-" + id + "-on-" + current + ")", cib -> ResourceEdits.ban(cib, id, current, until));
        }
    }

    @Command(name = "ban", mixinStandardHelpOptions = true,
            description = "Keep a resource off NODE (constraint cli-ban-ID-on-NODE, score -INFINITY).",
            footer = {"", "Examples:", "  pacer resource ban web node1", "  pacer resource ban web node1 --lifetime 30min"})
    static final class Ban implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "ID", description = "The resource.")
        String id;
        @Parameters(index = "1", paramLabel = "NODE", description = "The node to keep it off.")
        String node;
        @Option(names = "--lifetime", paramLabel = "DURATION", description = "Let the ban expire after this long.")
        String lifetime;
        @Mixin
        CibChange change;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Instant until = until(lifetime);
            return change.apply(spec.commandLine().getOut(), "banned " + id + " from " + node,
                    cib -> ResourceEdits.ban(cib, id, node, until));
        }
    }

    @Command(name = "clear", mixinStandardHelpOptions = true,
            description = "Remove the constraints 'move' and 'ban' made for a resource.",
            footer = {"", "Examples:", "  pacer resource clear web"})
    static final class Clear implements Callable<Integer> {
        @Parameters(paramLabel = "ID", description = "The resource.")
        String id;
        @Mixin
        CibChange change;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            return change.apply(spec.commandLine().getOut(), "cleared move and ban constraints of " + id,
                    cib -> ResourceEdits.clear(cib, id));
        }
    }
}
