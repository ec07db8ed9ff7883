package org.pacer.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import org.pacer.cib.CibException;
import org.pacer.cib.CibVerifier;
import org.pacer.cib.XmlElement;
import org.pacer.cib.model.Cib;
import org.pacer.cluster.ClusterException;
import org.pacer.scheduler.Scheduler;
import org.pacer.scheduler.SchedulerException;
import org.pacer.scheduler.TransitionResult;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The imperative shell around the pure edits of {@code org.pacer.cli.admin}: read the cluster's CIB, apply
 * the edit, refuse it when it makes the CIB invalid, then either print the Transition Summary it would
 * cause ({@code --dry-run}) or write it through pacerd. A write races no one: the replacement carries the
 * epoch it was made from, pacerd refuses it when the configuration changed meanwhile, and the edit is then
 * made again on the newer CIB.
 */
final class CibChange {
    private static final int ATTEMPTS = 3;

    @Mixin
    NodeConnection node;

    @Option(names = "--dry-run", description = "Print the Transition Summary the change would cause; change nothing.")
    boolean dryRun;

    /** The cluster's whole CIB as the local node holds it. */
    XmlElement current() {
        return node.call("cib-query", Map.of(), null).child("cib-copy").orElseThrow().children().get(0);
    }

    /**
     * Applies a configuration edit and reports it on {@code out}: "{@code done}; CIB version V", or the
     * dry run's summary. Returns the exit status.
     */
    int apply(PrintWriter out, String done, UnaryOperator<XmlElement> edit) {
        for (int attempt = 1; ; attempt++) {
            XmlElement before = current();
            XmlElement after = edit.apply(before);
            if (after.equals(before)) {
                out.println(done + " (nothing to change)");
                return ExitCode.OK;
            }
            validate(before, after);
            if (dryRun) {
                printDryRun(out, after);
                return ExitCode.OK;
            }
            try {
                // Without a status section, pacerd keeps the live one: only the configuration is replaced.
                XmlElement replacement = after.withoutChildren(c -> c.name().equals("status"));
                String version = call("cib-replace", Map.of(), replacement);
                out.println(done + "; CIB version " + version);
                return ExitCode.OK;
            } catch (ClusterException e) {
                boolean raced = e.kind() == ClusterException.Kind.REFUSED && e.getMessage().contains("older than");
                if (!raced || attempt >= ATTEMPTS) {
                    throw NodeConnection.failure(e);
                }
            }
        }
    }

    /** Deletes status entries (fail counts) by id; the dry run schedules the CIB without them. */
    int deleteStatus(PrintWriter out, String done, XmlElement before, XmlElement after, List<String> ids) {
        if (ids.isEmpty()) {
            out.println(done + " (nothing to change)");
            return ExitCode.OK;
        }
        if (dryRun) {
            printDryRun(out, after);
            return ExitCode.OK;
        }
        StringBuilder xpath = new StringBuilder("/cib/status//nvpair[");
        for (int i = 0; i < ids.size(); i++) {
            xpath.append(i == 0 ? "" : " or ").append("@id='").append(ids.get(i).replace("'", "")).append("'");
        }
        xpath.append(']');
        try {
            String version = call("cib-delete", Map.of("xpath", xpath.toString()), null);
            out.println(done + "; CIB version " + version);
            return ExitCode.OK;
        } catch (ClusterException e) {
            throw NodeConnection.failure(e);
        }
    }

    private String call(String op, Map<String, String> attributes, XmlElement body) {
        try (org.pacer.cluster.LocalApiClient client = org.pacer.cluster.LocalApiClient.connect(node.socketPath())) {
            return client.call(op, attributes, body).child("written").orElseThrow().attr("version");
        }
    }

    /**
     * Refuses a change that makes the CIB invalid: a problem crm_verify would report that the CIB did not
     * have before, or a value the typed model cannot read.
     */
    static void validate(XmlElement before, XmlElement after) {
        Set<String> known = new HashSet<>();
        CibVerifier.verify(before).forEach(p -> known.add(p.path() + ": " + p.message()));
        for (CibVerifier.Problem problem : CibVerifier.verify(after)) {
            String text = problem.path() + ": " + problem.message();
            if (!known.contains(text)) {
                throw new CommandFailure(ExitCode.REFUSED, "refused, the CIB would be invalid: " + text
                        + " (nothing was changed)");
            }
        }
        try {
            Cib.of(after);
        } catch (CibException e) {
            throw new CommandFailure(ExitCode.REFUSED, "refused, the CIB would be invalid: " + e.getMessage()
                    + " (nothing was changed)");
        }
    }

    static void printDryRun(PrintWriter out, XmlElement after) {
        TransitionResult result;
        try {
            result = new Scheduler().schedule(after, Instant.now());
        } catch (SchedulerException e) {
            throw new CommandFailure(ExitCode.FAILED, "cannot simulate the change: " + e.getMessage());
        }
        out.println("Transition Summary:");
        if (result.summary().isEmpty()) {
            out.println("  (no resource would change)");
        }
        for (String line : result.summary()) {
            out.println("  " + line);
        }
        out.println("Dry run: the CIB was not changed.");
    }
}
