package io.partita.protocol.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WireReaderWriterTest {

    private static WireReader reader(String hex) {
        return new WireReader(ByteBuffer.wrap(HexFormat.of().parseHex(hex.replace(" ", ""))));
    }

    private static String hex(WireWriter w) {
        ByteBuffer b = w.toByteBuffer();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    @Test
    void fixedWidthIntegersAreBigEndian() {
        WireWriter w = new WireWriter(1);
        w.writeInt8(-2);
        w.writeInt16(0x0102);
        w.writeInt32(0x03040506);
        w.writeInt64(0x0708090a0b0c0d0eL);
        w.writeBoolean(true);
        assertEquals("fe" + "0102" + "03040506" + "0708090a0b0c0d0e" + "01", hex(w));
        WireReader r = new WireReader(w.toByteBuffer());
        assertEquals(-2, r.readInt8("a"));
        assertEquals(0x0102, r.readInt16("b"));
        assertEquals(0x03040506, r.readInt32("c"));
        assertEquals(0x0708090a0b0c0d0eL, r.readInt64("d"));
        assertTrue(r.readBoolean("e"));
        r.expectEnd("all");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, -1, 63, -64, 64, 127, 128, 300, 16383, 16384, Integer.MAX_VALUE, Integer.MIN_VALUE})
    void varintsRoundTrip(int value) {
        WireWriter w = new WireWriter();
        w.writeVarint(value);
        w.writeUnsignedVarint(value);
        w.writeVarlong(value * 3L);
        w.writeUnsignedVarlong(value * 3L);
        WireReader r = new WireReader(w.toByteBuffer());
        assertEquals(value, r.readVarint("v"));
        assertEquals(value, r.readUnsignedVarint("u"));
        assertEquals(value * 3L, r.readVarlong("vl"));
        assertEquals(value * 3L, r.readUnsignedVarlong("ul"));
        r.expectEnd("varints");
    }

    @Test
    void varintEncodingsMatchTheFormat() {
        WireWriter w = new WireWriter();
        w.writeUnsignedVarint(300);   // ac 02
        w.writeVarint(-1);            // 01 (zigzag)
        w.writeVarint(1);             // 02
        w.writeVarlong(Long.MIN_VALUE); // ff x9 01
        assertEquals("ac02" + "01" + "02" + "ffffffffffffffffff01", hex(w));
    }

    @Test
    void overlongOrTruncatedVarintsAreMalformed() {
        MalformedFrameException tooBig = assertThrows(MalformedFrameException.class,
                () -> reader("ffffffff1f").readUnsignedVarint("count"));
        assertTrue(tooBig.getMessage().contains("does not fit in 32 bits"), tooBig.getMessage());
        assertThrows(MalformedFrameException.class, () -> reader("ffffffffffffffffff02").readUnsignedVarlong("x"));
        MalformedFrameException cut = assertThrows(MalformedFrameException.class, () -> reader("8080").readVarint("n"));
        assertTrue(cut.getMessage().contains("truncated after 2 bytes"), cut.getMessage());
        assertEquals(-1, reader("ffffffff0f").readUnsignedVarint("max unsigned"));
    }

    @Test
    void stringsNullEmptyAndUnicode() {
        WireWriter w = new WireWriter();
        w.writeNullableString(null);
        w.writeString("");
        w.writeString("h\u00e9llo \u65e5\u672c \uD83D\uDE80");
        w.writeCompactNullableString(null);
        w.writeCompactString("\u00e9");
        WireReader r = new WireReader(w.toByteBuffer());
        assertNull(r.readNullableString("a"));
        assertEquals("", r.readString("b"));
        assertEquals("h\u00e9llo \u65e5\u672c \uD83D\uDE80", r.readString("c"));
        assertNull(r.readCompactNullableString("d", 10));
        assertEquals("\u00e9", r.readCompactString("e", 10));
        r.expectEnd("strings");
    }

    @Test
    void badStringsAreMalformedWithFieldAndOffset() {
        MalformedFrameException invalidUtf8 = assertThrows(MalformedFrameException.class,
                () -> reader("0002 c328").readString("name"));
        assertEquals("name", invalidUtf8.field());
        assertTrue(invalidUtf8.getMessage().contains("not valid UTF-8"), invalidUtf8.getMessage());

        WireReader r = reader("00000000 0005 6162");
        r.readInt32("before");
        MalformedFrameException shortString = assertThrows(MalformedFrameException.class, () -> r.readString("topic"));
        assertEquals(4, shortString.offset());
        assertEquals("malformed frame: field 'topic' at offset 4: string length 5 but only 2 bytes remain",
                shortString.getMessage());

        assertThrows(MalformedFrameException.class, () -> reader("ffff").readString("nonNull"));
        MalformedFrameException tooLong = assertThrows(MalformedFrameException.class,
                () -> reader("0004 61626364").readString("clientId", 3));
        assertTrue(tooLong.getMessage().contains("exceeds the limit of 3"), tooLong.getMessage());
        assertThrows(MalformedFrameException.class, () -> reader("00").readCompactString("c", 10));
        assertThrows(MalformedFrameException.class, () -> reader("ffffffff0f").readCompactString("c", 10));
        assertThrows(IllegalArgumentException.class, () -> new WireWriter().writeString("x".repeat(32768)));
    }

    @Test
    void bytesAreSlicesAndNullable() {
        byte[] data = HexFormat.of().parseHex("00000003aabbcc" + "ffffffff" + "00000000");
        ByteBuffer input = ByteBuffer.wrap(data);
        WireReader r = new WireReader(input);
        ByteBuffer slice = r.readBytes("records");
        assertEquals(3, slice.remaining());
        data[4] = 0x11;
        assertEquals(0x11, slice.get(0), "shares memory with the input");
        assertNull(r.readNullableBytes("maybe"));
        assertEquals(0, r.readBytes("empty").remaining());
        assertEquals(0, input.position());
        assertThrows(MalformedFrameException.class, () -> reader("ffffffff").readBytes("nonNull"));
        assertThrows(MalformedFrameException.class, () -> reader("fffffffe").readNullableBytes("negative"));
    }

    @Test
    void arraysCheckTheirCountBeforeAllocating() {
        WireWriter w = new WireWriter();
        w.writeArray(List.of(1, 2, 3), WireWriter::writeInt32);
        w.writeNullableArray(null, WireWriter::writeInt32);
        WireReader r = new WireReader(w.toByteBuffer());
        assertEquals(List.of(1, 2, 3), r.readArray("ints", 4, x -> x.readInt32("ints[]")));
        assertNull(r.readNullableArray("maybe", 4, x -> x.readInt32("maybe[]")));

        // Integer.MAX_VALUE elements claimed in a 20-byte buffer.
        ByteBuffer hostile = ByteBuffer.allocate(20).putInt(Integer.MAX_VALUE).rewind();
        MalformedFrameException e = assertThrows(MalformedFrameException.class,
                () -> new WireReader(hostile).readArray("topics", 1, x -> x.readInt8("topics[]")));
        assertEquals("malformed frame: field 'topics' at offset 0: element count 2147483647 needs at least "
                + "2147483647 bytes but only 16 remain", e.getMessage());
        assertThrows(MalformedFrameException.class, () -> reader("80000000").readArrayCount("n", 1));
        assertThrows(MalformedFrameException.class, () -> reader("ffffffff").readArrayCount("n", 1));
    }

    @Test
    void everyPrimitiveFailsCleanlyOnEmptyInput() {
        List<java.util.function.Consumer<WireReader>> reads = List.of(
                r -> r.readInt8("f"), r -> r.readInt16("f"), r -> r.readInt32("f"), r -> r.readInt64("f"),
                r -> r.readBoolean("f"), r -> r.readVarint("f"), r -> r.readVarlong("f"),
                r -> r.readString("f"), r -> r.readNullableString("f"), r -> r.readCompactNullableString("f", 9),
                r -> r.readBytes("f"), r -> r.readSlice("f", 1), r -> r.readArrayCount("f", 1));
        for (var read : reads) {
            assertThrows(MalformedFrameException.class, () -> read.accept(reader("")));
        }
        assertThrows(MalformedFrameException.class, () -> reader("02").readBoolean("flag"));
    }

    @Test
    void writerOverAFixedBufferRefusesToOverflow() {
        ByteBuffer target = ByteBuffer.allocate(6);
        WireWriter w = WireWriter.over(target);
        w.writeInt32(7);
        assertThrows(IllegalStateException.class, () -> w.writeInt32(8));
        w.writeInt16(9);
        assertEquals(6, target.position());
        w.setInt32At(0, 0x01020304);
        assertArrayEquals(HexFormat.of().parseHex("010203040009"), target.array());
    }

    @Test
    void growableWriterGrowsAndSlices() {
        WireWriter w = new WireWriter(1);
        for (int i = 0; i < 1000; i++) {
            w.writeInt32(i);
        }
        assertEquals(4000, w.position());
        ByteBuffer slice = w.slice(4, 8);
        assertEquals(1, slice.getInt(0));
        assertTrue(slice.isReadOnly());
        w.reset();
        assertEquals(0, w.position());
        assertFalse(w.toByteBuffer().hasRemaining());
    }
}
