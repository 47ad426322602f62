package io.partita.protocol.record;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordBatchTest {
    private static final int MAX = 1 << 20;

    private static ByteBuffer sample() {
        return new RecordBatchBuilder()
                .producer(42L, (short) 3, 7)
                .append(1_000L, "k1".getBytes(StandardCharsets.UTF_8), "v1".getBytes(StandardCharsets.UTF_8))
                .append(999L, null, ByteBuffer.allocate(0), List.of(Header.of("jms", new byte[] {1, 2, 3}), Header.of("h", null)))
                .append(1_005L, new byte[0], null)
                .build();
    }

    private static RecordBatchBuilder append(RecordBatchBuilder b, long ts, ByteBuffer key, ByteBuffer value, List<Header> h) {
        return b.append(ts, key, value, h);
    }

    @Test
    void roundTripsEveryField() {
        ByteBuffer buf = sample();
        RecordBatch batch = RecordBatch.at(buf);
        batch.ensureValid(buf.limit(), MAX);
        assertEquals(buf.limit(), batch.sizeInBytes());
        assertEquals(RecordBatch.MAGIC, batch.magic());
        assertEquals(3, batch.recordsCount());
        assertEquals(2, batch.lastOffsetDelta());
        assertEquals(1_000L, batch.baseTimestamp());
        assertEquals(1_005L, batch.maxTimestamp());
        assertEquals(42L, batch.producerId());
        assertEquals(3, batch.producerEpoch());
        assertEquals(7, batch.baseSequence());
        assertEquals(9, batch.lastSequence());
        assertFalse(batch.isTransactional());
        assertFalse(batch.isControlBatch());

        List<Record> records = batch.recordList();
        assertEquals(3, records.size());
        assertEquals(0L, records.get(0).offset());
        assertArrayEquals("k1".getBytes(StandardCharsets.UTF_8), records.get(0).keyBytes());
        assertArrayEquals("v1".getBytes(StandardCharsets.UTF_8), records.get(0).valueBytes());
        assertEquals(999L, records.get(1).timestamp());
        assertNull(records.get(1).key());
        assertEquals(0, records.get(1).value().remaining());
        assertEquals(2, records.get(1).headers().size());
        assertEquals(ByteBuffer.wrap(new byte[] {1, 2, 3}), records.get(1).header("jms"));
        assertNull(records.get(1).headers().get(1).value());
        assertEquals(2L, records.get(2).offset());
        assertNull(records.get(2).value());
    }

    @Test
    void checksumIsCrc32cOfAttributesToEndAndIgnoresOffsetAndEpoch() {
        ByteBuffer buf = sample();
        CRC32C crc = new CRC32C();
        crc.update(buf.array(), RecordBatch.ATTRIBUTES_OFFSET, buf.limit() - RecordBatch.ATTRIBUTES_OFFSET);
        RecordBatch batch = RecordBatch.at(buf);
        assertEquals(crc.getValue(), batch.checksum());
        batch.setBaseOffset(123_456_789L);
        batch.setPartitionLeaderEpoch(17);
        assertTrue(batch.isChecksumValid());
        assertEquals(123_456_791L, batch.lastOffset());
        assertEquals(123_456_790L, batch.recordList().get(1).offset());
    }

    @Test
    void varintsRoundTripAtTheEdges() {
        long[] longs = {0, 1, -1, 63, -64, 64, -65, Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE};
        int[] next = new int[1];
        for (long v : longs) {
            ByteBuffer b = ByteBuffer.allocate(10);
            Varint.writeVarlong(v, b);
            assertEquals(Varint.sizeOfVarlong(v), b.position());
            assertEquals(v, Varint.readVarlong(b, 0, b.position(), next, "x"));
            if (v == (int) v) {
                ByteBuffer c = ByteBuffer.allocate(5);
                Varint.writeVarint((int) v, c);
                assertEquals(Varint.sizeOfVarint((int) v), c.position());
                assertEquals((int) v, Varint.readVarint(c, 0, c.position(), next, "x"));
            }
        }
        ByteBuffer tooLong = ByteBuffer.wrap(new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 1});
        assertThrows(CorruptRecordException.class, () -> Varint.readVarint(tooLong, 0, 6, next, "x"));
        assertThrows(CorruptRecordException.class, () -> Varint.readVarint(tooLong, 0, 3, next, "x"));
    }

    @Test
    void varintsOfEveryLengthReadBackAndAreRejectedWhenCutShort() {
        Random random = new Random(42);
        int[] next = new int[1];
        for (int i = 0; i < 20_000; i++) {
            int bits = 1 + random.nextInt(64);
            long v = random.nextLong() >> (64 - bits); // every encoded length, both signs
            int at = random.nextInt(4);
            ByteBuffer b = ByteBuffer.allocate(at + 10);
            b.position(at);
            Varint.writeVarlong(v, b);
            int end = b.position();
            assertEquals(v, Varint.readVarlong(b, at, end, next, "x"));
            assertEquals(end, next[0], "position after " + v);
            for (int cut = at; cut < end; cut++) {
                int limit = cut;
                assertThrows(CorruptRecordException.class, () -> Varint.readVarlong(b, at, limit, next, "x"),
                        v + " cut at " + (limit - at));
            }
            if (v == (int) v) {
                ByteBuffer c = ByteBuffer.allocate(at + 5);
                c.position(at);
                Varint.writeVarint((int) v, c);
                int intEnd = c.position();
                assertEquals((int) v, Varint.readVarint(c, at, intEnd, next, "x"));
                assertEquals(intEnd, next[0], "position after " + v);
                for (int cut = at; cut < intEnd; cut++) {
                    int limit = cut;
                    assertThrows(CorruptRecordException.class, () -> Varint.readVarint(c, at, limit, next, "x"),
                            v + " cut at " + (limit - at));
                }
            }
        }
    }

    @Test
    void rejectsAWrongChecksum() {
        ByteBuffer buf = sample();
        int at = buf.limit() - 2;
        buf.put(at, (byte) (buf.get(at) ^ 0x01));
        CorruptRecordException e = assertThrows(CorruptRecordException.class,
                () -> RecordBatch.at(buf).ensureValid(buf.limit(), MAX));
        assertTrue(e.getMessage().contains("CRC-32C"), e.getMessage());
    }

    @Test
    void rejectsANegativeLength() {
        ByteBuffer buf = sample();
        buf.putInt(RecordBatch.LENGTH_OFFSET, -5);
        InvalidRecordException e = assertThrows(InvalidRecordException.class,
                () -> new RecordBatches(buf).validate(MAX));
        assertTrue(e.getMessage().contains("-5"), e.getMessage());
    }

    @Test
    void rejectsAnOversizedBatchNamingBothSizes() {
        ByteBuffer buf = new RecordBatchBuilder().append(1L, null, new byte[5000]).build();
        RecordTooLargeException e = assertThrows(RecordTooLargeException.class,
                () -> new RecordBatches(buf).validate(4096));
        assertTrue(e.getMessage().contains(Integer.toString(buf.limit())) && e.getMessage().contains("4096"),
                e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 11, 12, 30, 60})
    void rejectsATruncatedHeader(int length) {
        ByteBuffer buf = sample();
        buf.limit(length);
        CorruptRecordException e = assertThrows(CorruptRecordException.class,
                () -> new RecordBatches(buf).validate(MAX));
        assertTrue(e.getMessage().contains("truncated") || e.getMessage().contains("declares length"),
                e.getMessage());
    }

    @Test
    void everyTruncationOfAValidBatchIsRejected() {
        ByteBuffer full = sample();
        for (int len = 0; len < full.limit(); len++) {
            ByteBuffer cut = full.duplicate();
            cut.limit(len);
            assertThrows(CorruptRecordException.class, () -> new RecordBatches(cut).validate(MAX), "length " + len);
        }
    }

    @Test
    void rejectsWrongMagicCountsAndTimestamps() {
        ByteBuffer magic = sample();
        magic.put(RecordBatch.MAGIC_OFFSET, (byte) 1);
        assertTrue(assertThrows(CorruptRecordException.class, () -> RecordBatch.at(magic).ensureValid(magic.limit(), MAX))
                .getMessage().contains("magic 1"));

        ByteBuffer delta = sample();
        delta.putInt(RecordBatch.LAST_OFFSET_DELTA_OFFSET, 5);
        recrc(delta);
        assertTrue(assertThrows(CorruptRecordException.class, () -> RecordBatch.at(delta).ensureValid(delta.limit(), MAX))
                .getMessage().contains("last offset delta 5"));

        ByteBuffer maxTs = sample();
        maxTs.putLong(RecordBatch.MAX_TIMESTAMP_OFFSET, 2_000L);
        recrc(maxTs);
        assertTrue(assertThrows(CorruptRecordException.class, () -> RecordBatch.at(maxTs).ensureValid(maxTs.limit(), MAX))
                .getMessage().contains("max timestamp 2000"));

        ByteBuffer compressed = sample();
        compressed.putShort(RecordBatch.ATTRIBUTES_OFFSET, (short) 1);
        recrc(compressed);
        assertTrue(assertThrows(CorruptRecordException.class,
                () -> RecordBatch.at(compressed).ensureValid(compressed.limit(), MAX)).getMessage().contains("codec 1"));
    }

    @Test
    void randomByteFlipsNeverEscapeAsAnythingButInvalidRecord() {
        Random random = new Random(7);
        ByteBuffer original = sample();
        for (int i = 0; i < 20_000; i++) {
            ByteBuffer b = ByteBuffer.allocate(original.limit());
            b.put(original.duplicate()).flip();
            int flips = 1 + random.nextInt(4);
            for (int f = 0; f < flips; f++) {
                int at = random.nextInt(b.limit());
                b.put(at, (byte) random.nextInt(256));
            }
            if (random.nextBoolean()) {
                recrc(b);
            }
            try {
                new RecordBatches(b).validate(MAX);
                RecordBatch.at(b).recordList();
            } catch (InvalidRecordException expected) {
                // fine: refused with a reason
            }
        }
    }

    @Test
    void validatesSeveralBatchesAndRefusesTrailingBytes() {
        RecordBatches two = RecordBatches.of(sample(), sample());
        RecordBatches.Summary summary = two.validate(MAX);
        assertEquals(2, summary.batches());
        assertEquals(6, summary.records());
        assertEquals(1_005L, summary.maxTimestamp());

        ByteBuffer withGarbage = ByteBuffer.allocate(two.sizeInBytes() + 3);
        withGarbage.put(two.buffer()).put(new byte[] {1, 2, 3}).flip();
        assertThrows(CorruptRecordException.class, () -> new RecordBatches(withGarbage).validate(MAX));
        assertThrows(CorruptRecordException.class, () -> new RecordBatches(ByteBuffer.allocate(0)).validate(MAX));
    }

    @Test
    void builderSizeEstimateMatchesWhatItWrites() {
        RecordBatchBuilder b = new RecordBatchBuilder(16);
        Random random = new Random(3);
        for (int i = 0; i < 200; i++) {
            ByteBuffer key = random.nextBoolean() ? null : ByteBuffer.wrap(new byte[random.nextInt(40)]);
            ByteBuffer value = ByteBuffer.wrap(new byte[random.nextInt(300)]);
            List<Header> headers = random.nextBoolean() ? List.of() : List.of(Header.of("h" + i, new byte[i % 7]));
            long ts = 10_000 + random.nextInt(1000);
            int expected = b.sizeOfRecord(ts, key, value, headers);
            int before = b.sizeInBytes();
            append(b, ts, key, value, headers);
            assertEquals(expected, b.sizeInBytes() - before, "record " + i);
        }
        ByteBuffer built = b.build();
        RecordBatch.at(built).ensureValid(built.limit(), MAX);
        assertEquals(200, RecordBatch.at(built).recordList().size());
    }

    private static void recrc(ByteBuffer b) {
        RecordBatch batch = RecordBatch.at(b);
        int size = Math.min(b.limit(), Math.max(RecordBatch.HEADER_SIZE, batch.sizeInBytes()));
        if (batch.batchLength() < 0 || size < RecordBatch.ATTRIBUTES_OFFSET) {
            return;
        }
        b.putInt(RecordBatch.CRC_OFFSET, (int) RecordBatch.computeChecksum(b, RecordBatch.ATTRIBUTES_OFFSET, size));
    }
}
