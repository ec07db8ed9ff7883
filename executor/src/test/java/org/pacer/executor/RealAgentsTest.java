package org.pacer.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The executor against real agent processes: Debian's agents, scripted misbehaving agents, Pacer's own. */
class RealAgentsTest {
    @TempDir
    Path tmp;
    TestAgents agents;
    AgentExecutor executor;

    @BeforeEach
    void setUp() {
        agents = new TestAgents(tmp.resolve("agents"));
        executor = new AgentExecutor(agents.config());
    }

    @AfterEach
    void tearDown() {
        executor.close();
    }

    private OperationResult run(OperationRequest request) {
        return executor.submit(request).toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
    }

    private static OperationRequest op(String rsc, String agent, String action, Map<String, String> params) {
        return OperationRequest.of(rsc, AgentName.parse(agent), action).withParams(params);
    }

    @Test
    void heartbeatDummyGoesThroughAWholeCycleWithItsStateFile() {
        Path state = tmp.resolve("dummy.state");
        Map<String, String> params = Map.of("state", state.toString());
        assertThat(run(op("d1", "ocf:heartbeat:Dummy", "monitor", params)).resultCode()).isEqualTo(ResultCode.NOT_RUNNING);
        OperationResult start = run(op("d1", "ocf:heartbeat:Dummy", "start", params));
        assertThat(start.resultCode()).isEqualTo(ResultCode.OK);
        assertThat(start.status()).isEqualTo(ExecStatus.DONE);
        assertThat(state).exists();
        assertThat(run(op("d1", "ocf:heartbeat:Dummy", "monitor", params)).resultCode()).isEqualTo(ResultCode.OK);
        assertThat(run(op("d1", "ocf:heartbeat:Dummy", "stop", params)).resultCode()).isEqualTo(ResultCode.OK);
        assertThat(state).doesNotExist();
        assertThat(run(op("d1", "ocf:heartbeat:Dummy", "monitor", params)).resultCode()).isEqualTo(ResultCode.NOT_RUNNING);
    }

    @Test
    void heartbeatDummyMetadataIsParsed() {
        AgentMetadata meta = executor.metadata(AgentName.parse("ocf:heartbeat:Dummy"));
        assertThat(meta.name()).isEqualTo("Dummy");
        assertThat(meta.parameter("state")).isPresent();
        assertThat(meta.hasAction("validate-all")).isTrue();
        assertThat(meta.actions()).anySatisfy(a -> {
            assertThat(a.name()).isEqualTo("start");
            assertThat(a.timeout()).isEqualTo(Duration.ofSeconds(20));
        });
    }

    @Test
    void fenceDummyPowersOffAndOnThroughStandardInput() {
        Map<String, String> params = Map.of("status_file", tmp.resolve("fence.status").toString());
        assertThat(run(op("f1", "stonith:fence_dummy", "off", params)).resultCode()).isEqualTo(ResultCode.OK);
        OperationResult off = run(op("f1", "stonith:fence_dummy", "status", params));
        assertThat(off.resultCode()).isEqualTo(ResultCode.NOT_RUNNING);
        assertThat(off.stdout()).contains("Status: OFF");
        assertThat(run(op("f1", "stonith:fence_dummy", "on", params)).resultCode()).isEqualTo(ResultCode.OK);
        assertThat(run(op("f1", "stonith:fence_dummy", "status", params)).stdout()).contains("Status: ON");
        assertThat(run(op("f1", "stonith:fence_dummy", "monitor", params)).resultCode()).isEqualTo(ResultCode.OK);
        // fence_dummy has no port list: Pacemaker's agent refuses "list", and we report that as an error.
        OperationResult list = run(op("f1", "stonith:fence_dummy", "list", params));
        assertThat(list.resultCode()).isEqualTo(ResultCode.GENERIC_ERROR);
        assertThat(list.stderr()).contains("Unrecognised action 'list'");
        AgentMetadata meta = executor.metadata(AgentName.parse("stonith:fence_dummy"));
        assertThat(meta.parameter("status_file").map(AgentMetadata.Parameter::defaultValue)).contains("/tmp/fence_dummy.status");
        assertThat(meta.hasAction("off")).isTrue();
    }

    @Test
    void aHangingAgentIsKilledAtItsTimeoutWithNothingLeft() {
        String marker = "4242" + ProcessHandle.current().pid() + "1";
        // The agent starts a child that ignores SIGTERM, then hangs itself: only SIGKILL to the group ends both.
        AgentName hang = agents.ocf("Hang", "(trap '' TERM; exec sleep " + marker + ") &\nsleep " + marker + "\n");
        long started = System.nanoTime();
        OperationResult result = run(op("h1", hang.toString(), "start", Map.of()).withTimeout(Duration.ofMillis(700)));
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        assertThat(result.status()).isEqualTo(ExecStatus.TIMED_OUT);
        assertThat(result.outcome()).isEqualTo("timed out");
        assertThat(tookMs).isBetween(600L, 10_000L);
        assertThat(TestAgents.processesWith("sleep " + marker)).isEmpty();
    }

