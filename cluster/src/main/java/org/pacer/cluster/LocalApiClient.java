package org.pacer.cluster;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Map;

import org.pacer.cib.XmlElement;

/**
 * A connection to the local pacerd over its Unix domain socket; one request at a time. Not thread-safe:
 * give each thread its own client.
 */
public final class LocalApiClient implements AutoCloseable {
    private final Path socket;
    private final SocketChannel channel;

    private LocalApiClient(Path socket, SocketChannel channel) {
        this.socket = socket;
        this.channel = channel;
    }

    public static LocalApiClient connect(Path socket) {
        try {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                channel.connect(UnixDomainSocketAddress.of(socket));
            } catch (IOException e) {
                channel.close();
                throw e;
            }
            return new LocalApiClient(socket, channel);
        } catch (IOException | UnsupportedOperationException e) {
            throw new ClusterException(ClusterException.Kind.NO_CONNECTION, "cannot connect to pacerd at " + socket
                    + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()) + " (is the node running? see --socket)");
        }
    }

    /** Sends one request and returns the successful response, or throws the daemon's failure. */
    public XmlElement call(String op, Map<String, String> attributes, XmlElement body) {
        XmlElement response;
        try {
            LocalApi.write(channel, LocalApi.request(op, attributes, body));
            response = LocalApi.read(channel, "response from " + socket);
        } catch (IOException e) {
            throw new ClusterException(ClusterException.Kind.NO_CONNECTION, "lost the connection to pacerd at " + socket
                    + ": " + e.getMessage());
        }
        if (response == null) {
            throw new ClusterException(ClusterException.Kind.NO_CONNECTION, "pacerd at " + socket + " closed the connection");
        }
        LocalApi.throwIfFailed(response);
        return response;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // Nothing is left to flush; the daemon sees the end of the stream either way.
        }
    }
}
