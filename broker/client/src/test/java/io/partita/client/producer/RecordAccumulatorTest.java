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
        RecordAccumulator acc = new RecordAccumulator(1024, 1000, 1 << 20);
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
        RecordAccumulator acc = new RecordAccumulator(100, 0, 1 << 20);
        ProducerBatch a = append(acc, TP, 90, 0).batch();
        ProducerBatch b = append(acc, TP, 90, 0).batch();
        long[] next = new long[1];
        assertEquals(List.of(), acc.drain(5, Set.of(TP), false, next));
        assertEquals(List.of(a), acc.drain(5, Set.of(), false, next));
        acc.reenqueue(a);
        assertEquals(List.of(a), acc.drain(5, Set.of(), false, next), "the retried batch goes first");
        assertEquals(List.of(b), acc.drain(5, Set.of(), false, next));
    }

    @Test
    void appendBlocksWhenBufferMemoryIsFullAndFailsAfterMaxBlockMs() throws Exception {
        RecordAccumulator acc = new RecordAccumulator(4096, 0, 8192);
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
        acc.release(a.reservedBytes);
        assertTrue(appended.await(10, TimeUnit.SECONDS), "released memory wakes the blocked append");
        blocked.join();
    }
}
