package org.pacer.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs every shared Pacemaker scheduler case and compares our Transition Summary with Pacemaker's, printing a
 * per-family table. Fails when fewer cases pass than the baseline stored in the repository.
 */
class ConformanceTest {
    @Test
    void passesAtLeastTheBaselineOfSharedCases() throws IOException {
        String shared = System.getProperty("pacer.shared.dir");
        Path cases = shared == null ? null : Path.of(shared, "scheduler-cases");
        Assumptions.assumeTrue(cases != null && Files.isDirectory(cases.resolve("xml")),
                "shared scheduler cases not found (pacer.shared.dir=" + shared + "); skipping conformance");
        ConformanceRun run = ConformanceRun.over(cases);
        Map<String, int[]> families = new TreeMap<>();
        for (ConformanceRun.Outcome o : run.outcomes()) {
            int[] counts = families.computeIfAbsent(ConformanceRun.family(o.name()), k -> new int[2]);
            counts[1]++;
            if (o.passed()) {
                counts[0]++;
            }
        }
        StringBuilder table = new StringBuilder("\n| family | passed | total |\n|---|---|---|\n");
        families.forEach((f, c) -> table.append("| ").append(f).append(" | ").append(c[0]).append(" | ").append(c[1])
                .append(" |\n"));
        table.append("| **total** | ").append(run.passed()).append(" | ").append(run.outcomes().size()).append(" |\n");
        System.out.println(table);
        Path report = Path.of(System.getProperty("java.io.tmpdir"), "pacer-conformance-failures.txt");
        List<String> failed = new ArrayList<>();
        for (ConformanceRun.Outcome o : run.outcomes()) {
            if (!o.passed()) {
                failed.add(o.name() + "\t" + o.detail().replace('\n', '|'));
            }
        }
        Files.write(report, failed);
        int baseline = Integer.parseInt(Files.readString(Path.of("src/test/resources/conformance-baseline.txt")).trim());
        assertThat(run.passed()).as("cases passing (baseline %d); failures listed in %s", baseline, report)
                .isGreaterThanOrEqualTo(baseline);
    }
}
