package org.pacer.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;

import org.pacer.cli.admin.ClusterStatus;
import org.pacer.scheduler.Scheduler;
import org.pacer.scheduler.TransitionResult;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pacer status}: the cluster at a glance, like crm_mon. */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Show the cluster like crm_mon: name, DC, quorum, nodes by state, every resource with its",
                "role and node (groups and clones as trees), failed actions, fail counts and recent fencing.",
                "Works on any node. JSON fields: cluster_name, queried_on, dc, quorum{quorate,votes,expected_votes},",
                "cib_version, nodes[{name,id,state,online,standby,maintenance,unclean,pending,dc,resources_running}],",
                "resources[{id,kind,agent,role,managed,failed,target_role,instances[{node,role,failed}]|children}],",
                "failed_actions[{resource,operation,interval_ms,node,rc,rc_text,status,exit_reason,call_id,",
                "last_rc_change}], fail_counts[{node,resource,operation,count}], fencing[{target,action,status,...}]."},
        footer = {"", "Examples:", "  pacer status", "  pacer status --watch --interval 5s",
                "  pacer status --output json | jq '.nodes[] | select(.state != \"online\")'",
                "  pacer status --output xml"})
final class StatusCommand implements Callable<Integer> {
    enum Format { text, xml, json }

    enum Colour { auto, always, never }

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text", description = "text (default), xml or json.")
    Format format;
    @Option(names = "--watch", description = "Refresh in place until interrupted (Ctrl-C).")
    boolean watch;
    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "2s", description = "Refresh period of --watch (default 2s).")
    String interval;
    @Option(names = "--color", paramLabel = "WHEN", defaultValue = "auto",
            description = "Colours: auto (on a terminal only, the default), always or never.")
    Colour colour;
    @Option(names = "--refreshes", hidden = true, paramLabel = "N", description = "Stop --watch after N screens (tests).")
    int refreshes = Integer.MAX_VALUE;
    @Mixin
    NodeConnection node;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        long period = org.pacer.cib.Duration.isValid(interval) ? org.pacer.cib.Duration.parseMillis(interval) : -1;
        if (period <= 0) {
            throw new CommandFailure(ExitCode.USAGE, "--interval: '" + interval + "' is not a positive duration (e.g. 2s)");
        }
        boolean terminal = System.console() != null && !"dumb".equals(System.getenv("TERM"));
        boolean colours = format == Format.text && (colour == Colour.always || colour == Colour.auto && terminal);
        for (int screen = 1; ; screen++) {
            String rendered = render(colours);
            if (watch && (terminal || colour == Colour.always)) {
                out.print("\u001b[H\u001b[2J");
            }
            out.print(rendered);
            out.flush();
            if (!watch || screen >= refreshes) {
                return ExitCode.OK;
            }
            Thread.sleep(period);
        }
    }

    private String render(boolean colours) {
        ClusterSnapshot snapshot = ClusterSnapshot.read(node, true);
        ClusterStatus status = snapshot.status();
        return switch (format) {
            case json -> StatusFormats.json(status) + "\n";
            case xml -> StatusFormats.xml(status);
            case text -> StatusFormats.text(status, schedulerLists(snapshot), colours);
        };
    }

    /** The scheduler's node and resource lists for this CIB, or null when it cannot read it (then ours are shown). */
    static String schedulerLists(ClusterSnapshot snapshot) {
        try {
            TransitionResult result = new Scheduler().schedule(snapshot.cib(), Instant.now());
            return result.currentStatus();
        } catch (RuntimeException | StackOverflowError e) {
            return null;
        }
    }
}
