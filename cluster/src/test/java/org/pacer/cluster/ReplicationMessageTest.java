package org.pacer.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class ReplicationMessageTest {
    private static ReplicationMessage roundTrip(ReplicationMessage message) {
        return ReplicationMessage.decode(ReplicationMessage.encode(message));
    }

    @Test
    void aRoundCarriesAllItsWritesAndAnswersTravelTogether() {
        ReplicationMessage.Commit round = new ReplicationMessage.Commit(7, 42, List.of("a", "b", "c"), "<diff/>");
        assertThat(roundTrip(round)).isEqualTo(round);
        ReplicationMessage.Results answers = new ReplicationMessage.Results(List.of(
                new ReplicationMessage.Result("a", null, "", "0.5.0"),
                new ReplicationMessage.Result("b", ClusterException.Kind.REFUSED, "no quorum", "")));
        assertThat(roundTrip(answers)).isEqualTo(answers);
    }

    @Test
    void aDamagedMessageIsAClusterException() {
        byte[] bytes = ReplicationMessage.encode(new ReplicationMessage.Commit(1, 2, List.of("x"), "<diff/>"));
        byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length - 3);
        assertThatThrownBy(() -> ReplicationMessage.decode(cut)).isInstanceOf(ClusterException.class)
                .hasMessageStartingWith("unreadable replication message");
    }
}
