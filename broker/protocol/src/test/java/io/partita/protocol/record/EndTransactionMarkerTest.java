package io.partita.protocol.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Transaction markers: the batch attributes and the control record layout, byte for byte. */
class EndTransactionMarkerTest {

    @Test
    void aMarkerIsAControlBatchOfItsProducerWithTheDocumentedRecord() {
        ByteBuffer bytes = new EndTransactionMarker(true, 7).toBatch(42, (short) 3, 1_000);
        RecordBatch batch = RecordBatch.at(bytes);
        batch.ensureValid(bytes.limit(), Integer.MAX_VALUE);
        assertTrue(batch.isControlBatch());
        assertTrue(batch.isTransactional());
        assertEquals(42, batch.producerId());
        assertEquals(3, batch.producerEpoch());
        assertEquals(RecordBatch.NO_SEQUENCE, batch.baseSequence());
        Record r = batch.recordList().get(0);
        assertEquals(ByteBuffer.wrap(new byte[] {0, 0, 0, 1}), r.key(), "version 0, type 1 (commit)");
        assertEquals(ByteBuffer.wrap(new byte[] {0, 0, 0, 0, 0, 7}), r.value(), "version 0, coordinator epoch 7");
        assertEquals(EndTransactionMarker.COMMIT, EndTransactionMarker.controlType(batch));
        assertEquals(new EndTransactionMarker(true, 7), EndTransactionMarker.read(batch));

        RecordBatch abort = RecordBatch.at(new EndTransactionMarker(false, 0).toBatch(1, (short) 0, 0));
        assertEquals(EndTransactionMarker.ABORT, EndTransactionMarker.controlType(abort));
        assertEquals(new EndTransactionMarker(false, 0), EndTransactionMarker.read(abort));
    }

    @Test
    void otherControlTypesAreNotMarkersAndShortKeysAreInvalid() {
        RecordBatch other = RecordBatch.at(new RecordBatchBuilder().control(true)
                .append(0, ByteBuffer.wrap(new byte[] {0, 0, 0, 9}), null, List.of()).build());
        assertEquals(9, EndTransactionMarker.controlType(other));
        assertNull(EndTransactionMarker.read(other));
        RecordBatch shortKey = RecordBatch.at(new RecordBatchBuilder().control(true)
                .append(0, ByteBuffer.wrap(new byte[] {0}), null, List.of()).build());
        InvalidRecordException e = assertThrows(InvalidRecordException.class,
                () -> EndTransactionMarker.controlType(shortKey));
        assertTrue(e.getMessage().contains("1 bytes"), e.getMessage());
    }
}
