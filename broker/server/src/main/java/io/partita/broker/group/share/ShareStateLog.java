package io.partita.broker.group.share;

import io.partita.broker.log.AtomicFiles;
import io.partita.broker.log.Log;
import io.partita.broker.log.LogAppendInfo;
import io.partita.broker.log.LogReadResult;
import io.partita.protocol.TopicPartition;
import io.partita.protocol.record.Record;
import io.partita.protocol.record.RecordBatch;
import io.partita.protocol.record.RecordBatchBuilder;
import io.partita.protocol.record.RecordBatches;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.WireWriter;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The internal topic {@code __share_state} (one partition): share group state changes, snapshots
 * and subscription definitions, appended before the change is acknowledged to any client, and
 * replayed at start-up.
 *
 * <p><b>Record format.</b> Each record's key is the group name (UTF-8) and its value, big-endian
 * in the wire encoding of {@link WireWriter}, is {@code version int8 (0), type int8}, then:
 * <ul>
 * <li>type 1, partition state: {@code group string, topic string, partition int32,
 *     snapshot boolean, startOffset int64, entries [offset int64, state int8, deliveryCount int16]}.
 *     A snapshot replaces the partition's state; otherwise the start moves forward to
 *     {@code startOffset} and each entry sets one offset's state and count.</li>
 * <li>type 2, subscription: {@code name string, topic string, selector nullable string,
 *     durable boolean, shared boolean, startOffsets [partition int32, offset int64]}. Creates
 *     the subscription and its group, replacing any earlier group of that name.</li>
 * <li>type 3, group deleted: {@code name string}.</li>
 * <li>type 4, acknowledgements staged by a transaction: {@code txn string, group string,
 *     topic string, partition int32, entries [offset int64, type int8, deliveryCount int16]}.
 *     The records are held by the transaction (no lock deadline) until a type 5 record.</li>
 * <li>type 5, a transaction's staged acknowledgements are done: {@code txn string, group
 *     string, committed boolean}. Committed acknowledgements are stored as type 1 changes before
 *     it; records still held by the transaction become AVAILABLE.</li>
 * </ul>
 *
 * <p><b>Snapshots.</b> A snapshot round writes, in one batch, every subscription and every
 * partition's snapshot, then records the round's first offset in
 * {@code share-state.checkpoint} (text: version line {@code 0}, then the offset) next to the log
 * directories' other checkpoints. Start-up replays from that offset only.
 *
 * <p><b>Ordering.</b> Appends are serialized by one lock that a snapshot round holds while it
 * captures the state, so a change is either in the snapshot or stored after it; the fsync wait
 * happens outside the lock so concurrent appends share fsyncs. Thread-safe.
 */
final class ShareStateLog {
    /** The internal topic's name. */
    static final String TOPIC = "__share_state";

    static final byte TYPE_PARTITION = 1;
    static final byte TYPE_SUBSCRIPTION = 2;
    static final byte TYPE_GROUP_DELETED = 3;
    static final byte TYPE_TXN_STAGED = 4;
    static final byte TYPE_TXN_DONE = 5;

    private static final int READ_BYTES = 1 << 20;

    /** A decoded record: its type and fields ({@code txnId} and {@code staged} for types 4 and 5 only). */
    record Entry(byte type, String group, TopicPartition tp, boolean snapshot, long startOffset,
                 List<SharePartition.Change> changes, Subscription subscription, String txnId,
                 List<StagedAcknowledgements.Staged> staged) {
        Entry(byte type, String group, TopicPartition tp, boolean snapshot, long startOffset,
                List<SharePartition.Change> changes, Subscription subscription) {
            this(type, group, tp, snapshot, startOffset, changes, subscription, null, List.of());
        }
    }

    /** A record to append: its key (group) and value. */
    record Encoded(String group, ByteBuffer value) {
    }

    private final Log log;
    private final int leaderEpoch;
    private final Path checkpointFile;
    private final Object appendLock = new Object();

    ShareStateLog(Log log, int leaderEpoch, Path checkpointFile) {
        this.log = log;
        this.leaderEpoch = leaderEpoch;
        this.checkpointFile = checkpointFile;
    }