    @Test
    void aDaemonKeepingTheOutputOpenDoesNotHoldTheResult() {
        String marker = "4343" + ProcessHandle.current().pid() + "2";
        AgentName forker = agents.ocf("Forker", "echo started\nsleep " + marker + " &\nexit 0\n");
        long started = System.nanoTime();
        OperationResult result = run(op("f2", forker.toString(), "start", Map.of()).withTimeout(Duration.ofSeconds(20)));
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        assertThat(result.resultCode()).isEqualTo(ResultCode.OK);
        assertThat(result.stdout()).isEqualTo("started\n");
        List<String> daemons = TestAgents.processesWith("sleep " + marker);
        // The daemon is the resource's business and stays; we clean it up (its group is the agent's session).
        daemons.forEach(line -> AgentProcess.signalGroup(Long.parseLong(line.trim().split("\\s+")[1]), "KILL"));
        assertThat(tookMs).isLessThan(5_000);
        assertThat(daemons).hasSize(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> TestAgents.processesWith("sleep " + marker).isEmpty());
    }

    @Test
    void parametersArriveUnchangedWithoutAShellAndTheOcfEnvironmentIsSet() throws IOException {
        Path out = tmp.resolve("env.out");
        AgentName printer = agents.ocf("Printer", "printf '%s' \"$OCF_RESKEY_value\" > \"$OCF_RESKEY_out\"\n"
                + "env | grep '^OCF_' | sort > \"$OCF_RESKEY_out.env\"\n");
        String nasty = "$(touch /tmp/pwned) `id` ; rm -rf x | & > < * ' \" \\ \n second line $HOME";
        OperationRequest request = op("p1", printer.toString(), "start", Map.of("value", nasty, "out", out.toString()))
                .withMeta(Map.of("clone-max", "2")).withTimeout(Duration.ofSeconds(15));
        assertThat(run(request).resultCode()).isEqualTo(ResultCode.OK);
        assertThat(Files.readString(out)).isEqualTo(nasty);
        assertThat(Files.readAllLines(Path.of(out + ".env"))).contains(
                "OCF_RESOURCE_INSTANCE=p1", "OCF_RESOURCE_TYPE=Printer", "OCF_RESOURCE_PROVIDER=test",
                "OCF_ROOT=/usr/lib/ocf", "OCF_FUNCTIONS_DIR=/usr/lib/ocf/lib/heartbeat",
                "OCF_RESKEY_CRM_meta_timeout=15000", "OCF_RESKEY_CRM_meta_interval=0", "OCF_RESKEY_CRM_meta_clone_max=2",
                "OCF_RA_VERSION_MAJOR=1");
        assertThat(Path.of("/tmp/pwned")).doesNotExist();
    }

    @Test
    void aMissingAgentIsNotInstalled() {
        OperationResult result = run(op("m1", "ocf:heartbeat:NoSuchAgent", "start", Map.of()));
        assertThat(result.resultCode()).isEqualTo(ResultCode.NOT_INSTALLED);
        assertThat(result.status()).isEqualTo(ExecStatus.NOT_INSTALLED);
        assertThat(result.outcome()).isEqualTo("not installed");
        assertThat(result.exitReason()).contains("ocf:heartbeat:NoSuchAgent is not installed", "/usr/lib/ocf/resource.d/heartbeat");
    }

    @Test
    void exitCodesAndExitReasonsAreMapped() {
        AgentName broken = agents.ocf("Broken", "echo 'ocf-exit-reason:disk on fire' >&2\nexit 6\n");
        OperationResult result = run(op("b1", broken.toString(), "monitor", Map.of()));
        assertThat(result.resultCode()).isEqualTo(ResultCode.NOT_CONFIGURED);
        assertThat(result.exitReason()).isEqualTo("disk on fire");
        AgentName odd = agents.ocf("Odd", "exit 42\n");
        assertThat(run(op("o1", odd.toString(), "monitor", Map.of())).resultCode()).isEqualTo(ResultCode.GENERIC_ERROR);
    }

    @Test
    void validateAllRunsBeforeTheFirstStart() {
        Path state = tmp.resolve("no-such-dir/x.state");
        AgentExecutor pacer = new AgentExecutor(agents.config().withPacerAgents(TestAgents.pacerAgents()));
        try {
            OperationResult start = pacer.submit(op("v1", "ocf:pacer:Dummy", "start", Map.of("state", state.toString())))
                    .toCompletableFuture().join();
            assertThat(start.resultCode()).isEqualTo(ResultCode.NOT_CONFIGURED);
            assertThat(start.exitReason()).contains("validate-all failed", "does not exist");
        } finally {
            pacer.close();
        }
    }

