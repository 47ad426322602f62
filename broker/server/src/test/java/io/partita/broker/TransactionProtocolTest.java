package io.partita.broker;

import static io.partita.broker.BrokerTestSupport.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partita.broker.config.BrokerConfig;
import io.partita.broker.config.ConfigException;
import io.partita.protocol.record.RecordBatchBuilder;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.api.AddPartitionsToTxnRequest;
import io.partita.protocol.wire.api.AddPartitionsToTxnResponse;
import io.partita.protocol.wire.api.CreateTopicsRequest;
import io.partita.protocol.wire.api.EndTxnRequest;
import io.partita.protocol.wire.api.EndTxnResponse;
import io.partita.protocol.wire.api.FetchRequest;
import io.partita.protocol.wire.api.FetchResponse;
import io.partita.protocol.wire.api.InitProducerIdRequest;
import io.partita.protocol.wire.api.InitProducerIdResponse;
import io.partita.protocol.wire.api.ProduceRequest;
import io.partita.protocol.wire.api.ProduceResponse;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transaction APIs on the wire: what the broker refuses (batches for partitions outside the
 * transaction, fenced epochs, unknown ids, bad timeouts) and what a read-committed fetch returns
 * (the last stable offset and the aborted transactions in range).
 */
@Timeout(60)
class TransactionProtocolTest {
    @TempDir
    Path dir;

    private PartitaServer server;
    private TestWireClient c;

    @BeforeEach
    void start() throws Exception {
        server = PartitaServer.start(BrokerTestSupport.config(dir)
                .with(BrokerConfig.TRANSACTION_STATE_LOG_NUM_PARTITIONS, "1")
                .with(BrokerConfig.TRANSACTION_MAX_TIMEOUT_MS, "10000")
                .with(BrokerConfig.TRANSACTION_XA_DEFAULT_TIMEOUT_MS, "5000"));
        c = new TestWireClient(server.port());
        CreateTopicsRequest create = new CreateTopicsRequest(List.of(new CreateTopicsRequest.Topic("t", 2,
                (short) 1, Map.of())), 30_000, false);
        c.call(create);
    }

    @AfterEach
    void stop() throws Exception {
        c.close();
        server.close();
    }

    private static ByteBuffer txnBatch(long pid, short epoch, int seq, String value) {
        return new RecordBatchBuilder().producer(pid, epoch, seq).transactional(true)
                .append(System.currentTimeMillis(), null, value.getBytes(StandardCharsets.UTF_8)).build();
    }

    private ProduceResponse.PartitionResponse produce(String tid, int partition, ByteBuffer batch) throws Exception {
        return only((ProduceResponse) c.call(new ProduceRequest(tid, (short) -1, 30_000, List.of(
                new ProduceRequest.TopicData("t", List.of(new ProduceRequest.PartitionData(partition, batch)))))));
    }

    private AddPartitionsToTxnResponse add(String tid, long pid, short epoch, int... partitions) throws Exception {
        List<Integer> ps = java.util.Arrays.stream(partitions).boxed().toList();
        return c.call(new AddPartitionsToTxnRequest(tid, null, pid, epoch,
                List.of(new AddPartitionsToTxnRequest.TopicPartitions("t", ps))));
    }

    private FetchResponse.PartitionData fetchCommitted(int partition, long offset) throws Exception {
        return only((FetchResponse) c.call(new FetchRequest(-1, 0, 0, 1 << 20, FetchRequest.READ_COMMITTED,
                List.of(new FetchRequest.FetchTopic("t", List.of(
                        new FetchRequest.FetchPartition(partition, -1, offset, -1, 1 << 20)))))));
    }

