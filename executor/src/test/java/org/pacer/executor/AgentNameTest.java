package org.pacer.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class AgentNameTest {
    @Test
    void parsesEachStandard() {
        assertThat(AgentName.parse("ocf:heartbeat:Dummy")).isEqualTo(new AgentName(Standard.OCF, "heartbeat", "Dummy"));
        assertThat(AgentName.parse("stonith:fence_dummy").toString()).isEqualTo("stonith:fence_dummy");
        assertThat(AgentName.parse("lsb:ssh").standard()).isEqualTo(Standard.LSB);
        assertThat(AgentName.parse("systemd:sshd.service").type()).isEqualTo("sshd.service");
        assertThat(AgentName.parse("service:cron").standard()).isEqualTo(Standard.SERVICE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ocf:../..:Dummy", "ocf:heartbeat:../../../bin/sh", "ocf:heartbeat:a/b", "ocf:heartbeat:..",
            "ocf:heartbeat:.hidden", "ocf:heart beat:Dummy", "ocf:heartbeat:", "ocf::Dummy", "stonith:/usr/bin/id",
            "lsb:a\nb", "nope:x", "ocf:Dummy", "lsb:p:x", "Dummy"})
    void refusesPathTricksAndMalformedNames(String name) {
        assertThatThrownBy(() -> AgentName.parse(name)).isInstanceOf(ExecutorException.class);
    }
}
