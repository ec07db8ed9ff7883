package org.pacer.cluster.demo;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;

/**
 * The demo's real service: a tiny HTTP server on 127.0.0.1 that answers which node serves it. Started by
 * the {@code ocf:pacer:HttpService} agent; it dies with the pacerd that started it (it watches that pid),
 * as a service dies with its machine, so that killing a node process in the demo is a power loss.
 *
 * <p>Usage: {@code HttpService PORT NODE WATCH_PID READY_FILE}.
 */
public final class HttpService {
    private HttpService() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 4) {
            System.err.println("usage: HttpService PORT NODE WATCH_PID READY_FILE");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        String node = args[1];
        long watch = Long.parseLong(args[2]);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        byte[] body = ("pacer demo service on " + node + "\n").getBytes(StandardCharsets.UTF_8);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.start();
        Files.writeString(Path.of(args[3]), ProcessHandle.current().pid() + "\n");
        Optional<ProcessHandle> owner = ProcessHandle.of(watch);
        while (owner.isPresent() && owner.get().isAlive()) {
            Thread.sleep(50);
        }
        // The node is gone: so is its service.
        Runtime.getRuntime().halt(0);
    }
}
