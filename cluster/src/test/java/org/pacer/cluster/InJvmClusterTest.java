package org.pacer.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pacer.cib.XmlElement;
import org.pacer.cib.XmlParser;

class InJvmClusterTest {
    @TempDir
    Path dir;

    private static CibOperation modify(String xml) {
        return new CibOperation.Modify(new XmlParser().parse(xml, "test"));
    }

    private static String write(ClusterNode node, String id, CibOperation op) throws Exception {
        return node.submit(id, op).get(20, TimeUnit.SECONDS);
    }

    @Test
    void threeNodesReplicateAndSurviveAPartition() throws Exception {
        try (LoopbackCluster cluster = new LoopbackCluster(dir, 3).startAll()) {
            cluster.awaitGroups(List.of(Set.of("n1", "n2", "n3")));
            NodeStatus first = cluster.node("n2").status();
            assertThat(first.quorum().quorate()).isTrue();
            assertThat(first.cib().path("status").orElseThrow().children("node_state")).hasSize(3);

            String v1 = write(cluster.node("n3"), "w1",
                    modify("<crm_config><cluster_property_set id='cib-bootstrap-options'/></crm_config>"));
            assertThat(v1).endsWith(".0");
            for (ClusterNode n : cluster.nodes.values()) {
                // Acknowledged means persisted on every member of the view: visible everywhere at once.
                assertThat(n.status().version().toString()).isEqualTo(v1);
                assertThat(n.status().cib().path("configuration", "crm_config", "cluster_property_set")).isPresent();
            }
            // A retried request is acknowledged without being applied a second time.
            assertThat(write(cluster.node("n1"), "w1",
                    modify("<crm_config><cluster_property_set id='cib-bootstrap-options'/></crm_config>"))).isEqualTo(v1);

            String minorityNode = cluster.node("n1").status().dc().equals("n3") ? "n1" : "n3";
            Set<String> majority = minorityNode.equals("n1") ? Set.of("n2", "n3") : Set.of("n1", "n2");
            cluster.partition(Set.of(minorityNode), majority);
            cluster.awaitGroups(List.of(Set.of(minorityNode), majority));
            assertThat(cluster.node(minorityNode).status().quorum().quorate()).isFalse();
            assertThatThrownBy(() -> write(cluster.node(minorityNode), "minority-config",
                    modify("<resources><primitive id='from-minority' class='ocf' provider='pacemaker' type='Dummy'/></resources>")))
                    .hasCauseInstanceOf(ClusterException.class)
                    .cause().satisfies(e -> assertThat(((ClusterException) e).kind()).isEqualTo(ClusterException.Kind.REFUSED))
                    .hasMessageContaining("no quorum");
            // Status changes stay possible without quorum: here the minority node's own resource history.
            String minorityId = minorityNode.substring(1);
            write(cluster.node(minorityNode), "minority-status", modify("<node_state id='" + minorityId
                    + "'><lrm id='" + minorityId + "'><lrm_resources/></lrm></node_state>"));
            String majorityNode = majority.iterator().next();
            write(cluster.node(majorityNode), "majority-config",
                    modify("<resources><primitive id='from-majority' class='ocf' provider='pacemaker' type='Dummy'/></resources>"));

            cluster.heal();
            cluster.awaitGroups(List.of(Set.of("n1", "n2", "n3")));
            XmlElement merged = cluster.node(minorityNode).status().cib();
            assertThat(merged.path("configuration", "resources").orElseThrow().children("primitive"))
                    .extracting(XmlElement::id).containsExactly("from-majority");
            // The merged status keeps what the minority node reported about itself.
            assertThat(CibDocuments.select(merged, "/cib/status/node_state[@id='" + minorityId + "']/lrm")).hasSize(1);
        }
    }

    @Test
    void fiveNodesLoseTheirDcToAMinorityAndMergeBack() throws Exception {
        try (LoopbackCluster cluster = new LoopbackCluster(dir, 5).startAll()) {
            Set<String> all = Set.of("n1", "n2", "n3", "n4", "n5");
            cluster.awaitGroups(List.of(all));
            String dc = cluster.node("n1").status().dc();
            String partner = all.stream().filter(n -> !n.equals(dc)).sorted().findFirst().orElseThrow();
            Set<String> minority = Set.of(dc, partner);
            Set<String> majority = all.stream().filter(n -> !minority.contains(n)).collect(java.util.stream.Collectors.toSet());
            cluster.partition(minority, majority);
            cluster.awaitGroups(List.of(minority, majority));
            assertThat(cluster.node(partner).status().quorum().quorate()).isFalse();
            String newDc = cluster.node(majority.iterator().next()).status().dc();
            assertThat(majority).contains(newDc);
            assertThat(cluster.node(newDc).status().cib().attr("dc-uuid")).isEqualTo(newDc.substring(1));
            for (String n : majority) {
                write(cluster.node(n), "from-" + n,
                        modify("<resources><primitive id='r-" + n + "' class='ocf' provider='pacemaker' type='Dummy'/></resources>"));
            }
            assertThatThrownBy(() -> write(cluster.node(dc), "old-dc-config", modify("<constraints><rsc_location id='l' rsc='x' node='n1' score='1'/></constraints>")))
                    .hasMessageContaining("no quorum");

            cluster.heal();
            cluster.awaitGroups(List.of(all));
            XmlElement merged = cluster.node(dc).status().cib();
            assertThat(CibDocuments.select(merged, "//primitive")).hasSize(3);
            assertThat(CibDocuments.select(merged, "//rsc_location")).isEmpty();
            assertThat(CibDocuments.select(merged, "/cib/status/node_state[@in_ccm='true']")).hasSize(5);
        }
    }

    @Test
    void strangerWithAnotherKeyNeverJoins() throws Exception {
        try (LoopbackCluster cluster = new LoopbackCluster(dir, 3)) {
            cluster.start("n1");
            cluster.start("n2");
            cluster.awaitGroups(List.of(Set.of("n1", "n2")));
            // n3 is a configured node name and address, but the process has a different key.
            ClusterKey wrong = ClusterKey.generate(new java.security.SecureRandom());
            try (ClusterNode stranger = new ClusterNode(cluster.config, "n3", wrong, dir.resolve("stranger"),
                    java.time.Duration.ofSeconds(2)).start()) {
                org.awaitility.Awaitility.await().during(java.time.Duration.ofSeconds(4))
                        .atMost(java.time.Duration.ofSeconds(6))
                        .until(() -> cluster.node("n1").status().members().equals(cluster.node("n2").status().members())
                                && !cluster.node("n1").status().members().contains("n3")
                                && stranger.status().members().equals(List.of("n3")));
                assertThatThrownBy(() -> stranger.submit("s1", modify("<nodes><node id='99' uname='intruder'/></nodes>")).get(10, TimeUnit.SECONDS))
                        .isInstanceOf(java.util.concurrent.ExecutionException.class);
                assertThat(cluster.node("n1").status().cib().path("configuration").orElseThrow())
                        .isEqualTo(cluster.node("n2").status().cib().path("configuration").orElseThrow());
            }
        }
    }
}
