package io.partita.broker;

import io.partita.protocol.TopicPartition;
import io.partita.protocol.record.Record;
import io.partita.protocol.record.RecordBatch;
import io.partita.protocol.record.RecordBatchBuilder;
import io.partita.protocol.record.RecordBatches;
import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.Frames;
import io.partita.protocol.wire.RequestHeader;
import io.partita.protocol.wire.api.ApiMessages;
import io.partita.protocol.wire.api.ApiVersionsRequest;
import io.partita.protocol.wire.api.ApiVersionsResponse;
import io.partita.protocol.wire.api.CreateTopicsResponse;
import io.partita.protocol.wire.api.DeleteTopicsRequest;
import io.partita.protocol.wire.api.DeleteTopicsResponse;
import io.partita.protocol.wire.api.FetchResponse;
import io.partita.protocol.wire.api.ListOffsetsRequest;
import io.partita.protocol.wire.api.ListOffsetsResponse;
import io.partita.protocol.wire.api.MetadataRequest;
import io.partita.protocol.wire.api.MetadataResponse;
import io.partita.protocol.wire.api.ProduceRequest;
import io.partita.protocol.wire.api.ProduceResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.partita.broker.BrokerTestSupport.batch;
import static io.partita.broker.BrokerTestSupport.createTopic;
import static io.partita.broker.BrokerTestSupport.fetch;
import static io.partita.broker.BrokerTestSupport.listOffsets;
import static io.partita.broker.BrokerTestSupport.only;
import static io.partita.broker.BrokerTestSupport.produce;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A real broker on a real socket: every API end to end through {@link TestWireClient}. */
@Timeout(120)
class EndToEndTest {
    @TempDir
    Path dir;

    private PartitaServer server;