    static Encoded partitionState(String group, TopicPartition tp, boolean snapshot, long start,
            List<SharePartition.Change> changes) {
        WireWriter w = new WireWriter(64 + changes.size() * 11);
        w.writeInt8(0);
        w.writeInt8(TYPE_PARTITION);
        w.writeString(group);
        w.writeString(tp.topic());
        w.writeInt32(tp.partition());
        w.writeBoolean(snapshot);
        w.writeInt64(start);
        w.writeArray(changes, (cw, c) -> {
            cw.writeInt64(c.offset());
            cw.writeInt8(c.state().code());
            cw.writeInt16((short) Math.min(Short.MAX_VALUE, c.deliveryCount()));
        });
        return new Encoded(group, w.toByteBuffer());
    }

    static Encoded subscription(Subscription s) {
        WireWriter w = new WireWriter(128);
        w.writeInt8(0);
        w.writeInt8(TYPE_SUBSCRIPTION);
        w.writeString(s.name());
        w.writeString(s.topic());
        w.writeNullableString(s.selector());
        w.writeBoolean(s.durable());
        w.writeBoolean(s.shared());
        w.writeArray(new ArrayList<>(s.startOffsets().entrySet()), (ew, e) -> {
            ew.writeInt32(e.getKey());
            ew.writeInt64(e.getValue());
        });
        return new Encoded(s.name(), w.toByteBuffer());
    }

    static Encoded groupDeleted(String group) {
        WireWriter w = new WireWriter(32);
        w.writeInt8(0);
        w.writeInt8(TYPE_GROUP_DELETED);
        w.writeString(group);
        return new Encoded(group, w.toByteBuffer());
    }

    static Encoded staged(String txnId, String group, TopicPartition tp, List<StagedAcknowledgements.Staged> acks) {
        WireWriter w = new WireWriter(64 + acks.size() * 11);
        w.writeInt8(0);
        w.writeInt8(TYPE_TXN_STAGED);
        w.writeString(txnId);
        w.writeString(group);
        w.writeString(tp.topic());
        w.writeInt32(tp.partition());
        w.writeArray(acks, (aw, a) -> {
            aw.writeInt64(a.offset());
            aw.writeInt8(a.type());
            aw.writeInt16((short) Math.min(Short.MAX_VALUE, a.deliveryCount()));
        });
        return new Encoded(group, w.toByteBuffer());
    }

    static Encoded transactionDone(String txnId, String group, boolean committed) {
        WireWriter w = new WireWriter(64);
        w.writeInt8(0);
        w.writeInt8(TYPE_TXN_DONE);
        w.writeString(txnId);
        w.writeString(group);
        w.writeBoolean(committed);
        return new Encoded(group, w.toByteBuffer());
    }

    static Entry decode(ByteBuffer value) {
        WireReader r = new WireReader(value);
        byte version = r.readInt8("version");
        if (version != 0) {
            throw new IllegalStateException("unknown " + TOPIC + " record version " + version);
        }
        byte type = r.readInt8("type");
        switch (type) {
            case TYPE_PARTITION -> {
                String group = r.readString("group");
                TopicPartition tp = new TopicPartition(r.readString("topic"), r.readInt32("partition"));
                boolean snapshot = r.readBoolean("snapshot");
                long start = r.readInt64("startOffset");
                List<SharePartition.Change> changes = r.readArray("entries", 11, er -> new SharePartition.Change(
                        er.readInt64("offset"), RecordState.forCode(er.readInt8("state")), er.readInt16("count")));
                return new Entry(type, group, tp, snapshot, start, changes, null);
            }
            case TYPE_SUBSCRIPTION -> {
                String name = r.readString("name");
                String topic = r.readString("topic");
                String selector = r.readNullableString("selector");
                boolean durable = r.readBoolean("durable");
                boolean shared = r.readBoolean("shared");
                Map<Integer, Long> starts = new LinkedHashMap<>();
                r.readArray("startOffsets", 12, er -> starts.put(er.readInt32("partition"), er.readInt64("offset")));
                return new Entry(type, name, null, false, -1, List.of(),
                        new Subscription(name, topic, selector, durable, shared, starts));
            }
            case TYPE_GROUP_DELETED -> {
                return new Entry(type, r.readString("name"), null, false, -1, List.of(), null);
            }
            case TYPE_TXN_STAGED -> {
                String txnId = r.readString("txn");
                String group = r.readString("group");
                TopicPartition tp = new TopicPartition(r.readString("topic"), r.readInt32("partition"));
                List<StagedAcknowledgements.Staged> acks = r.readArray("entries", 11,
                        er -> new StagedAcknowledgements.Staged(er.readInt64("offset"), er.readInt8("type"),
                                er.readInt16("count")));
                return new Entry(type, group, tp, false, -1, List.of(), null, txnId, acks);
            }
            case TYPE_TXN_DONE -> {
                String txnId = r.readString("txn");
                String group = r.readString("group");
                r.readBoolean("committed");
                return new Entry(type, group, null, false, -1, List.of(), null, txnId, List.of());
            }
            default -> throw new IllegalStateException("unknown " + TOPIC + " record type " + type);
        }
    }

