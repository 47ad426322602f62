package io.partita.client.producer;

import io.partita.client.PartitaClientException;
import io.partita.protocol.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(30)
class RecordAccumulatorTest {
    private static final TopicPartition TP = new TopicPartition("t", 0);

    private static RecordAccumulator.AppendResult append(RecordAccumulator acc, TopicPartition tp, int valueSize, long maxBlockMs) {
        ProducerRecord r = new ProducerRecord(tp.topic(), new byte[valueSize]);
        return acc.append(tp, r, 1L, valueSize + 80, new CompletableFuture<>(), null, 0L, maxBlockMs);
    }

    @Test
    void recordsFillABatchUpToBatchSizeThenOpenTheNext() {
        RecordAccumulator acc = new RecordAccumulator(1024, 1000, 1 << 20, 1 << 20);
        RecordAccumulator.AppendResult first = append(acc, TP, 300, 0);
        assertTrue(first.newBatch());
        assertFalse(append(acc, TP, 300, 0).newBatch());
        assertFalse(append(acc, TP, 300, 0).newBatch());
        RecordAccumulator.AppendResult fourth = append(acc, TP, 300, 0);
        assertTrue(fourth.newBatch(), "a 1 KiB batch holds three 300-byte records");
        assertTrue(fourth.batchFull(), "the previous batch is ready to send");
        assertEquals(3, first.batch().recordCount());
        long[] next = new long[1];
        List<ProducerBatch> drained = acc.drain(0, Set.of(), false, next);
        assertEquals(List.of(first.batch()), drained, "only the full batch is sendable before linger.ms");
        assertEquals(1000, next[0]);
        assertEquals(List.of(fourth.batch()), acc.drain(1000, Set.of(), false, next), "linger.ms passed");
    }

    @Test
    void aMutedPartitionIsNotDrainedAndARetriedBatchKeepsItsPlace() {
        RecordAccumulator acc = new RecordAccumulator(100, 0, 1 << 20, 1 << 20);
        ProducerBatch a = append(acc, TP, 90, 0).batch();
        long[] next = new long[1];
        assertEquals(List.of(), acc.drain(5, Set.of(TP), false, next));
        assertEquals(List.of(a), acc.drain(5, Set.of(), false, next));
        a.bytes(7, (short) 0, 0, false); // sent: built with its sequence
        ProducerBatch b = append(acc, TP, 90, 0).batch();
        acc.reenqueue(a);
        assertEquals(List.of(a), acc.drain(5, Set.of(), false, next), "the retried batch goes first");
        assertEquals(1, a.recordCount(), "a sent batch is resent as it was, taking nothing more");
        assertEquals(List.of(b), acc.drain(5, Set.of(), false, next));
    }

    @Test
    void batchesThatQueuedUpBehindAnInFlightOneTravelTogetherWithinMaxRequestSize() {
        RecordAccumulator acc = new RecordAccumulator(100, 0, 1 << 20, 400);
        ProducerBatch a = append(acc, TP, 90, 0).batch();
        ProducerBatch b = append(acc, TP, 90, 0).batch();
        ProducerBatch c = append(acc, TP, 90, 0).batch();
        ProducerBatch d = append(acc, TP, 90, 0).batch();
        ProducerBatch e = append(acc, TP, 90, 0).batch();
        int reservedEach = a.reservedBytes();
        long[] next = new long[1];
        List<ProducerBatch> drained = acc.drain(5, Set.of(), false, next);
        assertEquals(List.of(a), drained);
        int together = a.recordCount();
        assertTrue(together >= 2 && together < 5, "batches absorbed up to max.request.size: " + together);
        assertTrue(a.sizeInBytes() <= 400, "within max.request.size: " + a.sizeInBytes());
        assertEquals(together * reservedEach, a.reservedBytes(), "the buffer memory of every absorbed batch");

        java.nio.ByteBuffer bytes = a.bytes(7, (short) 0, 10, false);
        io.partita.protocol.record.RecordBatches sent = new io.partita.protocol.record.RecordBatches(bytes);
        int expectedSeq = 10;
        int batches = 0;
        for (io.partita.protocol.record.RecordBatch rb : sent) {
            assertEquals(expectedSeq, rb.baseSequence(), "consecutive sequences across the batches");
            expectedSeq = rb.lastSequence() + 1;
            batches++;
        }
        assertEquals(together, batches);
        assertEquals(10 + together, expectedSeq);

        List<CompletableFuture<RecordMetadata>> futures = new java.util.ArrayList<>();
        for (ProducerBatch p : List.of(a, b, c, d, e).subList(0, together)) {
            futures.addAll(p.futures());
        }
        a.complete(100);
        for (int i = 0; i < futures.size(); i++) {
            assertEquals(100 + i, futures.get(i).join().offset(), "record " + i + " of the request");
        }
        assertEquals(List.of(List.of(a, b, c, d, e).get(together)), acc.drain(5, Set.of(), false, next),
                "the rest goes in the next request");
    }

    @Test
    void appendBlocksWhenBufferMemoryIsFullAndFailsAfterMaxBlockMs() throws Exception {
        RecordAccumulator acc = new RecordAccumulator(4096, 0, 8192, 1 << 20);
        TopicPartition other = new TopicPartition("t", 1);
        ProducerBatch a = append(acc, TP, 10, 0).batch();
        append(acc, other, 10, 0);
        PartitaClientException e = assertThrows(PartitaClientException.class,
                () -> append(acc, new TopicPartition("t", 2), 10, 50));
        assertTrue(e.getMessage().contains("buffer.memory") && e.getMessage().contains("max.block.ms=50"), e.getMessage());

        CountDownLatch appended = new CountDownLatch(1);
        Thread blocked = new Thread(() -> {
            append(acc, new TopicPartition("t", 3), 10, 20_000);
            appended.countDown();
        });
        blocked.start();
        assertFalse(appended.await(200, TimeUnit.MILLISECONDS), "no memory yet");
        acc.release(a.reservedBytes());
        assertTrue(appended.await(10, TimeUnit.SECONDS), "released memory wakes the blocked append");
        blocked.join();
    }
}
