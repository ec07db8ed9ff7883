package org.pacer.executor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The actions and standards beyond start, stop and monitor: OCF reload, notify and migration with their meta
 * variables; systemd units through a systemctl (a real script standing in for systemd, which does not run on test
 * machines); service resources choosing between an LSB script and systemd; systemd refused clearly where it does not run.
 */
class AgentStandardsTest {
    @TempDir
    Path tmp;

    private static OperationResult run(AgentExecutor executor, OperationRequest request) {
        return executor.submit(request).toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
    }

    /** A systemctl that keeps unit state in files beside a log of its arguments; it knows web and db, no other unit. */
    private Path fakeSystemctl() {
        Path units = tmp.resolve("units");
        Path systemctl = tmp.resolve("bin/systemctl");
        TestAgents.write(systemctl, "#!/bin/sh\necho \"$*\" >> " + tmp.resolve("systemctl.log") + "\n"
                + "[ \"$2\" = -- ] || exit 2\n"
                + "case \"$3\" in web.service|db.service) ;; *) echo \"Unit $3 not found.\" >&2; exit 5 ;; esac\n"
                + "mkdir -p " + units + "\n"
                + "case \"$1\" in\n"
                + "  start) touch " + units + "/$3 ;;\n"
                + "  stop) rm -f " + units + "/$3 ;;\n"
                + "  reload) [ -f " + units + "/$3 ] || exit 1 ;;\n"
                + "  is-active) [ -f " + units + "/$3 ] && { echo active; exit 0; }; echo inactive; exit 3 ;;\n"
                + "  *) exit 1 ;;\n"
                + "esac\n");
        return systemctl;
    }

