package io.partita.broker;

import io.partita.broker.config.BrokerConfig;
import io.partita.protocol.record.RecordBatch;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.api.CreateTopicsResponse;
import io.partita.protocol.wire.api.DeleteTopicsRequest;
import io.partita.protocol.wire.api.InitProducerIdRequest;
import io.partita.protocol.wire.api.InitProducerIdResponse;
import io.partita.protocol.wire.api.ListOffsetsResponse;
import io.partita.protocol.wire.api.MetadataRequest;
import io.partita.protocol.wire.api.MetadataResponse;
import io.partita.protocol.wire.api.ProduceResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.partita.broker.BrokerTestSupport.batch;
import static io.partita.broker.BrokerTestSupport.createTopic;
import static io.partita.broker.BrokerTestSupport.idempotentBatch;
import static io.partita.broker.BrokerTestSupport.listOffsets;
import static io.partita.broker.BrokerTestSupport.only;
import static io.partita.broker.BrokerTestSupport.produce;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Idempotent produce, and what survives a clean restart: topics, data, producer state, producer ids. */
@Timeout(120)
class IdempotenceAndRestartTest {
    @TempDir
    Path dir;

    private PartitaServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private BrokerConfig config() {
        return BrokerTestSupport.config(dir);
    }

    private TestWireClient client() throws Exception {
        return new TestWireClient(server.port());
    }

    private static long logEnd(TestWireClient c, String topic) throws Exception {
        return only((ListOffsetsResponse) c.call(listOffsets(topic, 0, -1))).offset();
    }

    private static ProduceResponse.PartitionResponse send(TestWireClient c, String topic, ByteBuffer batch) throws Exception {
        return only((ProduceResponse) c.call(produce(topic, 0, (short) -1, batch)));
    }

    @Test
    void aRetriedBatchIsAppendedOnceAndAnsweredWithItsOriginalOffset() throws Exception {
        server = PartitaServer.start(config());
        long pid;
        ByteBuffer second;
        try (TestWireClient c = client()) {
            c.call(createTopic("idem", 1, Map.of()));
            InitProducerIdResponse init = c.call(new InitProducerIdRequest(null, 60_000, -1, (short) -1));
            assertEquals(Errors.NONE, init.error());
            assertEquals(0, init.producerEpoch());
            pid = init.producerId();
            c.call(produce("idem", 0, (short) 1, batch(System.currentTimeMillis(), "plain"))); // offset 0, no producer

            ByteBuffer first = idempotentBatch(pid, (short) 0, 0, "a", "b", "c");
            assertEquals(1, send(c, "idem", first).baseOffset());
            ProduceResponse.PartitionResponse again = send(c, "idem", first);
            assertEquals(Errors.NONE, again.error());
            assertEquals(1, again.baseOffset());
            assertEquals(4, logEnd(c, "idem"));

            second = idempotentBatch(pid, (short) 0, 3, "d", "e");
            c.send(produce("idem", 0, (short) -1, second));
        } // dropped before reading the answer
        try (TestWireClient c = client()) {
            ProduceResponse.PartitionResponse retried = send(c, "idem", second);
            assertEquals(Errors.NONE, retried.error());
            assertEquals(4, retried.baseOffset());
            assertEquals(6, logEnd(c, "idem"));

            ProduceResponse.PartitionResponse gap = send(c, "idem", idempotentBatch(pid, (short) 0, 9, "skips 5..8"));
            assertEquals(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER, gap.error());
            assertEquals(6, logEnd(c, "idem"), "nothing appended");

            ProduceResponse.PartitionResponse stranger = send(c, "idem", idempotentBatch(pid + 1000, (short) 0, 4, "x"));
            assertEquals(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER, stranger.error(), "an unknown producer starts at 0");

            assertEquals(Errors.NONE, send(c, "idem", idempotentBatch(pid, (short) 1, 0, "new epoch")).error());
            ProduceResponse.PartitionResponse fenced = send(c, "idem", idempotentBatch(pid, (short) 0, 5, "zombie"));
            assertEquals(Errors.INVALID_PRODUCER_EPOCH, fenced.error());

            InitProducerIdResponse txn = c.call(new InitProducerIdRequest("txn-1", 60_000, -1, (short) -1));
            assertEquals(Errors.NONE, txn.error(), "a transactional id gets its own producer id");
            assertNotEquals(pid, txn.producerId());
            assertEquals(0, txn.producerEpoch());
        }
    }

