package org.pacer.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pacer.cib.XmlElement;
import org.pacer.cib.XmlParser;

class LocalApiTest {
    @TempDir
    Path dir;

    @Test
    void onlyAdministratorsMayReadTheCibOrChangeIt() {
        try (LoopbackCluster cluster = new LoopbackCluster(dir, 1).startAll();
             LocalApiServer api = new LocalApiServer(dir.resolve("api.sock"), cluster.node("n1"), () -> { })) {
            cluster.awaitGroups(List.of(Set.of("n1")));
            PeerCredentials stranger = new PeerCredentials("mallory", "users", false);
            XmlElement fragment = new XmlParser().parse("<nodes><node id='1' uname='n1'/></nodes>", "t");
            assertThat(api.answer(LocalApi.request("members", Map.of(), null), stranger).attr("status")).isEqualTo("ok");
            XmlElement refused = api.answer(LocalApi.request("cib-modify", Map.of(), fragment), stranger);
            assertThat(refused.attr("status")).isEqualTo("refused");
            assertThat(refused.attr("message"))
                    .isEqualTo("user 'mallory' may not cib-modify: only root and members of group 'haclient' may");
            assertThat(api.answer(LocalApi.request("cib-query", Map.of(), null), stranger).attr("status")).isEqualTo("refused");
            assertThat(api.answer(XmlElement.of("request", Map.of("version", "9", "op", "members")), stranger).attr("message"))
                    .contains("this pacerd speaks version 1");

            // Over the socket this test's own user is the daemon's user, so it may write.
            try (LocalApiClient client = LocalApiClient.connect(api.socket())) {
                XmlElement written = client.call("cib-modify", Map.of("request-id", "once"), fragment).child("written").orElseThrow();
                assertThat(written.attr("version")).isEqualTo("0.1.0");
                assertThat(client.call("cib-query", Map.of("xpath", "//node"), null).child("cib-copy").orElseThrow().children())
                        .extracting(XmlElement::id).containsExactly("1");
                assertThatThrownBy(() -> client.call("cib-delete", Map.of("xpath", "//primitive"), null))
                        .isInstanceOf(ClusterException.class).hasMessage("--xpath '//primitive' selects nothing")
                        .satisfies(e -> assertThat(((ClusterException) e).kind()).isEqualTo(ClusterException.Kind.NOT_FOUND));
            }
        }
        assertThatThrownBy(() -> LocalApiClient.connect(dir.resolve("api.sock")))
                .satisfies(e -> assertThat(((ClusterException) e).kind()).isEqualTo(ClusterException.Kind.NO_CONNECTION));
    }
}