    private List<String> systemctlCalls() throws IOException {
        Path log = tmp.resolve("systemctl.log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    private ExecutorConfig withSystemd(boolean running) throws IOException {
        Path runtime = tmp.resolve("run/systemd/system");
        if (running) {
            Files.createDirectories(runtime);
        }
        return new TestAgents(tmp.resolve("agents")).config().withSystemd(fakeSystemctl(), runtime);
    }

    @Test
    void systemdUnitsRunThroughSystemctlWithTheirCodesMapped() throws IOException {
        try (AgentExecutor executor = new AgentExecutor(withSystemd(true))) {
            AgentName web = AgentName.parse("systemd:web");
            assertThat(run(executor, OperationRequest.of("w1", web, "monitor")).resultCode()).isEqualTo(ResultCode.NOT_RUNNING);
            assertThat(run(executor, OperationRequest.of("w1", web, "start")).resultCode()).isEqualTo(ResultCode.OK);
            assertThat(run(executor, OperationRequest.of("w1", web, "monitor")).resultCode()).isEqualTo(ResultCode.OK);
            assertThat(run(executor, OperationRequest.of("w1", web, "reload")).resultCode()).isEqualTo(ResultCode.OK);
            assertThat(run(executor, OperationRequest.of("w1", web, "stop")).resultCode()).isEqualTo(ResultCode.OK);
            assertThat(run(executor, OperationRequest.of("w1", web, "monitor")).resultCode()).isEqualTo(ResultCode.NOT_RUNNING);
            OperationResult missing = run(executor, OperationRequest.of("m1", AgentName.parse("systemd:nosuch"), "start"));
            assertThat(missing.resultCode()).isEqualTo(ResultCode.NOT_INSTALLED);
            assertThat(missing.stderr()).contains("Unit nosuch.service not found");

            OperationResult promote = run(executor, OperationRequest.of("w1", web, "promote"));
            assertThat(promote.resultCode()).isEqualTo(ResultCode.UNIMPLEMENTED);
            assertThat(promote.status()).isEqualTo(ExecStatus.NOT_SUPPORTED);
            assertThat(systemctlCalls()).containsExactly("is-active -- web.service", "start -- web.service",
                    "is-active -- web.service", "reload -- web.service", "stop -- web.service", "is-active -- web.service",
                    "start -- nosuch.service");

            AgentMetadata meta = executor.metadata(web);
            assertThat(meta.shortDescription()).contains("web.service");
            assertThat(meta.actions()).extracting(AgentMetadata.Action::name)
                    .contains("start", "stop", "status", "monitor", "meta-data");
        }
    }

    @Test
    void systemdIsRefusedClearlyWhereItDoesNotRun() throws IOException {
        try (AgentExecutor executor = new AgentExecutor(withSystemd(false))) {
            OperationResult result = run(executor, OperationRequest.of("w1", AgentName.parse("systemd:web"), "start"));
            assertThat(result.resultCode()).isEqualTo(ResultCode.NOT_INSTALLED);
            assertThat(result.exitReason()).contains("systemd is not running on this node");
            OperationResult service = run(executor, OperationRequest.of("s1", AgentName.parse("service:web"), "start"));
            assertThat(service.resultCode()).isEqualTo(ResultCode.NOT_INSTALLED);
            assertThat(service.exitReason()).contains("init.d").contains("systemd is not running on this node");
            assertThat(systemctlCalls()).isEmpty();
        }
    }

    @Test
    void aServiceIsItsLsbScriptWhenThereIsOneElseItsSystemdUnit() throws IOException {
        Path initDir = tmp.resolve("init.d");
        Path lsbLog = tmp.resolve("lsb.log");
        TestAgents.write(initDir.resolve("db"), "#!/bin/sh\necho \"$1\" >> " + lsbLog + "\n"
                + "case \"$1\" in start|stop|reload) exit 0 ;; status) exit 3 ;; *) exit 3 ;; esac\n");
        ExecutorConfig base = withSystemd(true);
        ExecutorConfig config = new ExecutorConfig(base.ocfRoot(), base.pacerAgents(), base.fenceDirs(), initDir,
                base.parallelism(), base.killGrace(), base.outputLimit(), base.workDir(), base.systemctl(), base.systemdRuntime());
        try (AgentExecutor executor = new AgentExecutor(config)) {
            AgentName db = AgentName.parse("service:db");
            assertThat(run(executor, OperationRequest.of("d1", db, "start")).resultCode()).isEqualTo(ResultCode.OK);
            assertThat(run(executor, OperationRequest.of("d1", db, "reload")).resultCode()).isEqualTo(ResultCode.OK);
            assertThat(run(executor, OperationRequest.of("d1", db, "monitor")).resultCode()).isEqualTo(ResultCode.NOT_RUNNING);
            assertThat(Files.readAllLines(lsbLog)).containsExactly("start", "reload", "status");

            AgentName web = AgentName.parse("service:web");
            assertThat(run(executor, OperationRequest.of("w1", web, "start")).resultCode()).isEqualTo(ResultCode.OK);
            assertThat(run(executor, OperationRequest.of("w1", web, "monitor")).resultCode()).isEqualTo(ResultCode.OK);
            assertThat(systemctlCalls()).containsExactly("start -- web.service", "is-active -- web.service");
            assertThat(executor.metadata(web).shortDescription()).contains("web.service");
        }
    }

    @Test
    void reloadNotifyAndMigrationReachTheOcfAgentWithTheirMetaVariables() throws IOException {
        TestAgents agents = new TestAgents(tmp.resolve("agents"));
        Path log = tmp.resolve("actions.log");
        AgentName agent = agents.ocf("Migratable", "echo \"$1 type=$OCF_RESKEY_CRM_meta_notify_type"
                + " op=$OCF_RESKEY_CRM_meta_notify_operation source=$OCF_RESKEY_CRM_meta_migrate_source"
                + " target=$OCF_RESKEY_CRM_meta_migrate_target\" >> " + log + "\nexit 0");
        try (AgentExecutor executor = new AgentExecutor(agents.config())) {
            assertThat(run(executor, OperationRequest.of("m1", agent, "reload")).rc()).isZero();
            assertThat(run(executor, OperationRequest.of("m1", agent, "notify")
                    .withMeta(Map.of("notify_type", "pre", "notify_operation", "start"))).rc()).isZero();
            Map<String, String> migration = Map.of("migrate_source", "node1", "migrate_target", "node2");
            assertThat(run(executor, OperationRequest.of("m1", agent, "migrate_to").withMeta(migration)).rc()).isZero();
            assertThat(run(executor, OperationRequest.of("m1", agent, "migrate_from").withMeta(migration)).rc()).isZero();
        }
        assertThat(Files.readAllLines(log)).containsExactly(
                "reload type= op= source= target=",
                "notify type=pre op=start source= target=",
                "migrate_to type= op= source=node1 target=node2",
                "migrate_from type= op= source=node1 target=node2");
    }
}
