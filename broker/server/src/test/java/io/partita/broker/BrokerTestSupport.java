package io.partita.broker;

import io.partita.broker.config.BrokerConfig;
import io.partita.protocol.record.RecordBatchBuilder;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.api.CreateTopicsRequest;
import io.partita.protocol.wire.api.FetchRequest;
import io.partita.protocol.wire.api.FetchResponse;
import io.partita.protocol.wire.api.ListOffsetsRequest;
import io.partita.protocol.wire.api.ListOffsetsResponse;
import io.partita.protocol.wire.api.ProduceRequest;
import io.partita.protocol.wire.api.ProduceResponse;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Request builders and broker set-up shared by the broker tests. */
final class BrokerTestSupport {
    private BrokerTestSupport() {
    }

    /** A configuration on an ephemeral port of 127.0.0.1 with data in {@code dir}. */
    static BrokerConfig config(Path dir) {
        return BrokerConfig.of(Map.of(
                BrokerConfig.LISTENERS, "PLAINTEXT://127.0.0.1:0",
                BrokerConfig.LOG_DIRS, dir.toString(),
                BrokerConfig.NUM_NETWORK_THREADS, "2",
                BrokerConfig.NUM_IO_THREADS, "4"));
    }

    static ByteBuffer batch(long timestamp, String... values) {
        RecordBatchBuilder b = new RecordBatchBuilder();
        for (String v : values) {
            b.append(timestamp, null, v.getBytes(StandardCharsets.UTF_8));
        }
        return b.build();
    }

    static ByteBuffer idempotentBatch(long producerId, short epoch, int firstSequence, String... values) {
        RecordBatchBuilder b = new RecordBatchBuilder().producer(producerId, epoch, firstSequence);
        for (String v : values) {
            b.append(System.currentTimeMillis(), null, v.getBytes(StandardCharsets.UTF_8));
        }
        return b.build();
    }

    static ProduceRequest produce(String topic, int partition, short acks, ByteBuffer records) {
        return new ProduceRequest(null, acks, 30_000, List.of(new ProduceRequest.TopicData(topic,
                List.of(new ProduceRequest.PartitionData(partition, records.duplicate())))));
    }

    static ProduceResponse.PartitionResponse only(ProduceResponse r) {
        assertEquals(1, r.topics().size());
        assertEquals(1, r.topics().get(0).partitions().size());
        return r.topics().get(0).partitions().get(0);
    }

    static FetchRequest fetch(String topic, int partition, long offset, int maxWaitMs, int minBytes) {
        return new FetchRequest(-1, maxWaitMs, minBytes, 1 << 20, FetchRequest.READ_UNCOMMITTED,
                List.of(new FetchRequest.FetchTopic(topic, List.of(
                        new FetchRequest.FetchPartition(partition, -1, offset, -1, 1 << 20)))));
    }

    static FetchResponse.PartitionData only(FetchResponse r) {
        assertEquals(Errors.NONE, r.error());
        assertEquals(1, r.topics().size());
        assertEquals(1, r.topics().get(0).partitions().size());
        return r.topics().get(0).partitions().get(0);
    }

    static ListOffsetsRequest listOffsets(String topic, int partition, long timestamp) {
        return new ListOffsetsRequest(-1, (byte) 0, List.of(new ListOffsetsRequest.ListOffsetsTopic(topic,
                List.of(new ListOffsetsRequest.ListOffsetsPartition(partition, -1, timestamp)))));
    }

    static ListOffsetsResponse.ListOffsetsPartitionResponse only(ListOffsetsResponse r) {
        return r.topics().get(0).partitions().get(0);
    }

    static CreateTopicsRequest createTopic(String name, int partitions, Map<String, String> configs) {
        return new CreateTopicsRequest(List.of(new CreateTopicsRequest.Topic(name, partitions, (short) 1, configs)),
                10_000, false);
    }

    /** Waits for {@code condition} until the deadline, failing with {@code what} if it never holds. */
    static void await(String what, long timeoutMs, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000L);
        }
    }
}
