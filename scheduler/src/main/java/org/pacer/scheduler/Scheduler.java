package org.pacer.scheduler;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.pacer.cib.XmlElement;

/**
 * The scheduler: a pure function from a CIB (configuration and status) and the current time to a
 * {@link TransitionResult}. It reads no files, keeps no state between calls and starts no threads.
 */
public final class Scheduler {
    /**
     * The time a CIB should be scheduled at when the user names none: its {@code execution-date} (seconds since
     * the epoch, recorded by the DC that saved it) if present, else {@code fallback}.
     */
    public static Instant defaultTime(XmlElement cib, Instant fallback) {
        String recorded = cib.attr("execution-date");
        if (recorded != null) {
            try {
                return Instant.ofEpochSecond(Long.parseLong(recorded.trim()));
            } catch (NumberFormatException e) {
                throw new SchedulerException("execution-date is not a number of seconds: '" + recorded + "'");
            }
        }
        return fallback;
    }

    /** Schedules the given CIB at the given time. */
    public TransitionResult schedule(XmlElement cib, Instant now) {
        if (cib == null || !cib.name().equals("cib")) {
            throw new SchedulerException("not a CIB: the root element must be <cib>");
        }
        Cluster cluster = new Cluster(cib, LocalDateTime.ofInstant(now, ZoneOffset.UTC));
        ConfigReader config = new ConfigReader(cluster);
        config.read();
        new StatusReader(cluster, config).read();
        HistoryReader history = new HistoryReader(cluster, config);
        for (Resource r : new ArrayList<>(cluster.resourcesById.values())) {
            if (!r.isPrimitive()) {
                continue;
            }
            for (Node n : cluster.nodes) {
                int fc = history.failcount(r, n);
                if (fc > 0) {
                    r.failcount.put(n, fc);
                }
            }
        }
        for (Resource r : cluster.resourcesById.values()) {
            Resource clone = r.isPrimitive() ? r.cloneAncestor() : null;
            if (clone != null && clone.promotable) {
                // A promotable clone's instances that run but are not promoted are unpromoted.
                r.running.replaceAll((n, role) -> role == Role.STARTED ? Role.UNPROMOTED : role);
            }
        }
        String before = StatusWriter.write(cluster, false);
        ConstraintReader constraints = new ConstraintReader(cluster);
        constraints.read();
        new RemoteNodes(cluster).implyConstraints();
        boolean suicide = !cluster.haveQuorum && cluster.noQuorumPolicy.equals("suicide") && cluster.stonithEnabled;
        if (suicide) {
            // Without quorum every member fences itself rather than risk running resources twice.
            for (Node n : cluster.nodes) {
                if (n.online || n.unclean) {
                    n.unclean = true;
                    n.uncleanReason = "cluster does not have quorum";
                }
            }
        }
        for (Resource r : cluster.resourcesById.values()) {
            if (r.isPrimitive() && r.running.size() > 1 && r.multipleActive.equals("block")) {
                r.blockedOn.addAll(r.running.keySet());
            }
            // Fencing a node ends whatever was blocked there.
            r.blockedOn.removeIf(n -> n.unclean && cluster.canFence(n));
        }
        Planner planner = new Planner(cluster);
        if (cluster.stonithEnabled && !cluster.hasFenceDevice()) {
            // Nothing could recover a failed node, so Pacemaker leaves every resource as it is.
            for (Resource r : cluster.resourcesById.values()) {
                if (r.isPrimitive()) {
                    r.assigned = r.currentNode();
                    r.nextRole = r.role();
                }
            }
        } else {
            new Assigner(cluster, constraints).assign();
            planner.plan();
        }
        List<String> summary = new TransitionSummary(cluster, planner).write();
        TransitionGraph graph = TransitionGraph.from(planner);
        String after = StatusWriter.write(cluster, true);
        return new TransitionResult(summary, graph, before, after, cluster.scoreLines);
    }
}
