package org.pacer.cluster.controller;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import org.pacer.cluster.ClusterException;
import org.pacer.cluster.WireStrings;

/**
 * Messages between controllers, sharing the cluster's channel with CIB replication: the first byte
 * {@link #TAG} sets them apart from replication messages. The DC sends {@link Execute}; a node announces
 * {@link Ready} to the DC once its stale history is cleared; every node shares its fence history; transient
 * node attributes go to the DC as {@link AttributeUpdate}.
 */
public sealed interface ControllerMessage {
    /** First byte of every controller payload; replication messages use small type numbers. */
    byte TAG = 0x50;

    /**
     * Run one operation on the receiving node. {@code primitive} is the resource's definition as the DC
     * scheduled it (compact XML), so the node needs no newer CIB than the DC's.
     */
    record Execute(String transitionKey, String resource, String task, long intervalMs, long timeoutMs,
                   int expectedRc, String primitive) implements ControllerMessage {
    }

    /** The sender's controller has cleared its previous history and may be probed and scheduled. */
    record Ready(String node, String incarnation) implements ControllerMessage {
    }

    /** Fence history entries (each as compact XML) for the receivers to merge. */
    record FenceHistoryShare(List<String> entries) implements ControllerMessage {
        public FenceHistoryShare {
            entries = List.copyOf(entries);
        }
    }

    /**
     * A transient node attribute (like attrd's) to set, or to remove when {@code value} is null; sent to the
     * DC, which writes it into {@code node}'s {@code transient_attributes}.
     */
    record AttributeUpdate(String node, String name, String value) implements ControllerMessage {
    }

    static boolean isControllerPayload(byte[] payload) {
        return payload.length > 0 && payload[0] == TAG;
    }

    static byte[] encode(ControllerMessage message) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(TAG);
            if (message instanceof Execute e) {
                out.writeByte(1);
                write(out, e.transitionKey());
                write(out, e.resource());
                write(out, e.task());
                out.writeLong(e.intervalMs());
                out.writeLong(e.timeoutMs());
                out.writeInt(e.expectedRc());
                write(out, e.primitive());
            } else if (message instanceof Ready r) {
                out.writeByte(2);
                write(out, r.node());
                write(out, r.incarnation());
            } else if (message instanceof AttributeUpdate a) {
                out.writeByte(4);
                write(out, a.node());
                write(out, a.name());
                out.writeBoolean(a.value() != null);
                write(out, a.value() == null ? "" : a.value());
            } else if (message instanceof FenceHistoryShare f) {
                out.writeByte(3);
                out.writeInt(f.entries().size());
                for (String entry : f.entries()) {
                    write(out, entry);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static ControllerMessage decode(byte[] payload) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
            if (in.readByte() != TAG) {
                throw new ClusterException("not a controller message");
            }
            byte type = in.readByte();
            return switch (type) {
                case 1 -> new Execute(read(in), read(in), read(in), in.readLong(), in.readLong(), in.readInt(), read(in));
                case 2 -> new Ready(read(in), read(in));
                case 3 -> {
                    int n = in.readInt();
                    if (n < 0 || n > 100_000) {
                        throw new IOException("bad entry count " + n);
                    }
                    List<String> entries = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        entries.add(read(in));
                    }
                    yield new FenceHistoryShare(entries);
                }
                case 4 -> {
                    String node = read(in);
                    String name = read(in);
                    boolean set = in.readBoolean();
                    String value = read(in);
                    yield new AttributeUpdate(node, name, set ? value : null);
                }
                default -> throw new ClusterException("unknown controller message type " + type);
            };
        } catch (IOException e) {
            throw new ClusterException("unreadable controller message: " + e.getMessage(), e);
        }
    }

    private static void write(DataOutputStream out, String value) throws IOException {
        WireStrings.write(out, value);
    }

    private static String read(DataInputStream in) throws IOException {
        return WireStrings.read(in, 64 * 1024 * 1024);
    }
}
