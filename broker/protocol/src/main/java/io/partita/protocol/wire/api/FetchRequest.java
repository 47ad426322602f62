package io.partita.protocol.wire.api;

import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiRequest;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.WireWriter;
import java.util.List;
import java.util.Objects;

/**
 * Reads record batches from partitions, waiting up to {@code maxWaitMs} until at least
 * {@code minBytes} are available (long poll).
 *
 * <p>Version 0: replicaId int32, maxWaitMs int32, minBytes int32, maxBytes int32,
 * isolationLevel int8, topics [name string, partitions [partition int32,
 * currentLeaderEpoch int32, fetchOffset int64, logStartOffset int64, partitionMaxBytes int32]].
 *
 * @param replicaId the follower's broker id, or -1 for a consumer
 * @param maxWaitMs the longest the broker may hold the request waiting for {@code minBytes}
 * @param minBytes the fewest bytes of records worth answering with (0 answers at once)
 * @param maxBytes the most bytes of records for the whole response (at least one batch is returned even if larger)
 * @param isolationLevel 0 read uncommitted, 1 read committed (stop at the last stable offset)
 * @param topics the partitions to read, grouped by topic
 */
public record FetchRequest(int replicaId, int maxWaitMs, int minBytes, int maxBytes, byte isolationLevel,
                           List<FetchTopic> topics) implements ApiRequest {

    /** replicaId of a consumer. */
    public static final int CONSUMER_REPLICA_ID = -1;
    /** isolationLevel: read everything up to the high watermark. */
    public static final byte READ_UNCOMMITTED = 0;
    /** isolationLevel: read up to the last stable offset, skipping aborted transactions. */
    public static final byte READ_COMMITTED = 1;

    /**
     * The partitions of one topic to read.
     *
     * @param name the topic name
     * @param partitions the partitions
     */
    public record FetchTopic(String name, List<FetchPartition> partitions) {
        /** Checks required fields. */
        public FetchTopic {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(partitions, "partitions");
        }
    }

    /**
     * One partition to read.
     *
     * @param partition the partition number
     * @param currentLeaderEpoch the leader epoch the client knows, or -1 to skip the check
     * @param fetchOffset the offset to read from
     * @param logStartOffset the follower's log start offset, or -1 for a consumer
     * @param partitionMaxBytes the most bytes of records for this partition
     */
    public record FetchPartition(int partition, int currentLeaderEpoch, long fetchOffset, long logStartOffset,
                                 int partitionMaxBytes) {
    }

    /** Checks required fields. */
    public FetchRequest {
        Objects.requireNonNull(topics, "topics");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.FETCH;
    }

    @Override
    public void write(WireWriter writer, short version) {
        ApiKey.FETCH.checkVersion(version);
        writer.writeInt32(replicaId);
        writer.writeInt32(maxWaitMs);
        writer.writeInt32(minBytes);
        writer.writeInt32(maxBytes);
        writer.writeInt8(isolationLevel);
        writer.writeArray(topics, (w, t) -> {
            w.writeString(t.name());
            w.writeArray(t.partitions(), (pw, p) -> {
                pw.writeInt32(p.partition());
                pw.writeInt32(p.currentLeaderEpoch());
                pw.writeInt64(p.fetchOffset());
                pw.writeInt64(p.logStartOffset());
                pw.writeInt32(p.partitionMaxBytes());
            });
        });
    }

    /**
     * Decodes the body.
     *
     * @param reader the reader
     * @param version the api version
     * @return the request
     */
    public static FetchRequest read(WireReader reader, short version) {
        ApiKey.FETCH.checkVersion(version);
        int replicaId = reader.readInt32("replicaId");
        int maxWaitMs = reader.readInt32("maxWaitMs");
        int minBytes = reader.readInt32("minBytes");
        int maxBytes = reader.readInt32("maxBytes");
        byte isolationLevel = reader.readInt8("isolationLevel");
        List<FetchTopic> topics = reader.readArray("topics", 6, r -> new FetchTopic(
                r.readString("topics[].name"),
                r.readArray("topics[].partitions", 28, pr -> new FetchPartition(
                        pr.readInt32("topics[].partitions[].partition"),
                        pr.readInt32("topics[].partitions[].currentLeaderEpoch"),
                        pr.readInt64("topics[].partitions[].fetchOffset"),
                        pr.readInt64("topics[].partitions[].logStartOffset"),
                        pr.readInt32("topics[].partitions[].partitionMaxBytes")))));
        return new FetchRequest(replicaId, maxWaitMs, minBytes, maxBytes, isolationLevel, topics);
    }
}