    @Test
    void pacerDummyAndStatefulAgents() {
        AgentExecutor pacer = new AgentExecutor(agents.config().withPacerAgents(TestAgents.pacerAgents()));
        try {
            Map<String, String> dummy = Map.of("state", tmp.resolve("d.state").toString());
            assertThat(pacer.submit(op("pd", "ocf:pacer:Dummy", "start", dummy)).toCompletableFuture().join().rc()).isZero();
            assertThat(pacer.submit(op("pd", "ocf:pacer:Dummy", "monitor", dummy)).toCompletableFuture().join().rc()).isZero();
            Map<String, String> failing = Map.of("state", tmp.resolve("d.state").toString(), "fail_monitor", "1");
            OperationResult failed = pacer.submit(op("pd", "ocf:pacer:Dummy", "monitor", failing)).toCompletableFuture().join();
            assertThat(failed.resultCode()).isEqualTo(ResultCode.GENERIC_ERROR);
            assertThat(failed.exitReason()).contains("injected");
            Map<String, String> stateful = Map.of("state", tmp.resolve("s.state").toString());
            assertThat(pacer.submit(op("ps", "ocf:pacer:Stateful", "monitor", stateful)).toCompletableFuture().join().rc()).isEqualTo(7);
            assertThat(pacer.submit(op("ps", "ocf:pacer:Stateful", "start", stateful)).toCompletableFuture().join().rc()).isZero();
            assertThat(pacer.submit(op("ps", "ocf:pacer:Stateful", "promote", stateful)).toCompletableFuture().join().rc()).isZero();
            assertThat(pacer.submit(op("ps", "ocf:pacer:Stateful", "monitor", stateful)).toCompletableFuture().join().resultCode())
                    .isEqualTo(ResultCode.RUNNING_PROMOTED);
            assertThat(pacer.submit(op("ps", "ocf:pacer:Stateful", "demote", stateful)).toCompletableFuture().join().rc()).isZero();
            assertThat(pacer.submit(op("ps", "ocf:pacer:Stateful", "monitor", stateful)).toCompletableFuture().join().rc()).isZero();
        } finally {
            pacer.close();
        }
    }

    @Test
    void fencePacerKillPowersOffATestNodesProcessTree() throws IOException {
        String marker = "4545" + ProcessHandle.current().pid() + "3";
        Path pids = Files.createDirectories(tmp.resolve("nodes"));
        Process node = new ProcessBuilder("setsid", "sh", "-c", "sleep " + marker + " & sleep " + marker + "; wait").start();
        Files.writeString(pids.resolve("node1.pid"), Long.toString(node.pid()));
        await().atMost(Duration.ofSeconds(5)).until(() -> TestAgents.processesWith("sleep " + marker).size() >= 2);
        AgentExecutor pacer = new AgentExecutor(agents.config().withPacerAgents(TestAgents.pacerAgents()));
        try {
            Map<String, String> params = Map.of("pid_dir", pids.toString(), "plug", "node1");
            assertThat(pacer.submit(op("fk", "stonith:fence_pacer_kill", "status", params)).toCompletableFuture().join().rc()).isZero();
            assertThat(pacer.submit(op("fk", "stonith:fence_pacer_kill", "list", params)).toCompletableFuture().join().stdout())
                    .contains("node1");
            assertThat(pacer.submit(op("fk", "stonith:fence_pacer_kill", "off", params)).toCompletableFuture().join().rc()).isZero();
            assertThat(TestAgents.processesWith("sleep " + marker)).isEmpty();
            assertThat(pacer.submit(op("fk", "stonith:fence_pacer_kill", "status", params)).toCompletableFuture().join().resultCode())
                    .isEqualTo(ResultCode.NOT_RUNNING);
        } finally {
            pacer.close();
            AgentProcess.signalGroup(node.pid(), "KILL"); // the whole test node, should the agent have failed
        }
    }

    @Test
    void lsbScriptsUseStatusAndTheirCodesAreMapped() {
        Path initDir = tmp.resolve("init.d");
        Path flag = tmp.resolve("svc.running");
        TestAgents.write(initDir.resolve("svc"), "#!/bin/sh\ncase \"$1\" in\n"
                + "start) touch " + flag + " ;;\nstop) rm -f " + flag + " ;;\n"
                + "status) [ -f " + flag + " ] && exit 0; exit 3 ;;\n*) exit 3 ;;\nesac\n");
        ExecutorConfig config = agents.config();
        AgentExecutor lsb = new AgentExecutor(new ExecutorConfig(config.ocfRoot(), config.pacerAgents(), config.fenceDirs(),
                initDir, 2, config.killGrace(), config.outputLimit(), config.workDir()));
        try {
            AgentName svc = AgentName.parse("lsb:svc");
            assertThat(lsb.submit(OperationRequest.of("s1", svc, "monitor")).toCompletableFuture().join().resultCode())
                    .isEqualTo(ResultCode.NOT_RUNNING);
            assertThat(lsb.submit(OperationRequest.of("s1", svc, "start")).toCompletableFuture().join().rc()).isZero();
            assertThat(lsb.submit(OperationRequest.of("s1", svc, "monitor")).toCompletableFuture().join().rc()).isZero();
            assertThat(lsb.submit(OperationRequest.of("s1", AgentName.parse("service:svc"), "stop")).toCompletableFuture()
                    .join().rc()).isZero();
            assertThat(flag).doesNotExist();
        } finally {
            lsb.close();
        }
    }
}
