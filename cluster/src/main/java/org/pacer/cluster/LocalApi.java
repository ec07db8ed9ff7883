package org.pacer.cluster;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.pacer.cib.XmlElement;
import org.pacer.cib.XmlParser;
import org.pacer.cib.XmlWriter;

/**
 * The local API's wire format, version 1: each message is a 4-byte big-endian length followed by that
 * many bytes of UTF-8 XML. A request is {@code <request version="1" op="...">} with the operation's
 * attributes and at most one child document; the answer is {@code <response version="1" status="ok">}
 * (or failed, refused, not-found, retry, with a {@code message}) and the result as children.
 */
public final class LocalApi {
    public static final String VERSION = "1";
    /** A request or response above this size is refused rather than buffered. */
    public static final int MAX_FRAME = 64 * 1024 * 1024;

    private LocalApi() {
    }

    public static XmlElement request(String op, Map<String, String> attributes, XmlElement body) {
        java.util.LinkedHashMap<String, String> attrs = new java.util.LinkedHashMap<>();
        attrs.put("version", VERSION);
        attrs.put("op", op);
        attrs.putAll(attributes);
        return XmlElement.of("request", attrs, body == null ? java.util.List.of() : java.util.List.of(body));
    }

    public static XmlElement ok(java.util.List<XmlElement> children) {
        return XmlElement.of("response", Map.of("version", VERSION, "status", "ok"), children);
    }

    public static XmlElement failure(ClusterException.Kind kind, String message) {
        return XmlElement.of("response", Map.of("version", VERSION, "status", statusOf(kind), "message",
                message == null ? "" : message));
    }

    static String statusOf(ClusterException.Kind kind) {
        return switch (kind) {
            case FAILED -> "failed";
            case NOT_FOUND -> "not-found";
            case REFUSED -> "refused";
            case RETRY -> "retry";
            case NO_CONNECTION -> "no-connection";
        };
    }

    /** The response's failure as an exception, or nothing when it succeeded. */
    public static void throwIfFailed(XmlElement response) {
        String status = response.attr("status", "failed");
        if (status.equals("ok")) {
            return;
        }
        ClusterException.Kind kind = switch (status) {
            case "not-found" -> ClusterException.Kind.NOT_FOUND;
            case "refused" -> ClusterException.Kind.REFUSED;
            case "retry" -> ClusterException.Kind.RETRY;
            default -> ClusterException.Kind.FAILED;
        };
        throw new ClusterException(kind, response.attr("message", "the daemon reported a failure"));
    }

    static void write(SocketChannel channel, XmlElement message) throws IOException {
        byte[] body = XmlWriter.toCompactXml(message).getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocate(4 + body.length);
        buffer.putInt(body.length).put(body).flip();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /** The next message, or null at a clean end of stream. */
    static XmlElement read(SocketChannel channel, String source) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(4);
        if (!fill(channel, header, true)) {
            return null;
        }
        int length = header.flip().getInt();
        if (length < 0 || length > MAX_FRAME) {
            throw new IOException(source + ": message of " + length + " bytes refused");
        }
        ByteBuffer body = ByteBuffer.allocate(length);
        fill(channel, body, false);
        return new XmlParser(MAX_FRAME).parse(body.array(), source);
    }

    private static boolean fill(SocketChannel channel, ByteBuffer buffer, boolean endAllowed) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                if (endAllowed && buffer.position() == 0) {
                    return false;
                }
                throw new EOFException("connection closed in the middle of a message");
            }
        }
        return true;
    }
}
