package io.partita.protocol.wire.api;

import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.ByteBufferRecords;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.RecordsPayload;
import io.partita.protocol.wire.RecordsSink;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.WireWriter;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;

/**
 * Record batches for each requested partition.
 *
 * <p>Version 0: throttleTimeMs int32, error int16, topics [name string, partitions
 * [partition int32, error int16, highWatermark int64, lastStableOffset int64,
 * logStartOffset int64, abortedTransactions nullable [producerId int64, firstOffset int64],
 * records nullable bytes (int32 length, -1 for null)]].
 *
 * <p><b>Zero copy.</b> Each partition's records are a {@link RecordsPayload}, of which only the
 * size is needed to encode the frame. {@link #writeTo(WireWriter, short, RecordsSink)} writes
 * everything else and, after each payload's length prefix, hands the payload to the sink;
 * {@link io.partita.protocol.wire.Frames#encodeResponse} uses this to cut the frame into header
 * chunks and payloads with the total size known up front, so the broker can send each payload
 * straight from the log segment file ({@code sendfile}). {@link #write(WireWriter, short)}
 * copies payloads inline and accepts only {@link ByteBufferRecords}. {@link #read} returns each
 * payload as a {@link ByteBufferRecords} slicing the frame, without copying.
 *
 * @param throttleTimeMs how long the client should wait before fetching again because of a quota, 0 if none
 * @param error a request-level error (e.g. INVALID_ISOLATION_LEVEL), NONE otherwise
 * @param topics the data, grouped by topic
 */
public record FetchResponse(int throttleTimeMs, Errors error, List<FetchableTopic> topics) implements ApiResponse {

    /**
     * The data of one topic.
     *
     * @param name the topic name
     * @param partitions the data for each partition
     */
    public record FetchableTopic(String name, List<PartitionData> partitions) {
        /** Checks required fields. */
        public FetchableTopic {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(partitions, "partitions");
        }
    }

    /**
     * The data of one partition.
     *
     * @param partition the partition number
     * @param error NONE, or why the partition could not be read
     * @param highWatermark the offset after the last record replicated to the whole ISR, or -1
     * @param lastStableOffset the offset before which no transaction is open, or -1
     * @param logStartOffset the partition's first offset, or -1
     * @param abortedTransactions for read committed: the aborted transactions in the returned range; null otherwise
     * @param records the record batches, or null; may end with a partial batch the client must skip
     */
    public record PartitionData(int partition, Errors error, long highWatermark, long lastStableOffset,
                                long logStartOffset, List<AbortedTransaction> abortedTransactions,
                                RecordsPayload records) {
        /** Checks required fields. */
        public PartitionData {
            Objects.requireNonNull(error, "error");
        }

        /** @return the records as a buffer if they are in memory (always so after decoding), else null */
        public ByteBuffer recordsBuffer() {
            return records instanceof ByteBufferRecords memory ? memory.buffer() : null;
        }
    }

    /**
     * An aborted transaction overlapping the returned records.
     *
     * @param producerId the producer whose transaction was aborted
     * @param firstOffset the offset of the transaction's first record
     */
    public record AbortedTransaction(long producerId, long firstOffset) {
    }

    /** Checks required fields. */
    public FetchResponse {
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(topics, "topics");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.FETCH;
    }

    @Override
    public void write(WireWriter writer, short version) {
        writeTo(writer, version, RecordsSink.INLINE);
    }

    @Override
    public void writeTo(WireWriter writer, short version, RecordsSink sink) {
        ApiKey.FETCH.checkVersion(version);
        writer.writeInt32(throttleTimeMs);
        error.write(writer);
        writer.writeArray(topics, (w, t) -> {
            w.writeString(t.name());
            w.writeArray(t.partitions(), (pw, p) -> {
                pw.writeInt32(p.partition());
                p.error().write(pw);
                pw.writeInt64(p.highWatermark());
                pw.writeInt64(p.lastStableOffset());
                pw.writeInt64(p.logStartOffset());
                pw.writeNullableArray(p.abortedTransactions(), (aw, a) -> {
                    aw.writeInt64(a.producerId());
                    aw.writeInt64(a.firstOffset());
                });
                if (p.records() == null) {
                    pw.writeInt32(-1);
                } else {
                    pw.writeInt32(p.records().sizeInBytes());
                    sink.onRecords(pw, p.records());
                }
            });
        });
    }

    /**
     * Decodes the body.
     *
     * @param reader the reader
     * @param version the api version
     * @return the response; record payloads share memory with the reader's input
     */
    public static FetchResponse read(WireReader reader, short version) {
        ApiKey.FETCH.checkVersion(version);
        int throttleTimeMs = reader.readInt32("throttleTimeMs");
        Errors error = Errors.read(reader, "error");
        List<FetchableTopic> topics = reader.readArray("topics", 6, r -> new FetchableTopic(
                r.readString("topics[].name"),
                r.readArray("topics[].partitions", 38, FetchResponse::readPartition)));
        return new FetchResponse(throttleTimeMs, error, topics);
    }

    private static PartitionData readPartition(WireReader r) {
        int partition = r.readInt32("topics[].partitions[].partition");
        Errors error = Errors.read(r, "topics[].partitions[].error");
        long highWatermark = r.readInt64("topics[].partitions[].highWatermark");
        long lastStableOffset = r.readInt64("topics[].partitions[].lastStableOffset");
        long logStartOffset = r.readInt64("topics[].partitions[].logStartOffset");
        List<AbortedTransaction> aborted = r.readNullableArray("topics[].partitions[].abortedTransactions", 16,
                ar -> new AbortedTransaction(
                        ar.readInt64("topics[].partitions[].abortedTransactions[].producerId"),
                        ar.readInt64("topics[].partitions[].abortedTransactions[].firstOffset")));
        ByteBuffer records = r.readNullableBytes("topics[].partitions[].records");
        return new PartitionData(partition, error, highWatermark, lastStableOffset, logStartOffset, aborted,
                records == null ? null : new ByteBufferRecords(records));
    }
}
