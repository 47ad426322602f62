package io.partita.broker.txn;

import io.partita.protocol.TopicPartition;
import io.partita.protocol.txn.Xid;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * The record format of {@code __transaction_state}. One record per change of a transaction's
 * metadata; the latest record of a key wins, and a record with a null value (tombstone) removes
 * the key.
 *
 * <p>Key, version 0: {@code version int16 (0), kind int8} then for kind 0 (transactional id)
 * {@code id string (int16 length, UTF-8)}, for kind 1 (XA branch) {@code formatId int32,
 * gtrid (int16 length, bytes), bqual (int16 length, bytes)}.
 *
 * <p>Value, version 0: {@code version int16 (0), producerId int64, producerEpoch int16,
 * timeoutMs int32, state int8 (see TransactionState#id), startMs int64, updateMs int64,
 * flags int8 (bit 0: the last abort was a timeout's), partitionCount int32,
 * [topic string (int16 length, UTF-8), partition int32]}.
 *
 * <p>Stateless and thread-safe.
 */
final class TransactionLogFormat {
    private static final short VERSION = 0;
    private static final byte KIND_TRANSACTIONAL_ID = 0;
    private static final byte KIND_XID = 1;

    private TransactionLogFormat() {
    }

    static ByteBuffer key(TransactionKey key) {
        if (key.isXa()) {
            Xid xid = key.xid();
            byte[] g = xid.globalTransactionId();
            byte[] b = xid.branchQualifier();
            ByteBuffer buf = ByteBuffer.allocate(2 + 1 + 4 + 2 + g.length + 2 + b.length);
            buf.putShort(VERSION).put(KIND_XID).putInt(xid.formatId());
            buf.putShort((short) g.length).put(g).putShort((short) b.length).put(b);
            return buf.flip();
        }
        byte[] id = key.transactionalId().getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(2 + 1 + 2 + id.length);
        buf.putShort(VERSION).put(KIND_TRANSACTIONAL_ID).putShort((short) id.length).put(id);
        return buf.flip();
    }

    static TransactionKey readKey(ByteBuffer buf) {
        ByteBuffer b = buf.duplicate();
        short version = b.getShort();
        if (version != VERSION) {
            throw new IllegalArgumentException("unknown transaction log key version " + version);
        }
        byte kind = b.get();
        if (kind == KIND_TRANSACTIONAL_ID) {
            return TransactionKey.of(readString(b));
        }
        if (kind == KIND_XID) {
            int formatId = b.getInt();
            byte[] g = new byte[b.getShort()];
            b.get(g);
            byte[] q = new byte[b.getShort()];
            b.get(q);
            return TransactionKey.of(Xid.of(formatId, g, q));
        }
        throw new IllegalArgumentException("unknown transaction log key kind " + kind);
    }

    static ByteBuffer value(TransactionMetadata.Snapshot s) {
        int size = 2 + 8 + 2 + 4 + 1 + 8 + 8 + 1 + 4;
        for (TopicPartition tp : s.partitions()) {
            size += 2 + tp.topic().getBytes(StandardCharsets.UTF_8).length + 4;
        }
        ByteBuffer buf = ByteBuffer.allocate(size);
        buf.putShort(VERSION).putLong(s.producerId()).putShort(s.producerEpoch()).putInt(s.timeoutMs())
                .put(s.state().id()).putLong(s.startMs()).putLong(s.updateMs())
                .put((byte) (s.abortedByTimeout() ? 1 : 0)).putInt(s.partitions().size());
        for (TopicPartition tp : s.partitions()) {
            byte[] topic = tp.topic().getBytes(StandardCharsets.UTF_8);
            buf.putShort((short) topic.length).put(topic).putInt(tp.partition());
        }
        return buf.flip();
    }

    static TransactionMetadata.Snapshot readValue(TransactionKey key, ByteBuffer buf) {
        ByteBuffer b = buf.duplicate();
        short version = b.getShort();
        if (version != VERSION) {
            throw new IllegalArgumentException("unknown transaction log value version " + version);
        }
        long producerId = b.getLong();
        short epoch = b.getShort();
        int timeoutMs = b.getInt();
        TransactionState state = TransactionState.forId(b.get());
        long startMs = b.getLong();
        long updateMs = b.getLong();
        boolean abortedByTimeout = (b.get() & 1) != 0;
        int count = b.getInt();
        if (count < 0 || count > b.remaining() / 6) {
            throw new IllegalArgumentException("partition count " + count + " does not fit the record");
        }
        Set<TopicPartition> partitions = new HashSet<>();
        for (int i = 0; i < count; i++) {
            String topic = readString(b);
            partitions.add(new TopicPartition(topic, b.getInt()));
        }
        return new TransactionMetadata.Snapshot(key, producerId, epoch, timeoutMs, state, partitions, startMs,
                updateMs, abortedByTimeout);
    }

    private static String readString(ByteBuffer b) {
        int len = b.getShort();
        if (len < 0 || len > b.remaining()) {
            throw new IllegalArgumentException("string length " + len + " does not fit the record");
        }
        byte[] bytes = new byte[len];
        b.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
