package org.pacer.scheduler;

import java.util.List;

/**
 * What one scheduling run decided: the Transition Summary lines (as crm_simulate prints them, without the leading
 * indentation), the transition graph, the cluster status before and after, rendered as crm_simulate does, and the
 * allocation scores.
 */
public record TransitionResult(List<String> summary, TransitionGraph graph, String currentStatus,
                               String revisedStatus, List<String> scores) {
    public TransitionResult {
        summary = List.copyOf(summary);
        scores = List.copyOf(scores);
    }

    /** The full crm_simulate -S style report. */
    public String report() {
        StringBuilder out = new StringBuilder();
        out.append("Current cluster status:\n").append(currentStatus).append('\n');
        out.append("Transition Summary:\n");
        for (String line : summary) {
            out.append("  ").append(line).append('\n');
        }
        out.append('\n').append("Executing Cluster Transition:\n");
        for (TransitionGraph.GraphAction a : graph.actions()) {
            out.append("  * ").append(a.describe()).append('\n');
        }
        out.append('\n').append("Revised Cluster Status:\n").append(revisedStatus);
        return out.toString();
    }
}
