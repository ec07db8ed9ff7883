package org.pacer.cluster;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.pacer.cib.CibException;
import org.pacer.cib.XmlElement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the local API on a Unix domain socket: one thread per connection, requests answered in order.
 * Callers that {@link PeerCredentials} do not allow to write may only ask for membership and quorum.
 */
public final class LocalApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalApiServer.class);
    private static final Set<String> OPEN_TO_ALL = Set.of("members", "quorum");

    private final Path socket;
    private final ClusterNode node;
    private final Runnable shutdown;
    private final ServerSocketChannel server;
    private final ExecutorService connections = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "pacerd-api");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean open = true;
    private final Map<String, java.util.function.Function<XmlElement, XmlElement>> extraOperations =
            new java.util.concurrent.ConcurrentHashMap<>();

    public LocalApiServer(Path socket, ClusterNode node, Runnable shutdown) {
        this.socket = socket;
        this.node = node;
        this.shutdown = shutdown;
        try {
            Files.deleteIfExists(socket);
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            // Anyone may connect and ask about membership; SO_PEERCRED decides the rest.
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
        } catch (IOException e) {
            throw new ClusterException(socket + ": cannot listen: " + e.getMessage(), e);
        }
        Thread acceptor = new Thread(this::accept, "pacerd-api-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * Serves another operation (the controller's): the handler gets the request and returns the result
     * element, or throws a {@link ClusterException}. Only callers allowed to write may use it.
     */
    public void register(String op, java.util.function.Function<XmlElement, XmlElement> handler) {
        extraOperations.put(op, handler);
    }

    public Path socket() {
        return socket;
    }

    private void accept() {
        while (open) {
            try {
                SocketChannel channel = server.accept();
                connections.execute(() -> serve(channel));
            } catch (IOException e) {
                if (open) {
                    LOG.warn("{}: accept failed: {}", socket, e.getMessage());
                }
                return;
            }
        }
    }

    private void serve(SocketChannel channel) {
        PeerCredentials peer = PeerCredentials.of(channel);
        try (channel) {
            while (open) {
                XmlElement request;
                try {
                    request = LocalApi.read(channel, "request");
                } catch (CibException e) {
                    LocalApi.write(channel, LocalApi.failure(ClusterException.Kind.FAILED, e.getMessage()));
                    return;
                }
                if (request == null) {
                    return;
                }
                XmlElement response = answer(request, peer);
                LocalApi.write(channel, response);
                if ("shutdown".equals(request.attr("op")) && "ok".equals(response.attr("status"))) {
                    // Only after the caller has its answer: stopping closes this connection.
                    Thread stopper = new Thread(shutdown, "pacerd-shutdown");
                    stopper.start();
                    return;
                }
            }
        } catch (IOException e) {
            LOG.debug("client connection ended: {}", e.getMessage());
        }
    }

    XmlElement answer(XmlElement request, PeerCredentials peer) {
        String op = request.attr("op", "");
        if (!request.name().equals("request") || !LocalApi.VERSION.equals(request.attr("version"))) {
            return LocalApi.failure(ClusterException.Kind.FAILED, "unsupported request (this pacerd speaks version "
                    + LocalApi.VERSION + ")");
        }
        if (!OPEN_TO_ALL.contains(op) && !peer.mayWrite()) {
            return LocalApi.failure(ClusterException.Kind.REFUSED, "user '" + peer.user() + "' may not " + op
                    + ": only root and members of group '" + PeerCredentials.ADMIN_GROUP + "' may");
        }
        try {
            return switch (op) {
                case "members", "quorum" -> LocalApi.ok(List.of(members(node.status())));
                case "cib-query" -> LocalApi.ok(List.of(query(node.status(), request.attr("xpath"))));
                case "cib-replace" -> write(request, new CibOperation.Replace(body(request, "cib-replace")));
                case "cib-modify" -> write(request, new CibOperation.Modify(body(request, "cib-modify")));
                case "cib-delete" -> write(request, new CibOperation.Delete(required(request, "xpath")));
                case "shutdown" -> {
                    LOG.info("shutdown requested by user {}", peer.user());
                    yield LocalApi.ok(List.of());
                }
                default -> {
                    java.util.function.Function<XmlElement, XmlElement> extra = extraOperations.get(op);
                    yield extra != null ? LocalApi.ok(List.of(extra.apply(request)))
                            : LocalApi.failure(ClusterException.Kind.FAILED, "unknown operation '" + op + "'");
                }
            };
        } catch (ClusterException e) {
            return LocalApi.failure(e.kind(), e.getMessage());
        } catch (CibException e) {
            return LocalApi.failure(ClusterException.Kind.FAILED, e.getMessage());
        }
    }

    static XmlElement members(NodeStatus s) {
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("node", s.node());
        attrs.put("dc", s.dc() == null ? "" : s.dc());
        attrs.put("quorate", Boolean.toString(s.quorum().quorate()));
        attrs.put("votes", Integer.toString(s.quorum().votes()));
        attrs.put("expected-votes", Integer.toString(s.quorum().expectedVotes()));
        attrs.put("waiting-for-all", Boolean.toString(s.quorum().waitingForAll()));
        attrs.put("synced", Boolean.toString(s.synced()));
        List<XmlElement> members = s.members().stream()
                .map(m -> XmlElement.of("member", Map.of("name", m))).toList();
        return XmlElement.of("members", attrs, members);
    }

    static XmlElement query(NodeStatus s, String xpath) {
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("node", s.node());
        attrs.put("admin_epoch", Long.toString(s.version().adminEpoch()));
        attrs.put("epoch", Long.toString(s.version().epoch()));
        attrs.put("num_updates", Long.toString(s.version().numUpdates()));
        attrs.put("digest", s.digest());
        List<XmlElement> content = new ArrayList<>();
        if (xpath == null || xpath.isEmpty()) {
            content.add(s.cib());
        } else {
            attrs.put("xpath", xpath);
            content.addAll(CibDocuments.select(s.cib(), xpath));
        }
        return XmlElement.of("cib-copy", attrs, content);
    }

    private XmlElement write(XmlElement request, CibOperation operation) {
        String requestId = request.attr("request-id");
        if (requestId == null || requestId.isBlank()) {
            requestId = node.name() + ":" + UUID.randomUUID();
        }
        try {
            String version = node.submit(requestId, operation).get(60, TimeUnit.SECONDS);
            return LocalApi.ok(List.of(XmlElement.of("written", Map.of("version", version, "request-id", requestId))));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ClusterException ce) {
                throw ce;
            }
            throw new ClusterException("the write failed: " + e.getCause());
        } catch (TimeoutException e) {
            throw new ClusterException(ClusterException.Kind.RETRY, "no answer from the cluster in time; retry with request id " + requestId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterException(ClusterException.Kind.RETRY, "interrupted; retry with request id " + requestId);
        }
    }

    private static XmlElement body(XmlElement request, String op) {
        if (request.children().size() != 1) {
            throw new ClusterException(op + " needs exactly one XML document");
        }
        return request.children().get(0);
    }

    private static String required(XmlElement request, String attribute) {
        String value = request.attr(attribute);
        if (value == null || value.isBlank()) {
            throw new ClusterException(request.attr("op") + " needs " + attribute);
        }
        return value;
    }

    @Override
    public void close() {
        open = false;
        try {
            server.close();
        } catch (IOException e) {
            LOG.debug("closing {}: {}", socket, e.getMessage());
        }
        connections.shutdownNow();
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            LOG.debug("removing {}: {}", socket, e.getMessage());
        }
    }
}
