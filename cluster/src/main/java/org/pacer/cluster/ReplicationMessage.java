package org.pacer.cluster;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The messages of CIB replication and their wire form (a type byte, then fields; documents as compact
 * XML). A term is the id of the view a DC synchronised; messages of other terms are stale and ignored.
 */
public sealed interface ReplicationMessage {
    byte REQUEST = 1;
    byte RESULT = 2;
    byte OFFER = 3;
    byte SYNC = 4;
    byte COMMIT = 5;
    byte ACK = 6;
    byte RESYNC = 7;
    byte RESULTS = 8;

    /** A client's change, from the node it connected to, to the DC. */
    record Request(String requestId, String origin, String kind, String argument) implements ReplicationMessage {
    }

    /** The DC's answer to a request: {@code kind} is null on success. */
    record Result(String requestId, ClusterException.Kind kind, String message, String version)
            implements ReplicationMessage {
    }

    /** A member's copy, sent to the new DC after a view change. {@code fresh}: not synchronised since start. */
    record Offer(long term, boolean fresh, String cib, List<String> applied) implements ReplicationMessage {
    }

    /**
     * The DC's copy as of commit {@code seq} of the term (0: the copy chosen after the view change), adopted
     * by every member that is behind it.
     */
    record Sync(long term, long seq, String cib, List<String> applied) implements ReplicationMessage {
    }

    /** Several answers for one node, sent together when one round completes their writes. */
    record Results(List<Result> results) implements ReplicationMessage {
        public Results {
            results = List.copyOf(results);
        }
    }

    /** A member missed or could not apply a commit and asks the DC for its whole copy. */
    record Resync(long term) implements ReplicationMessage {
    }

    /**
     * One replication round: the writes {@code requestIds}, admitted in that order, as one change to the copy
     * of round {@code seq - 1} of the term.
     */
    record Commit(long term, long seq, List<String> requestIds, String change) implements ReplicationMessage {
        public Commit {
            requestIds = List.copyOf(requestIds);
        }
    }

    /** A member has persisted everything of the term up to {@code seq}. */
    record Ack(long term, long seq) implements ReplicationMessage {
    }

    static byte[] encode(ReplicationMessage message) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            if (message instanceof Request r) {
                out.writeByte(REQUEST);
                writeString(out, r.requestId());
                writeString(out, r.origin());
                writeString(out, r.kind());
                writeString(out, r.argument());
            } else if (message instanceof Result r) {
                out.writeByte(RESULT);
                writeResult(out, r);
            } else if (message instanceof Results r) {
                out.writeByte(RESULTS);
                out.writeInt(r.results().size());
                for (Result result : r.results()) {
                    writeResult(out, result);
                }
            } else if (message instanceof Offer o) {
                out.writeByte(OFFER);
                out.writeLong(o.term());
                out.writeBoolean(o.fresh());
                writeString(out, o.cib());
                writeList(out, o.applied());
            } else if (message instanceof Sync sync) {
                out.writeByte(SYNC);
                out.writeLong(sync.term());
                out.writeLong(sync.seq());
                writeString(out, sync.cib());
                writeList(out, sync.applied());
            } else if (message instanceof Commit c) {
                out.writeByte(COMMIT);
                out.writeLong(c.term());
                out.writeLong(c.seq());
                writeList(out, c.requestIds());
                writeString(out, c.change());
            } else if (message instanceof Resync r) {
                out.writeByte(RESYNC);
                out.writeLong(r.term());
            } else if (message instanceof Ack a) {
                out.writeByte(ACK);
                out.writeLong(a.term());
                out.writeLong(a.seq());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static ReplicationMessage decode(byte[] payload) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
            byte type = in.readByte();
            return switch (type) {
                case REQUEST -> new Request(readString(in), readString(in), readString(in), readString(in));
                case RESULT -> readResult(in);
                case RESULTS -> {
                    int size = in.readInt();
                    if (size < 0 || size > 1_000_000) {
                        throw new IOException("bad result count " + size);
                    }
                    List<Result> results = new ArrayList<>(size);
                    for (int i = 0; i < size; i++) {
                        results.add(readResult(in));
                    }
                    yield new Results(results);
                }
                case OFFER -> new Offer(in.readLong(), in.readBoolean(), readString(in), readList(in));
                case SYNC -> new Sync(in.readLong(), in.readLong(), readString(in), readList(in));
                case RESYNC -> new Resync(in.readLong());
                case COMMIT -> new Commit(in.readLong(), in.readLong(), readList(in), readString(in));
                case ACK -> new Ack(in.readLong(), in.readLong());
                default -> throw new ClusterException("unknown replication message type " + type);
            };
        } catch (IOException | IllegalArgumentException e) {
            throw new ClusterException("unreadable replication message: " + e.getMessage(), e);
        }
    }

    private static void writeResult(DataOutputStream out, Result r) throws IOException {
        writeString(out, r.requestId());
        writeString(out, r.kind() == null ? "" : r.kind().name());
        writeString(out, r.message());
        writeString(out, r.version());
    }

    private static Result readResult(DataInputStream in) throws IOException {
        String id = readString(in);
        String kind = readString(in);
        return new Result(id, kind.isEmpty() ? null : ClusterException.Kind.valueOf(kind), readString(in), readString(in));
    }

    private static void writeString(DataOutputStream out, String value) throws IOException {
        WireStrings.write(out, value);
    }

    private static String readString(DataInputStream in) throws IOException {
        return WireStrings.read(in, 256 * 1024 * 1024);
    }

    private static void writeList(DataOutputStream out, List<String> values) throws IOException {
        out.writeInt(values.size());
        for (String v : values) {
            writeString(out, v);
        }
    }

    private static List<String> readList(DataInputStream in) throws IOException {
        int size = in.readInt();
        if (size < 0 || size > 1_000_000) {
            throw new IOException("bad list size " + size);
        }
        List<String> values = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            values.add(readString(in));
        }
        return values;
    }
}
