package io.partita.protocol.record;

import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.List;

/**
 * The control record that ends a transaction in one partition: a commit or an abort marker.
 *
 * <p>A marker is a batch of its own with the transactional and control attributes set, the
 * producer id and epoch of the transaction, no sequence ({@link RecordBatch#NO_SEQUENCE}), and
 * one record whose key is {@code version int16 (0), type int16 (0 abort, 1 commit)} and whose
 * value is {@code version int16 (0), coordinatorEpoch int32}: the layout of Kafka's control
 * records, so the same bytes mean the same thing to both.
 *
 * <p>Immutable and thread-safe.
 *
 * @param commit true for a commit marker, false for an abort marker
 * @param coordinatorEpoch the epoch of the coordinator that wrote it (0 while there is one coordinator)
 */
public record EndTransactionMarker(boolean commit, int coordinatorEpoch) {
    private static final short VERSION = 0;
    /** Control type of an abort marker. */
    public static final short ABORT = 0;
    /** Control type of a commit marker. */
    public static final short COMMIT = 1;

    /**
     * Builds the marker batch (base offset 0; the log assigns the real one).
     *
     * @param producerId the transaction's producer id
     * @param producerEpoch the producer epoch the transaction ends with
     * @param timestamp the record timestamp
     */
    public ByteBuffer toBatch(long producerId, short producerEpoch, long timestamp) {
        ByteBuffer key = ByteBuffer.allocate(4).putShort(VERSION).putShort(commit ? COMMIT : ABORT).flip();
        ByteBuffer value = ByteBuffer.allocate(6).putShort(VERSION).putInt(coordinatorEpoch).flip();
        return new RecordBatchBuilder(128).producer(producerId, producerEpoch, RecordBatch.NO_SEQUENCE)
                .transactional(true).control(true).append(timestamp, key, value, List.of()).build();
    }

    /**
     * The control type of a control batch's first record, read from its key.
     *
     * @param batch a batch with the control attribute
     * @return {@link #ABORT}, {@link #COMMIT}, or another type a newer writer defined
     * @throws InvalidRecordException when the batch has no record or the key is too short
     */
    public static short controlType(RecordBatch batch) {
        Iterator<Record> it = batch.records().iterator();
        if (!it.hasNext()) {
            throw new InvalidRecordException("control batch at offset " + batch.baseOffset() + " has no record");
        }
        ByteBuffer key = it.next().key();
        if (key == null || key.remaining() < 4) {
            throw new InvalidRecordException("control record at offset " + batch.baseOffset()
                    + " has a key of " + (key == null ? "null" : key.remaining() + " bytes") + ", not 4");
        }
        return key.getShort(key.position() + 2);
    }

    /** Reads the marker of a control batch, or null when it is some other control record. */
    public static EndTransactionMarker read(RecordBatch batch) {
        Iterator<Record> it = batch.records().iterator();
        if (!it.hasNext()) {
            return null;
        }
        Record r = it.next();
        short type = controlType(batch);
        if (type != ABORT && type != COMMIT) {
            return null;
        }
        ByteBuffer value = r.value();
        int epoch = value != null && value.remaining() >= 6 ? value.getInt(value.position() + 2) : -1;
        return new EndTransactionMarker(type == COMMIT, epoch);
    }
}
