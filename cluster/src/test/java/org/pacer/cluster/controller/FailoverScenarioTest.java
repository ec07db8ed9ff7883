package org.pacer.cluster.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pacer.cluster.demo.DemoCib;
import org.pacer.cluster.demo.LocalCluster;

/** Three pacerd processes running the demo's service: failover after kill -9 goes through fencing. */
class FailoverScenarioTest {
    @TempDir
    Path dir;
    private LocalCluster cluster;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(300)).build();

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private String answer(int port) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                    .timeout(Duration.ofMillis(500)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body().strip() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @Test
    void killedNodeIsFencedThenServiceRunsElsewhere() throws Exception {
        Path base = System.getProperty("pacer.test.dir") != null ? Path.of(System.getProperty("pacer.test.dir")) : dir;
        cluster = LocalCluster.create(base.resolve("c"), 3, System.getProperty("java.home"), System.getProperty("java.class.path"));
        int port = LocalCluster.freePort();
        Path activity = base.resolve("activity.log");
        cluster.startAll();
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(100))
                .until(() -> cluster.members("node1").size() == 3);
        cluster.call("node1", "cib-modify", Map.of(), DemoCib.fragment(cluster, new DemoCib.Settings(port, activity,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), System.getProperty("java.class.path"), "1s")));
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(50)).until(() -> answer(port) != null);
        String first = answer(port);
        String victim = first.substring(first.lastIndexOf(' ') + 1);
        cluster.crash(victim);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> { String a = answer(port); return a != null && !a.endsWith(victim); });
        String survivor = cluster.nodes().stream().filter(n -> !n.equals(victim)).findFirst().orElseThrow();
        var history = cluster.call(survivor, "fence-history", Map.of("target", victim), null);
        assertThat(history.toString()).contains("status=\"success\"");
        List<String> lines = java.nio.file.Files.readAllLines(activity);
        assertThat(lines).isNotEmpty();
    }
}
