package org.pacer.cli;

import java.nio.file.Path;
import java.util.Map;

import org.pacer.cib.XmlElement;
import org.pacer.cluster.ClusterException;
import org.pacer.cluster.LocalApiClient;
import org.pacer.cluster.NodeDaemon;

import picocli.CommandLine.Option;

/**
 * The {@code --socket} option shared by the commands that talk to a running node, and the call itself:
 * the daemon's failures become {@link CommandFailure}s with the matching exit status.
 */
final class NodeConnection {
    @Option(names = "--socket", paramLabel = "PATH",
            description = "The node's API socket (default: $PACER_SOCKET, else /var/lib/pacer/pacerd.sock).")
    Path socket;

    Path socketPath() {
        if (socket != null) {
            return socket;
        }
        String env = System.getenv("PACER_SOCKET");
        return env != null && !env.isBlank() ? Path.of(env)
                : NodeDaemon.DEFAULT_STATE_DIR.resolve(NodeDaemon.SOCKET_NAME);
    }

    XmlElement call(String op, Map<String, String> attributes, XmlElement body) {
        try (LocalApiClient client = LocalApiClient.connect(socketPath())) {
            return client.call(op, attributes, body);
        } catch (ClusterException e) {
            throw failure(e);
        }
    }

    static CommandFailure failure(ClusterException e) {
        int code = switch (e.kind()) {
            case NOT_FOUND -> ExitCode.NOT_FOUND;
            case REFUSED -> ExitCode.REFUSED;
            case NO_CONNECTION -> ExitCode.NO_CONNECTION;
            case RETRY -> ExitCode.FAILED;
            case FAILED -> ExitCode.FAILED;
        };
        String message = e.kind() == ClusterException.Kind.RETRY ? e.getMessage() + " (retryable)" : e.getMessage();
        return new CommandFailure(code, message);
    }
}