    @Test
    void transactionalBatchesAreRefusedOutsideTheirTransaction() throws Exception {
        InitProducerIdResponse init = c.call(new InitProducerIdRequest("wire", 5000, -1, (short) -1));
        assertEquals(Errors.NONE, init.error());
        long pid = init.producerId();
        short epoch = init.producerEpoch();

        ProduceResponse.PartitionResponse notAdded = produce("wire", 0, txnBatch(pid, epoch, 0, "x"));
        assertEquals(Errors.INVALID_TXN_STATE, notAdded.error());
        assertTrue(notAdded.errorMessage().contains("t-0"), notAdded.errorMessage());

        assertEquals(Errors.NONE, add("wire", pid, epoch, 0).error());
        assertEquals(Errors.NONE, produce("wire", 0, txnBatch(pid, epoch, 0, "in")).error());
        assertEquals(Errors.INVALID_TXN_STATE, produce("wire", 1, txnBatch(pid, epoch, 0, "other partition")).error());

        AddPartitionsToTxnResponse unknown = add("wire", pid, epoch, 0, 7);
        assertEquals(Errors.NONE, unknown.error());
        assertEquals(Errors.INVALID_TXN_STATE, unknown.topics().get(0).partitions().get(0).error());
        assertEquals(Errors.UNKNOWN_TOPIC_OR_PARTITION, unknown.topics().get(0).partitions().get(1).error());

        InitProducerIdResponse fresh = c.call(new InitProducerIdRequest("wire", 5000, -1, (short) -1));
        assertEquals(pid, fresh.producerId());
        assertEquals(epoch + 1, fresh.producerEpoch());
        assertEquals(Errors.PRODUCER_FENCED, add("wire", pid, epoch, 1).error());
        assertEquals(Errors.PRODUCER_FENCED, produce("wire", 0, txnBatch(pid, epoch, 1, "zombie")).error());
        EndTxnResponse end = c.call(new EndTxnRequest("wire", pid, epoch, true));
        assertEquals(Errors.PRODUCER_FENCED, end.error());
        assertNotNull(end.errorMessage());

        EndTxnResponse nothingOpen = c.call(new EndTxnRequest("wire", pid, fresh.producerEpoch(), true));
        assertEquals(Errors.INVALID_TXN_STATE, nothingOpen.error());
        EndTxnResponse unknownId = c.call(new EndTxnRequest("nobody", pid, epoch, true));
        assertEquals(Errors.TRANSACTIONAL_ID_NOT_FOUND, unknownId.error());
        EndTxnResponse wrongPid = c.call(new EndTxnRequest("wire", pid + 1, fresh.producerEpoch(), true));
        assertEquals(Errors.INVALID_PRODUCER_ID_MAPPING, wrongPid.error());
        InitProducerIdResponse tooLong = c.call(new InitProducerIdRequest("wire", 10001, -1, (short) -1));
        assertEquals(Errors.INVALID_TRANSACTION_TIMEOUT, tooLong.error());
    }

    @Test
    void readCommittedFetchStopsAtTheLastStableOffsetAndListsAbortedTransactions() throws Exception {
        InitProducerIdResponse a = c.call(new InitProducerIdRequest("a", 5000, -1, (short) -1));
        InitProducerIdResponse b = c.call(new InitProducerIdRequest("b", 5000, -1, (short) -1));
        assertEquals(Errors.NONE, add("a", a.producerId(), a.producerEpoch(), 0).error());
        assertEquals(Errors.NONE, add("b", b.producerId(), b.producerEpoch(), 0).error());
        assertEquals(0, produce("a", 0, txnBatch(a.producerId(), a.producerEpoch(), 0, "a0")).baseOffset());
        assertEquals(1, produce("b", 0, txnBatch(b.producerId(), b.producerEpoch(), 0, "b0")).baseOffset());

        FetchResponse.PartitionData open = fetchCommitted(0, 0);
        assertEquals(2, open.highWatermark());
        assertEquals(0, open.lastStableOffset());
        assertEquals(0, open.records().sizeInBytes(), "nothing below the last stable offset");

        EndTxnResponse abortA = c.call(new EndTxnRequest("a", a.producerId(), a.producerEpoch(), false));
        assertEquals(Errors.NONE, abortA.error());
        FetchResponse.PartitionData afterAbort = fetchCommitted(0, 0);
        assertEquals(1, afterAbort.lastStableOffset(), "b's transaction is still open at offset 1");
        assertEquals(List.of(new FetchResponse.AbortedTransaction(a.producerId(), 0)),
                afterAbort.abortedTransactions());

        assertEquals(Errors.NONE, ((EndTxnResponse) c.call(new EndTxnRequest("b", b.producerId(), b.producerEpoch(),
                true))).error());
        FetchResponse.PartitionData done = fetchCommitted(0, 0);
        assertEquals(4, done.lastStableOffset(), "a0, b0 and both markers");
        assertEquals(done.highWatermark(), done.lastStableOffset());
        assertEquals(List.of(), fetchCommitted(0, 3).abortedTransactions(), "a's abort marker is before offset 3");
    }

    @Test
    void theStateTopicIsInternal() throws Exception {
        InitProducerIdResponse init = c.call(new InitProducerIdRequest("creates-the-state-log", 5000, -1, (short) -1));
        assertEquals(Errors.NONE, init.error());
        ProduceResponse.PartitionResponse write = only((ProduceResponse) c.call(BrokerTestSupport.produce(
                "__transaction_state", 0, (short) -1, BrokerTestSupport.batch(1, "garbage"))));
        assertEquals(Errors.INVALID_TOPIC, write.error());
        io.partita.protocol.wire.api.DeleteTopicsResponse delete = c.call(
                new io.partita.protocol.wire.api.DeleteTopicsRequest(List.of("__transaction_state"), 30_000));
        assertEquals(Errors.INVALID_TOPIC, delete.topics().get(0).error());
        ConfigException bad = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> BrokerTestSupport.config(dir).with(BrokerConfig.TRANSACTION_XA_DEFAULT_TIMEOUT_MS, "20000")
                        .with(BrokerConfig.TRANSACTION_MAX_TIMEOUT_MS, "10000").transactionConfig());
        assertTrue(bad.getMessage().contains("transaction.xa.default.timeout.ms"), bad.getMessage());
    }
}