    @BeforeEach
    void start() throws Exception {
        server = PartitaServer.start(BrokerTestSupport.config(dir));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private TestWireClient client() throws Exception {
        return new TestWireClient(server.port());
    }

    @Test
    void apiVersionsListsEveryApiWithACodec() throws Exception {
        try (TestWireClient c = client()) {
            ApiVersionsResponse r = c.call(new ApiVersionsRequest());
            assertEquals(Errors.NONE, r.error());
            assertEquals(ApiVersionsResponse.ofThisBuild().apiKeys(), r.apiKeys());
        }
    }

    @Test
    void producedBatchesAreFetchedBackByteForByteUnderEveryAcks() throws Exception {
        try (TestWireClient c = client()) {
            assertEquals(Errors.NONE, ((CreateTopicsResponse) c.call(createTopic("orders", 1, Map.of()))).topics().get(0).error());
            List<ByteBuffer> sent = new ArrayList<>();
            for (short acks : new short[] {1, -1, 0, 1}) {
                ByteBuffer b = batch(System.currentTimeMillis(), "acks" + acks + "-a", "acks" + acks + "-b");
                sent.add(b.duplicate());
                c.send(produce("orders", 0, acks, b));
                if (acks == 0) {
                    c.forgetLast();
                } else {
                    ProduceResponse.PartitionResponse p = only((ProduceResponse) c.receive());
                    assertEquals(Errors.NONE, p.error(), String.valueOf(p.errorMessage()));
                    assertEquals((sent.size() - 1) * 2L, p.baseOffset());
                }
            }
            List<RecordBatch> batches = fetchAll(c, "orders", 0);
            assertEquals(4, batches.size());
            for (int i = 0; i < 4; i++) {
                RecordBatch got = batches.get(i);
                assertEquals(i * 2L, got.baseOffset());
                assertEquals(0, got.partitionLeaderEpoch());
                ByteBuffer expected = sent.get(i).duplicate();
                ByteBuffer actual = got.buffer().duplicate();
                actual.position(got.start()).limit(got.start() + got.sizeInBytes());
                // Everything from the magic byte on is exactly what the producer sent.
                expected.position(RecordBatch.MAGIC_OFFSET);
                actual.position(got.start() + RecordBatch.MAGIC_OFFSET);
                assertEquals(expected, actual, "batch " + i);
                assertTrue(got.isChecksumValid());
            }
        }
    }

    @Test
    void acksZeroProduceIsNeverAnswered() throws Exception {
        try (TestWireClient c = client()) {
            c.send(produce("quiet", 0, (short) 0, batch(5, "x")));
            c.forgetLast();
            // The next frame on the connection answers the metadata request, not the produce.
            MetadataResponse m = c.call(new MetadataRequest(List.of("quiet"), false));
            assertEquals(Errors.NONE, m.topics().get(0).error());
            FetchResponse.PartitionData data = only((FetchResponse) c.call(fetch("quiet", 0, 0, 0, 0)));
            assertEquals(List.of("x"), values(data));
        }
    }

    @Test
    void longPollFetchWaitsForAProduceAndReturnsItsData() throws Exception {
        try (TestWireClient consumer = client(); TestWireClient producer = client()) {
            assertEquals(Errors.NONE, only((ProduceResponse) producer.call(produce("events", 0, (short) 1,
                    batch(1, "before")))).error());
            AtomicBoolean produced = new AtomicBoolean();
            consumer.send(fetch("events", 0, 1, 60_000, 1));
            CompletableFuture<Boolean> producedWhenAnswered = new CompletableFuture<>();
            CompletableFuture<FetchResponse> answer = CompletableFuture.supplyAsync(() -> {
                try {
                    FetchResponse r = consumer.receive();
                    producedWhenAnswered.complete(produced.get());
                    return r;
                } catch (Exception e) {
                    producedWhenAnswered.completeExceptionally(e);
                    throw new RuntimeException(e);
                }
            });
            TopicPartition tp = new TopicPartition("events", 0);
            BrokerTestSupport.await("the fetch to wait on " + tp, 10_000,
                    () -> server.replicaManager().delayedOperations().watching(tp) == 1);
            assertFalse(answer.isDone(), "the fetch answered before anything was produced");
            produced.set(true);
            assertEquals(1, only((ProduceResponse) producer.call(produce("events", 0, (short) 1,
                    batch(2, "after")))).baseOffset());
            FetchResponse r = answer.get(30, TimeUnit.SECONDS);
            assertTrue(producedWhenAnswered.get(), "the fetch answered before the produce");
            FetchResponse.PartitionData data = only(r);
            assertEquals(List.of("after"), values(data));
            assertEquals(2, data.highWatermark());
            assertEquals(0, server.replicaManager().delayedOperations().watching(tp));
        }
    }

    @Test
    void longPollFetchAnswersEmptyAtItsDeadline() throws Exception {
        try (TestWireClient c = client()) {
            c.call(produce("idle", 0, (short) 1, batch(1, "only")));
            FetchResponse.PartitionData data = only((FetchResponse) c.call(fetch("idle", 0, 1, 200, 1)));
            assertEquals(Errors.NONE, data.error());
            assertEquals(0, data.records().sizeInBytes());
        }
    }

    @Test
    void fetchBeyondTheLogEndIsOutOfRange() throws Exception {
        try (TestWireClient c = client()) {
            c.call(produce("range", 0, (short) 1, batch(1, "a")));
            assertEquals(Errors.OFFSET_OUT_OF_RANGE, only((FetchResponse) c.call(fetch("range", 0, 5, 0, 0))).error());
            assertEquals(Errors.UNKNOWN_TOPIC_OR_PARTITION, only((FetchResponse) c.call(fetch("range", 3, 0, 0, 0))).error());
        }
    }

    @Test
    void listOffsetsFindsEarliestLatestAndByTimestamp() throws Exception {
        try (TestWireClient c = client()) {
            c.call(createTopic("times", 1, Map.of()));
            c.call(produce("times", 0, (short) 1, batch(1_000, "t1000-a", "t1000-b")));
            c.call(produce("times", 0, (short) 1, batch(2_000, "t2000")));
            c.call(produce("times", 0, (short) 1, batch(3_000, "t3000")));
            ListOffsetsResponse.ListOffsetsPartitionResponse earliest = only((ListOffsetsResponse) c.call(
                    listOffsets("times", 0, ListOffsetsRequest.EARLIEST_TIMESTAMP)));
            assertEquals(0, earliest.offset());
            assertEquals(4, only((ListOffsetsResponse) c.call(listOffsets("times", 0, ListOffsetsRequest.LATEST_TIMESTAMP))).offset());
            ListOffsetsResponse.ListOffsetsPartitionResponse at = only((ListOffsetsResponse) c.call(listOffsets("times", 0, 1_500)));
            assertEquals(Errors.NONE, at.error());
            assertEquals(2, at.offset());
            assertEquals(2_000, at.timestamp());
            assertEquals(0, only((ListOffsetsResponse) c.call(listOffsets("times", 0, 0))).offset());
            assertEquals(-1, only((ListOffsetsResponse) c.call(listOffsets("times", 0, 9_999))).offset());
            assertEquals(Errors.UNKNOWN_TOPIC_OR_PARTITION,
                    only((ListOffsetsResponse) c.call(listOffsets("times", 7, -1))).error());
        }
    }

    @Test
    void createDescribeAndDeleteTopics() throws Exception {
        try (TestWireClient c = client()) {
            assertEquals(Errors.NONE, ((CreateTopicsResponse) c.call(createTopic("three", 3,
                    Map.of("segment.bytes", "1048576")))).topics().get(0).error());
            assertEquals(Errors.TOPIC_ALREADY_EXISTS, ((CreateTopicsResponse) c.call(createTopic("three", 3, Map.of())))
                    .topics().get(0).error());
            assertEquals(Errors.INVALID_TOPIC, ((CreateTopicsResponse) c.call(createTopic("bad/name", 1, Map.of())))
                    .topics().get(0).error());
            assertEquals(Errors.INVALID_PARTITIONS, ((CreateTopicsResponse) c.call(createTopic("zero", 0, Map.of())))
                    .topics().get(0).error());
            assertEquals(Errors.INVALID_REQUEST, ((CreateTopicsResponse) c.call(createTopic("cfg", 1,
                    Map.of("no.such.key", "1")))).topics().get(0).error());
            assertEquals(Errors.INVALID_REQUEST, ((CreateTopicsResponse) c.call(createTopic("cfg", 1,
                    Map.of("segment.bytes", "lots")))).topics().get(0).error());
            CreateTopicsResponse rf = c.call(new io.partita.protocol.wire.api.CreateTopicsRequest(List.of(
                    new io.partita.protocol.wire.api.CreateTopicsRequest.Topic("replicated", 1, (short) 3, Map.of())),
                    1000, false));
            assertEquals(Errors.INVALID_REPLICATION_FACTOR, rf.topics().get(0).error());

            MetadataResponse m = c.call(new MetadataRequest(List.of("three"), false));
            assertEquals(List.of(new MetadataResponse.Broker(0, "127.0.0.1", server.port(), null)), m.brokers());
            assertEquals(0, m.controllerId());
            MetadataResponse.Topic t = m.topics().get(0);
            assertEquals(Errors.NONE, t.error());
            assertEquals(3, t.partitions().size());
            for (MetadataResponse.Partition p : t.partitions()) {
                assertEquals(0, p.leader());
                assertEquals(0, p.leaderEpoch());
                assertEquals(List.of(0), p.isr());
            }
            MetadataResponse all = c.call(new MetadataRequest(null, false));
            assertEquals(List.of("three"), all.topics().stream().map(MetadataResponse.Topic::name).toList());

            c.call(produce("three", 2, (short) 1, batch(1, "doomed")));
            DeleteTopicsResponse d = c.call(new DeleteTopicsRequest(List.of("three", "never-was"), 1000));
            assertEquals(Errors.NONE, d.topics().get(0).error());
            assertEquals(Errors.UNKNOWN_TOPIC_OR_PARTITION, d.topics().get(1).error());
            assertEquals(Errors.UNKNOWN_TOPIC_OR_PARTITION,
                    ((MetadataResponse) c.call(new MetadataRequest(List.of("three"), false))).topics().get(0).error());
            assertFalse(java.nio.file.Files.exists(dir.resolve("three-2")), "partition directory removed");
            // A topic of the same name starts empty.
            assertEquals(Errors.NONE, ((CreateTopicsResponse) c.call(createTopic("three", 1, Map.of()))).topics().get(0).error());
            assertEquals(0, only((ListOffsetsResponse) c.call(listOffsets("three", 0, -1))).offset());
        }
    }

    @Test
    void metadataAndProduceCreateMissingTopics() throws Exception {
        try (TestWireClient c = client()) {
            MetadataResponse noAuto = c.call(new MetadataRequest(List.of("lazy"), false));
            assertEquals(Errors.UNKNOWN_TOPIC_OR_PARTITION, noAuto.topics().get(0).error());
            MetadataResponse auto = c.call(new MetadataRequest(List.of("lazy"), true));
            assertEquals(Errors.NONE, auto.topics().get(0).error());
            assertEquals(1, auto.topics().get(0).partitions().size());
            assertEquals(Errors.INVALID_TOPIC,
                    ((MetadataResponse) c.call(new MetadataRequest(List.of("no spaces"), true))).topics().get(0).error());
            assertEquals(Errors.NONE, only((ProduceResponse) c.call(produce("by-produce", 0, (short) 1, batch(1, "v")))).error());
            assertEquals(Errors.NONE,
                    ((MetadataResponse) c.call(new MetadataRequest(List.of("by-produce"), false))).topics().get(0).error());
        }
    }

    @Test
    void autoCreationCanBeTurnedOff() throws Exception {
        server.close();
        server = PartitaServer.start(BrokerTestSupport.config(dir).with("auto.create.topics.enable", "false"));
        try (TestWireClient c = client()) {
            assertEquals(Errors.UNKNOWN_TOPIC_OR_PARTITION,
                    ((MetadataResponse) c.call(new MetadataRequest(List.of("lazy"), true))).topics().get(0).error());
            assertEquals(Errors.UNKNOWN_TOPIC_OR_PARTITION,
                    only((ProduceResponse) c.call(produce("lazy", 0, (short) 1, batch(1, "v")))).error());
        }
    }

    @Test
    void acksAllIsRefusedBelowMinInsyncReplicas() throws Exception {
        try (TestWireClient c = client()) {
            c.call(createTopic("strict", 1, Map.of("min.insync.replicas", "2")));
            ProduceResponse.PartitionResponse all = only((ProduceResponse) c.call(produce("strict", 0, (short) -1, batch(1, "v"))));
            assertEquals(Errors.NOT_ENOUGH_REPLICAS, all.error());
            ProduceResponse.PartitionResponse one = only((ProduceResponse) c.call(produce("strict", 0, (short) 1, batch(1, "v"))));
            assertEquals(Errors.NONE, one.error());
            assertEquals(0, one.baseOffset(), "the refused append wrote nothing");
            assertEquals(Errors.INVALID_REQUIRED_ACKS,
                    only((ProduceResponse) c.call(produce("strict", 0, (short) 2, batch(1, "v")))).error());
        }
    }

    @Test
    void corruptBatchesAreRefusedWhole() throws Exception {
        try (TestWireClient c = client()) {
            ByteBuffer good = batch(1, "fine");
            ByteBuffer bad = batch(1, "flipped");
            bad.put(bad.limit() - 1, (byte) (bad.get(bad.limit() - 1) ^ 1));
            ByteBuffer both = ByteBuffer.allocate(good.remaining() + bad.remaining()).put(good.duplicate()).put(bad.duplicate()).flip();
            assertEquals(Errors.CORRUPT_MESSAGE, only((ProduceResponse) c.call(produce("crc", 0, (short) 1, both))).error());
            assertEquals(0, only((ListOffsetsResponse) c.call(listOffsets("crc", 0, -1))).offset());
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInRequestOrder() throws Exception {
        try (TestWireClient c = client()) {
            c.call(createTopic("pipe", 1, Map.of()));
            List<ApiKey> expected = new ArrayList<>();
            // A long poll first: it completes last, yet its answer must come first.
            c.send(fetch("pipe", 0, 0, 500, 1 << 30));
            expected.add(ApiKey.FETCH);
            for (int i = 0; i < 60; i++) {
                switch (i % 4) {
                    case 0 -> c.send(produce("pipe", 0, (short) 1, batch(i, "p" + i)));
                    case 1 -> c.send(new MetadataRequest(List.of("pipe"), false));
                    case 2 -> c.send(fetch("pipe", 0, 0, 0, 0));
                    default -> c.send(new ApiVersionsRequest());
                }
                expected.add(c.lastSentApi());
            }
            long produceOffset = 0;
            for (ApiKey key : expected) {
                ApiResponse r = c.receive(); // checks the correlation id of each answer in turn
                assertEquals(key, r.apiKey());
                if (r instanceof ProduceResponse p) {
                    assertEquals(produceOffset++, only(p).baseOffset());
                }
            }
        }
    }

    @Test
    void unsupportedVersionsAreAnsweredWhereTheResponseCanSaySo() throws Exception {
        try (TestWireClient c = client()) {
            ByteBuffer frame = ByteBuffer.wrap(TestWireClient.bytes(Frames.encodeRequest(
                    new RequestHeader(ApiKey.API_VERSIONS, (short) 0, 77, "x"), new ApiVersionsRequest())));
            frame.putShort(6, (short) 9); // version 9 of ApiVersions
            c.sendRaw(frame.array());
            ApiMessages.DecodedResponse r = ApiMessages.decodeResponse(c.readFrame(), ApiKey.API_VERSIONS, (short) 0);
            assertEquals(77, r.header().correlationId());
            assertEquals(Errors.UNSUPPORTED_VERSION, ((ApiVersionsResponse) r.body()).error());
            assertEquals(ApiVersionsResponse.ofThisBuild().apiKeys(), ((ApiVersionsResponse) r.body()).apiKeys());
            // The connection is still usable.
            assertEquals(Errors.NONE, ((ApiVersionsResponse) c.call(new ApiVersionsRequest())).error());
        }
        try (TestWireClient c = client()) {
            ByteBuffer frame = ByteBuffer.wrap(TestWireClient.bytes(Frames.encodeRequest(
                    new RequestHeader(ApiKey.METADATA, (short) 0, 1, "x"), new MetadataRequest(null, false))));
            frame.putShort(6, (short) 4);
            c.sendRaw(frame.array());
            assertTrue(c.isClosedByPeer(), "Metadata has no field for the error: the connection is closed");
        }
    }

    /** Every batch of the partition below its high watermark, fetched the way a consumer would. */
    static List<RecordBatch> fetchAll(TestWireClient c, String topic, int partition) throws Exception {
        List<RecordBatch> out = new ArrayList<>();
        long offset = 0;
        while (true) {
            FetchResponse.PartitionData data = only((FetchResponse) c.call(fetch(topic, partition, offset, 0, 0)));
            assertEquals(Errors.NONE, data.error());
            if (offset >= data.highWatermark()) {
                return out;
            }
            for (RecordBatch b : new RecordBatches(data.recordsBuffer())) {
                out.add(b);
                offset = b.nextOffset();
            }
        }
    }

    static List<String> values(FetchResponse.PartitionData data) {
        List<String> out = new ArrayList<>();
        if (data.recordsBuffer() == null) {
            return out;
        }
        for (Record r : new RecordBatches(data.recordsBuffer()).records()) {
            out.add(new String(r.valueBytes(), StandardCharsets.UTF_8));
        }
        return out;
    }

}
