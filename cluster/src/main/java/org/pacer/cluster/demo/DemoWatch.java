package org.pacer.cluster.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.pacer.cib.XmlElement;

/** Reading the demo cluster's state: where resources are active (from the CIB), and the HTTP service. */
public final class DemoWatch {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(300)).build();

    private DemoWatch() {
    }

    /** The node named by the service's answer on 127.0.0.1:port, or empty when it does not answer. */
    public static Optional<String> httpNode(int port) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                    .timeout(Duration.ofMillis(500)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return Optional.empty();
            }
            String body = r.body().strip();
            return Optional.of(body.substring(body.lastIndexOf(' ') + 1));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /**
     * Nodes where the CIB says {@code resource} is active: its last one-shot operation there succeeded and
     * was a start, promote or a probe that found it running.
     */
    public static List<String> activeOn(XmlElement cib, String resource) {
        List<String> nodes = new ArrayList<>();
        XmlElement status = cib.child("status").orElse(null);
        if (status == null) {
            return nodes;
        }
        for (XmlElement ns : status.children("node_state")) {
            if (!"true".equals(ns.attr("in_ccm"))) {
                continue;
            }
            ns.path("lrm", "lrm_resources").ifPresent(lr -> lr.children("lrm_resource").stream()
                    .filter(r -> resource.equals(r.id())).forEach(r -> r.children("lrm_rsc_op").stream()
                            .filter(op -> (resource + "_last_0").equals(op.id())).forEach(op -> {
                                String task = op.attr("operation", "");
                                boolean ok = "0".equals(op.attr("op-status")) && ("0".equals(op.attr("rc-code"))
                                        || "8".equals(op.attr("rc-code")));
                                if (ok && !task.equals("stop")) {
                                    nodes.add(ns.attr("uname"));
                                }
                            })));
        }
        return nodes;
    }

    /** The node where {@code resource}'s start is recorded pending or done, if any (its last operation). */
    public static Optional<String> startingOn(XmlElement cib, String resource) {
        XmlElement status = cib.child("status").orElse(null);
        if (status == null) {
            return Optional.empty();
        }
        for (XmlElement ns : status.children("node_state")) {
            boolean starting = ns.path("lrm", "lrm_resources").map(lr -> lr.children("lrm_resource").stream()
                    .filter(r -> resource.equals(r.id())).flatMap(r -> r.children("lrm_rsc_op").stream())
                    .anyMatch(op -> (resource + "_last_0").equals(op.id()) && "start".equals(op.attr("operation"))))
                    .orElse(false);
            if (starting && "true".equals(ns.attr("in_ccm"))) {
                return Optional.of(ns.attr("uname"));
            }
        }
        return Optional.empty();
    }
}
