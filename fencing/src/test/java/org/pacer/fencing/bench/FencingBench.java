package org.pacer.fencing.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.pacer.cib.model.Cib;
import org.pacer.fencing.FenceAction;
import org.pacer.fencing.FenceRequest;
import org.pacer.fencing.Fencer;
import org.pacer.fencing.FencingConfiguration;
import org.pacer.fencing.ProcessFenceAgentRunner;

/**
 * Fencing latency: from a fence request to its confirmation, with Pacer's fence_pacer_kill killing a fresh
 * process tree each run (what {@code pacer demo} does) and with Debian's fence_dummy. The first run of each
 * includes reading the agent's metadata; the others are reported as p50/p99.
 * Usage: FencingBench RUNS AGENTS_DIR
 */
public final class FencingBench {
    private FencingBench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = Integer.parseInt(args[0]);
        Path agents = Path.of(args[1]);
        Path dir = Files.createTempDirectory("pacer-fence-bench");
        Path pids = Files.createDirectories(dir.resolve("pids"));
        try (Fencer fencer = Fencer.start("bench", new ProcessFenceAgentRunner(
                List.of(agents, ProcessFenceAgentRunner.SYSTEM_AGENTS), Duration.ofSeconds(2)))) {
            fencer.configure(configuration("fence_pacer_kill", Map.of("pid_dir", pids.toString())));
            report("fence_pacer_kill reboot", measure(fencer, runs, () -> {
                Process node = new ProcessBuilder("sh", "-c", "sleep 600 & sleep 601 & wait").start();
                Files.writeString(pids.resolve("node1.pid"), node.pid() + "\n");
            }));
        }
        if (Files.isExecutable(ProcessFenceAgentRunner.SYSTEM_AGENTS.resolve("fence_dummy"))) {
            Path status = dir.resolve("dummy.status");
            Files.writeString(status, "on");
            try (Fencer fencer = Fencer.start("bench", new ProcessFenceAgentRunner(
                    List.of(ProcessFenceAgentRunner.SYSTEM_AGENTS), Duration.ofSeconds(2)))) {
                fencer.configure(configuration("fence_dummy", Map.of("status_file", status.toString())));
                report("fence_dummy reboot", measure(fencer, runs, () -> { }));
            }
        }
    }

    private interface Setup {
        void run() throws Exception;
    }

    private static FencingConfiguration configuration(String agent, Map<String, String> parameters) {
        StringBuilder pairs = new StringBuilder("<nvpair id=\"d-hl\" name=\"pcmk_host_list\" value=\"node1\"/>");
        parameters.forEach((name, value) -> pairs.append("<nvpair id=\"d-").append(name).append("\" name=\"")
                .append(name).append("\" value=\"").append(value).append("\"/>"));
        return FencingConfiguration.from(Cib.parse("<cib admin_epoch=\"0\" epoch=\"1\" num_updates=\"0\">"
                + "<configuration><crm_config/><nodes/><resources><primitive id=\"d\" class=\"stonith\" type=\""
                + agent + "\"><instance_attributes id=\"d-ia\">" + pairs + "</instance_attributes></primitive>"
                + "</resources><constraints/></configuration><status/></cib>", "bench"));
    }

    private static List<Double> measure(Fencer fencer, int runs, Setup setup) throws Exception {
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            setup.run();
            long start = System.nanoTime();
            fencer.fence(new FenceRequest("node1", FenceAction.REBOOT, "bench", Instant.now()))
                    .toCompletableFuture().get(60, TimeUnit.SECONDS);
            millis.add((System.nanoTime() - start) / 1e6);
        }
        return millis;
    }

    private static void report(String what, List<Double> millis) {
        double cold = millis.get(0);
        List<Double> warm = new ArrayList<>(millis.subList(1, millis.size()));
        Collections.sort(warm);
        System.out.printf("%-24s cold %6.1f ms   warm p50 %6.1f ms  p99 %6.1f ms  (%d runs)%n", what, cold,
                percentile(warm, 0.50), percentile(warm, 0.99), warm.size());
    }

    private static double percentile(List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
