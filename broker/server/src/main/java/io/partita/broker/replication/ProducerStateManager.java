package io.partita.broker.replication;

import io.partita.broker.log.AtomicFiles;

import io.partita.broker.log.Log;
import io.partita.broker.log.LogReadResult;
import io.partita.protocol.TopicPartition;
import io.partita.protocol.record.RecordBatch;
import io.partita.protocol.record.RecordBatches;
import io.partita.protocol.wire.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The idempotent producers of one partition: for each producer id its epoch and the sequence
 * ranges and offsets of its last {@value #RETAINED_BATCHES} runs of batches (a run: batches
 * whose sequences and offsets both follow on, such as those one request appends together).
 *
 * <p>Before an append, {@link #check} decides for every batch that carries a producer id whether
 * it is the next in sequence (append it), a retry of one of the retained batches (answer with
 * the original offsets, append nothing), or wrong: an epoch older than the producer's
 * ({@link Errors#INVALID_PRODUCER_EPOCH}) or a sequence that is not the next one
 * ({@link Errors#OUT_OF_ORDER_SEQUENCE_NUMBER}; a producer the partition has no state for, or a
 * new epoch, must start at sequence 0). After the append {@link #onAppended} records the batches
 * with their offsets.
 *
 * <p><b>Durability.</b> The state is rebuilt when the partition is loaded: from the snapshot file
 * {@value #SNAPSHOT_FILE} in the partition directory (written at clean shutdown and periodically,
 * and covering the log up to the offset it records), then by scanning every batch from that
 * offset to the log end. Without a usable snapshot (none, unreadable, or covering offsets the log
 * no longer has after a crash truncated it) the scan starts at the log start offset, so the bound
 * on the work at load is the data appended since the last snapshot, or the whole log without one.
 *
 * <p>Not thread-safe: the owning {@link Partition} calls it under its append lock.
 */
final class ProducerStateManager {
    private static final Logger LOG = LoggerFactory.getLogger(ProducerStateManager.class);

    /** Runs of batches remembered per producer for recognising retries; a producer keeps at most this many in flight. */
    static final int RETAINED_BATCHES = 5;
    static final String SNAPSHOT_FILE = "producer-state.snapshot";
    private static final int SNAPSHOT_VERSION = 1;
    private static final int SCAN_READ_BYTES = 1 << 20;

    /** The sequence range and offsets of one appended batch. */
    record BatchMetadata(int firstSeq, int lastSeq, long firstOffset, long lastOffset) {
    }

    /** What is known of one producer. */
    static final class ProducerEntry {
        short epoch;
        final ArrayDeque<BatchMetadata> batches = new ArrayDeque<>(RETAINED_BATCHES);

        ProducerEntry(short epoch) {
            this.epoch = epoch;
        }

        ProducerEntry copy() {
            ProducerEntry c = new ProducerEntry(epoch);
            c.batches.addAll(batches);
            return c;
        }

        int lastSeq() {
            return batches.isEmpty() ? -1 : batches.peekLast().lastSeq();
        }

        /**
         * The offsets of sequences {@code firstSeq..lastSeq} when a retained run holds them all
         * (within a run sequences and offsets advance together), or null.
         */
        BatchMetadata find(int firstSeq, int lastSeq) {
            if (lastSeq < firstSeq) {
                return null;
            }
            for (BatchMetadata b : batches) {
                if (b.firstSeq() <= firstSeq && lastSeq <= b.lastSeq() && b.firstSeq() <= b.lastSeq()) {
                    long first = b.firstOffset() + (firstSeq - b.firstSeq());
                    return new BatchMetadata(firstSeq, lastSeq, first, first + (lastSeq - firstSeq));
                }
            }
            return null;
        }

        /**
         * Remembers an appended batch, extending the last run when the batch continues it in both
         * sequence and offset (so several batches appended together count as one).
         */
        void add(short newEpoch, BatchMetadata batch) {
            if (newEpoch != epoch) {
                epoch = newEpoch;
                batches.clear();
            }
            BatchMetadata last = batches.peekLast();
            if (last != null && last.lastSeq() != Integer.MAX_VALUE && batch.firstSeq() == last.lastSeq() + 1
                    && batch.firstOffset() == last.lastOffset() + 1 && batch.firstSeq() <= batch.lastSeq()) {
                batches.pollLast();
                batches.addLast(new BatchMetadata(last.firstSeq(), batch.lastSeq(), last.firstOffset(),
                        batch.lastOffset()));
                return;
            }
            if (batches.size() == RETAINED_BATCHES) {
                batches.pollFirst();
            }
            batches.addLast(batch);
        }
    }

    /** The outcome of {@link #check}: append, or answer with the offsets of an earlier identical batch. */
    record CheckResult(BatchMetadata duplicateOf) {
        static final CheckResult APPEND = new CheckResult(null);

        boolean isDuplicate() {
            return duplicateOf != null;
        }
    }

    private final TopicPartition topicPartition;
    private final Path snapshotFile;
    private final Map<Long, ProducerEntry> producers = new HashMap<>();

    ProducerStateManager(TopicPartition topicPartition, Path partitionDir) {
        this.topicPartition = topicPartition;
        this.snapshotFile = partitionDir.resolve(SNAPSHOT_FILE);
    }

    int producerCount() {
        return producers.size();
    }

    /**
     * Checks the batches of an append against the producers' state.
     *
     * @throws PartitionException with OUT_OF_ORDER_SEQUENCE_NUMBER, INVALID_PRODUCER_EPOCH or
     *         DUPLICATE_SEQUENCE_NUMBER (a retried batch mixed with new ones); nothing may be appended
     */
    CheckResult check(RecordBatches records) {
        // One append may carry several consecutive batches of a producer (a producer sends what
        // queued up while its previous request was in flight): they count as one run of sequences.
        Map<Long, Run> runs = new LinkedHashMap<>();
        int otherBatches = 0;
        for (RecordBatch batch : records) {
            long pid = batch.producerId();
            if (pid == RecordBatch.NO_PRODUCER_ID || batch.baseSequence() == RecordBatch.NO_SEQUENCE) {
                otherBatches++;
                continue;
            }
            Run run = runs.get(pid);
            if (run == null) {
                runs.put(pid, new Run(batch.producerEpoch(), batch.baseSequence(), batch.lastSequence()));
            } else if (batch.producerEpoch() != run.epoch || batch.baseSequence() != nextSequence(run.lastSeq)) {
                throw new PartitionException(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER, "producer " + pid + " sent epoch "
                        + batch.producerEpoch() + " sequence " + batch.baseSequence() + " to " + topicPartition
                        + " right after epoch " + run.epoch + " sequence " + run.lastSeq + " in the same append");
            } else {
                run.lastSeq = batch.lastSequence();
            }
        }
        BatchMetadata duplicate = null;
        for (Map.Entry<Long, Run> e : runs.entrySet()) {
            long pid = e.getKey();
            Run run = e.getValue();
            ProducerEntry entry = producers.get(pid);
            if (entry != null && run.epoch < entry.epoch) {
                throw new PartitionException(Errors.INVALID_PRODUCER_EPOCH, "producer " + pid + " has epoch " + run.epoch
                        + " but " + topicPartition + " has seen epoch " + entry.epoch);
            }
            if (entry == null || run.epoch > entry.epoch) {
                if (run.firstSeq != 0) {
                    throw new PartitionException(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER, (entry == null
                            ? "no state for producer " + pid + " on " + topicPartition
                            : "new epoch " + run.epoch + " of producer " + pid + " on " + topicPartition)
                            + ": the first sequence must be 0, not " + run.firstSeq);
                }
                continue;
            }
            BatchMetadata earlier = entry.find(run.firstSeq, run.lastSeq);
            if (earlier != null) {
                duplicate = earlier;
                continue;
            }
            int expected = nextSequence(entry.lastSeq());
            if (run.firstSeq != expected) {
                throw new PartitionException(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER, "producer " + pid + " epoch "
                        + run.epoch + " sent sequence " + run.firstSeq + " to " + topicPartition + " but " + expected
                        + " was expected");
            }
        }
        if (duplicate != null) {
            if (runs.size() > 1 || otherBatches > 0) {
                throw new PartitionException(Errors.DUPLICATE_SEQUENCE_NUMBER, "an append to " + topicPartition
                        + " repeats the already appended sequences " + duplicate.firstSeq() + ".."
                        + duplicate.lastSeq() + " together with other batches; nothing was appended");
            }
            return new CheckResult(duplicate);
        }
        return CheckResult.APPEND;
    }

    /** The sequences one producer's batches of one append cover. */
    private static final class Run {
        final short epoch;
        final int firstSeq;
        int lastSeq;

        Run(short epoch, int firstSeq, int lastSeq) {
            this.epoch = epoch;
            this.firstSeq = firstSeq;
            this.lastSeq = lastSeq;
        }
    }

    static int nextSequence(int seq) {
        return seq == Integer.MAX_VALUE ? 0 : seq + 1;
    }

    /** Records appended batches, whose base offsets are now assigned. */
    void onAppended(RecordBatches appended) {
        for (RecordBatch batch : appended) {
            long pid = batch.producerId();
            if (batch.isControlBatch() && pid != RecordBatch.NO_PRODUCER_ID) {
                // A transaction marker written with a bumped epoch fences the producer's older epochs here.
                ProducerEntry entry = producers.get(pid);
                if (entry == null) {
                    producers.put(pid, new ProducerEntry(batch.producerEpoch()));
                } else if (batch.producerEpoch() > entry.epoch) {
                    entry.epoch = batch.producerEpoch();
                    entry.batches.clear();
                }
                continue;
            }
            if (pid == RecordBatch.NO_PRODUCER_ID || batch.baseSequence() == RecordBatch.NO_SEQUENCE) {
                continue;
            }
            BatchMetadata meta = new BatchMetadata(batch.baseSequence(), batch.lastSequence(), batch.baseOffset(),
                    batch.lastOffset());
            ProducerEntry entry = producers.get(pid);
            if (entry == null) {
                producers.put(pid, entry = new ProducerEntry(batch.producerEpoch()));
            } else if (batch.producerEpoch() < entry.epoch) {
                continue; // only possible when replaying an old log; the newer epoch stands
            }
            entry.add(batch.producerEpoch(), meta);
        }
    }

    /**
     * Rebuilds the state of {@code log}: the snapshot if it is usable, then a scan of the batches
     * after it.
     */
    void load(Log log) throws IOException {
        producers.clear();
        long scanFrom = log.logStartOffset();
        long snapshotOffset = readSnapshot();
        if (snapshotOffset >= 0 && snapshotOffset <= log.logEndOffset()) {
            scanFrom = Math.max(scanFrom, snapshotOffset);
        } else {
            if (snapshotOffset >= 0) {
                LOG.warn("{}: producer state snapshot covers offsets up to {} but the log ends at {}; rebuilding from"
                        + " the log", topicPartition, snapshotOffset, log.logEndOffset());
            }
            producers.clear();
        }
        long offset = scanFrom;
        long scanned = 0;
        while (offset < log.logEndOffset()) {
            ByteBuffer bytes;
            try (LogReadResult read = log.read(offset, SCAN_READ_BYTES, Long.MAX_VALUE, true)) {
                bytes = read.records().readAll();
            }
            if (!bytes.hasRemaining()) {
                break;
            }
            RecordBatches batches = new RecordBatches(bytes);
            long next = offset;
            for (RecordBatch b : batches) {
                next = b.nextOffset();
                scanned++;
            }
            onAppended(batches);
            if (next <= offset) {
                break;
            }
            offset = next;
        }
        LOG.debug("{}: producer state of {} producers loaded (snapshot at {}, {} batches scanned from {})",
                topicPartition, producers.size(), snapshotOffset, scanned, scanFrom);
    }

    /**
     * The snapshot of the state, which covers the log up to {@code logEndOffset}, for
     * {@link #writeSnapshot(ByteBuffer)}: taken under the partition's lock, written outside it.
     */
    ByteBuffer encodeSnapshot(long logEndOffset) {
        int size = 4 + 8 + 4;
        for (ProducerEntry e : producers.values()) {
            size += 8 + 2 + 4 + e.batches.size() * 24;
        }
        ByteBuffer buf = ByteBuffer.allocate(size + 4);
        buf.putInt(SNAPSHOT_VERSION).putLong(logEndOffset).putInt(producers.size());
        for (Map.Entry<Long, ProducerEntry> e : producers.entrySet()) {
            buf.putLong(e.getKey()).putShort(e.getValue().epoch).putInt(e.getValue().batches.size());
            for (BatchMetadata b : e.getValue().batches) {
                buf.putInt(b.firstSeq()).putInt(b.lastSeq()).putLong(b.firstOffset()).putLong(b.lastOffset());
            }
        }
        CRC32C crc = new CRC32C();
        crc.update(buf.array(), 0, buf.position());
        buf.putInt((int) crc.getValue());
        return buf.flip();
    }

    /** Replaces the snapshot file, atomically and fsynced, with one from {@link #encodeSnapshot}. */
    void writeSnapshot(ByteBuffer snapshot) throws IOException {
        AtomicFiles.write(snapshotFile, snapshot);
    }

    /** Loads the snapshot into the map and returns the offset it covers, or -1 when there is none usable. */
    private long readSnapshot() {
        if (!Files.exists(snapshotFile)) {
            return -1;
        }
        try {
            ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(snapshotFile));
            if (buf.remaining() < 20) {
                throw new IOException("only " + buf.remaining() + " bytes");
            }
            CRC32C crc = new CRC32C();
            crc.update(buf.array(), 0, buf.limit() - 4);
            if ((int) crc.getValue() != buf.getInt(buf.limit() - 4)) {
                throw new IOException("checksum mismatch");
            }
            buf.limit(buf.limit() - 4);
            int version = buf.getInt();
            if (version != SNAPSHOT_VERSION) {
                throw new IOException("unknown version " + version);
            }
            long offset = buf.getLong();
            int count = buf.getInt();
            List<Map.Entry<Long, ProducerEntry>> entries = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                long pid = buf.getLong();
                ProducerEntry entry = new ProducerEntry(buf.getShort());
                int batches = buf.getInt();
                if (batches < 0 || batches > RETAINED_BATCHES) {
                    throw new IOException("producer " + pid + " has " + batches + " batches");
                }
                for (int b = 0; b < batches; b++) {
                    entry.batches.add(new BatchMetadata(buf.getInt(), buf.getInt(), buf.getLong(), buf.getLong()));
                }
                entries.add(Map.entry(pid, entry));
            }
            for (Map.Entry<Long, ProducerEntry> e : entries) {
                producers.put(e.getKey(), e.getValue());
            }
            return offset;
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: ignoring unreadable producer state snapshot {}: {}", topicPartition, snapshotFile,
                    e.toString());
            producers.clear();
            return -1;
        }
    }
}