    @Test
    void consecutiveBatchesOfOneProducerAppendedTogetherAreRecognisedWhenRetried() throws Exception {
        server = PartitaServer.start(config());
        try (TestWireClient c = client()) {
            c.call(createTopic("runs", 1, Map.of()));
            InitProducerIdResponse init = c.call(new InitProducerIdRequest(null, 60_000, -1, (short) -1));
            long pid = init.producerId();
            ByteBuffer three = concat(idempotentBatch(pid, (short) 0, 0, "a", "b"),
                    idempotentBatch(pid, (short) 0, 2, "c"), idempotentBatch(pid, (short) 0, 3, "d", "e", "f"));
            assertEquals(0, send(c, "runs", three.duplicate()).baseOffset());
            assertEquals(6, logEnd(c, "runs"));

            ProduceResponse.PartitionResponse again = send(c, "runs", three.duplicate());
            assertEquals(Errors.NONE, again.error());
            assertEquals(0, again.baseOffset(), "the whole retried request is answered with its original offset");
            ProduceResponse.PartitionResponse middle = send(c, "runs", idempotentBatch(pid, (short) 0, 2, "c"));
            assertEquals(Errors.NONE, middle.error());
            assertEquals(2, middle.baseOffset(), "a batch inside the run is recognised too");
            assertEquals(6, logEnd(c, "runs"), "nothing appended twice");

            ProduceResponse.PartitionResponse gap = send(c, "runs", concat(idempotentBatch(pid, (short) 0, 6, "g"),
                    idempotentBatch(pid, (short) 0, 8, "skips 7")));
            assertEquals(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER, gap.error());
            ProduceResponse.PartitionResponse overlap = send(c, "runs", concat(idempotentBatch(pid, (short) 0, 5, "f"),
                    idempotentBatch(pid, (short) 0, 6, "g")));
            assertEquals(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER, overlap.error(), "half retried, half new");
            assertEquals(6, logEnd(c, "runs"), "nothing appended");

            assertEquals(6, send(c, "runs", concat(idempotentBatch(pid, (short) 0, 6, "g"),
                    idempotentBatch(pid, (short) 0, 7, "h"))).baseOffset());
            assertEquals(8, logEnd(c, "runs"));
        }
    }

    private static ByteBuffer concat(ByteBuffer... batches) {
        int size = 0;
        for (ByteBuffer b : batches) {
            size += b.remaining();
        }
        ByteBuffer all = ByteBuffer.allocate(size);
        for (ByteBuffer b : batches) {
            all.put(b.duplicate());
        }
        return all.flip();
    }

    @Test
    void topicsDataAndProducerStateSurviveACleanRestart() throws Exception {
        server = PartitaServer.start(config());
        long pid;
        ByteBuffer last;
        try (TestWireClient c = client()) {
            assertEquals(Errors.NONE, ((CreateTopicsResponse) c.call(createTopic("kept", 2,
                    Map.of("segment.bytes", "4096", "min.insync.replicas", "1")))).topics().get(0).error());
            c.call(createTopic("dropped", 1, Map.of()));
            pid = ((InitProducerIdResponse) c.call(new InitProducerIdRequest(null, 60_000, -1, (short) -1))).producerId();
            for (int seq = 0; seq < 40; seq += 2) {
                assertEquals(Errors.NONE, send(c, "kept", idempotentBatch(pid, (short) 0, seq, "v" + seq, "v" + (seq + 1))).error());
            }
            last = idempotentBatch(pid, (short) 0, 40, "v40");
            assertEquals(40, send(c, "kept", last).baseOffset());
            c.call(new DeleteTopicsRequest(List.of("dropped"), 1000));
        }
        server.close();
        assertTrue(Files.exists(dir.resolve("kept-0").resolve("producer-state.snapshot")));

        server = PartitaServer.start(config());
        try (TestWireClient c = client()) {
            MetadataResponse m = c.call(new MetadataRequest(null, false));
            assertEquals(List.of("kept"), m.topics().stream().map(MetadataResponse.Topic::name).toList());
            assertEquals(2, m.topics().get(0).partitions().size());
            assertEquals(41, logEnd(c, "kept"));
            List<RecordBatch> batches = EndToEndTest.fetchAll(c, "kept", 0);
            assertTrue(batches.size() > 1);
            assertEquals(41, batches.get(batches.size() - 1).nextOffset());

            assertEquals(40, send(c, "kept", last).baseOffset(), "a retry after the restart is still recognised");
            assertEquals(41, logEnd(c, "kept"));
            assertEquals(41, send(c, "kept", idempotentBatch(pid, (short) 0, 41, "v41")).baseOffset());
            long newPid = ((InitProducerIdResponse) c.call(new InitProducerIdRequest(null, 60_000, -1, (short) -1))).producerId();
            assertTrue(newPid > pid, "producer id " + newPid + " reused after a restart (had " + pid + ")");
        }
        server.close();

        // Without the snapshot the state is rebuilt from the log itself.
        Files.delete(dir.resolve("kept-0").resolve("producer-state.snapshot"));
        server = PartitaServer.start(config());
        try (TestWireClient c = client()) {
            assertEquals(41, send(c, "kept", idempotentBatch(pid, (short) 0, 41, "v41")).baseOffset());
            assertEquals(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER, send(c, "kept",
                    idempotentBatch(pid, (short) 0, 43, "gap")).error());
            assertEquals(42, logEnd(c, "kept"));
        }
        assertFalse(Files.exists(dir.resolve("dropped-0")));
    }
}