    /**
     * Appends records in one batch and waits until they are durable.
     *
     * @return the offset of the first record, or -1 when there was nothing to append
     */
    long append(List<Encoded> records) throws IOException {
        if (records.isEmpty()) {
            return -1;
        }
        LogAppendInfo info;
        synchronized (appendLock) {
            info = appendLocked(records);
        }
        log.awaitFlushed(info.lastOffset() + 1);
        return info.firstOffset();
    }

    /**
     * Appends at once, in the same order as {@link #append}, and returns a future completed once
     * the records are durable, on the log's flusher thread (so what depends on it must be quick or
     * move to another thread). Lets a request thread go on while the fsync runs, and the next
     * appends share it.
     *
     * @throws IOException when the append itself fails
     */
    CompletableFuture<Void> appendAsync(List<Encoded> records) throws IOException {
        if (records.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        LogAppendInfo info;
        synchronized (appendLock) {
            info = appendLocked(records);
        }
        return log.flushedAsync(info.lastOffset() + 1);
    }

    private LogAppendInfo appendLocked(List<Encoded> records) throws IOException {
        RecordBatchBuilder b = new RecordBatchBuilder();
        long now = System.currentTimeMillis();
        for (Encoded e : records) {
            b.append(now, ByteBuffer.wrap(e.group().getBytes(StandardCharsets.UTF_8)), e.value().duplicate(), List.of());
        }
        return log.append(new RecordBatches(b.build()), leaderEpoch, false);
    }

    /**
     * A snapshot round: captures the records with {@code capture} while holding the append lock,
     * appends them, waits for durability and then moves the checkpoint to the round's start.
     */
    void snapshot(java.util.function.Supplier<List<Encoded>> capture) throws IOException {
        LogAppendInfo info;
        synchronized (appendLock) {
            List<Encoded> records = capture.get();
            if (records.isEmpty()) {
                info = null;
            } else {
                info = appendLocked(records);
            }
        }
        long checkpoint = info == null ? log.logEndOffset() : info.firstOffset();
        if (info != null) {
            log.awaitFlushed(info.lastOffset() + 1);
        }
        AtomicFiles.write(checkpointFile, ("0\n" + checkpoint + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** The offset replay starts at: the last complete snapshot round, else the log start. */
    long replayStart() throws IOException {
        if (!Files.exists(checkpointFile)) {
            return log.logStartOffset();
        }
        String[] lines = Files.readString(checkpointFile, StandardCharsets.UTF_8).trim().split("\n");
        if (lines.length != 2 || !lines[0].trim().equals("0")) {
            throw new IOException(checkpointFile + " is not a version 0 share state checkpoint");
        }
        try {
            return Math.max(log.logStartOffset(), Long.parseLong(lines[1].trim()));
        } catch (NumberFormatException e) {
            throw new IOException(checkpointFile + ": bad offset '" + lines[1] + "'", e);
        }
    }

    /** Reads every record from {@link #replayStart()} to the log end, in order. */
    void replay(java.util.function.Consumer<Entry> apply) throws IOException {
        long pos = replayStart();
        long end = log.logEndOffset();
        while (pos < end) {
            ByteBuffer buf;
            try (LogReadResult read = log.read(pos, READ_BYTES, end, true)) {
                buf = read.records().readAll();
            }
            long before = pos;
            for (RecordBatch batch : new RecordBatches(buf)) {
                for (Record r : batch.records()) {
                    if (r.offset() >= pos && r.value() != null) {
                        apply.accept(decode(r.value()));
                    }
                }
                pos = Math.max(pos, batch.lastOffset() + 1);
            }
            if (pos == before) {
                break;
            }
        }
    }
}
