package org.pacer.scheduler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.pacer.cib.XmlParser;

import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * Differential test against Pacemaker: random small clusters (nodes, primitives, groups, clones, constraints,
 * failures, offline and standby nodes) are scheduled by us and by crm_simulate, and their Transition Summaries
 * compared. Skipped when crm_simulate is not installed. The agreement rate must stay above a floor; every
 * disagreement is printed with its seed so it can be replayed.
 */
class DifferentialTest {
    private static final boolean CRM = Files.isExecutable(Path.of("/usr/sbin/crm_simulate"))
            || Files.isExecutable(Path.of("/usr/bin/crm_simulate"));

    @Property(tries = 25, seed = "20261125")
    void summariesAgreeWithCrmSimulate(@ForAll @LongRange(min = 1, max = 1_000_000) long seed,
                                       @ForAll @IntRange(min = 2, max = 4) int nodes,
                                       @ForAll @IntRange(min = 1, max = 6) int primitives) throws Exception {
        Assume.that(CRM);
        CibGenerator.Shape shape = new CibGenerator.Shape(nodes, primitives, primitives >= 4 ? 1 : 0,
                primitives % 2, primitives, 0.5, 0.15, 0.2, 0.1);
        String xml = new CibGenerator(shape, seed).generate();
        Path file = Files.createTempFile("pacer-diff-", ".xml");
        try {
            Files.writeString(file, xml);
            List<String> expected = ConformanceRun.normalise(ConformanceRun.summaryLines(crmSimulate(file)));
            List<String> actual = ConformanceRun.normalise(
                    new Scheduler().schedule(new XmlParser().parse(file), Instant.now()).summary());
            boolean agree = expected.equals(actual);
            if (!agree) {
                System.out.println("differs (seed " + seed + ", " + nodes + " nodes, " + primitives
                        + " primitives): crm_simulate " + expected + " pacer " + actual);
            }
            Statistics.collect(agree ? "agree" : "differ");
            Statistics.coverage(c -> c.check("agree").percentage(p -> p >= 75.0));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static String crmSimulate(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("crm_simulate", "-S", "-x", file.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("crm_simulate timed out on " + file);
        }
        return out;
    }
}
