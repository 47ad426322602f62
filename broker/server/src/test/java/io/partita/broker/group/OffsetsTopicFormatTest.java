package io.partita.broker.group;

import io.partita.protocol.TopicPartition;
import io.partita.protocol.wire.MalformedFrameException;
import io.partita.protocol.wire.WireWriter;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OffsetsTopicFormatTest {

    private static String hex(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return HexFormat.of().formatHex(out);
    }

    @Test
    void offsetKeysAndValuesRoundTripAndTheKeyBytesArePinned() {
        TopicPartition tp = new TopicPartition("t", 3);
        ByteBuffer key = OffsetsTopicFormat.offsetKey("g", tp);
        assertEquals("0001" + "000167" + "000174" + "00000003", hex(key), "version, group, topic, partition");
        OffsetsTopicFormat.Key decoded = OffsetsTopicFormat.readKey(key);
        assertEquals("g", decoded.group());
        assertEquals(tp, decoded.tp());
        OffsetAndMetadata value = new OffsetAndMetadata(42, "m\u00e9ta", 1_700_000_000_000L);
        assertEquals(value, OffsetsTopicFormat.readOffsetValue(OffsetsTopicFormat.offsetValue(value)));
        OffsetAndMetadata noMeta = new OffsetAndMetadata(0, null, 0);
        assertEquals(noMeta, OffsetsTopicFormat.readOffsetValue(OffsetsTopicFormat.offsetValue(noMeta)));
    }

    @Test
    void groupKeysAndValuesRoundTrip() {
        ByteBuffer key = OffsetsTopicFormat.groupKey("orders-app");
        OffsetsTopicFormat.Key decoded = OffsetsTopicFormat.readKey(key);
        assertEquals("orders-app", decoded.group());
        assertNull(decoded.tp());
        OffsetsTopicFormat.GroupValue value = new OffsetsTopicFormat.GroupValue("consumer", 7, "range", "m-1", 99,
                List.of(new OffsetsTopicFormat.StoredMember("m-1", "c", "/127.0.0.1:1", 6000, 30000,
                        ByteBuffer.wrap("sub".getBytes(StandardCharsets.UTF_8)), ByteBuffer.allocate(0))));
        assertEquals(value, OffsetsTopicFormat.readGroupValue(OffsetsTopicFormat.groupValue(value)));
    }

    @Test
    void unknownVersionsAndTrailingBytesAreRefused() {
        WireWriter w = new WireWriter();
        w.writeInt16(9);
        w.writeString("g");
        MalformedFrameException e = assertThrows(MalformedFrameException.class,
                () -> OffsetsTopicFormat.readKey(w.toByteBuffer()));
        assertTrue(e.getMessage().contains("version 9"), e.getMessage());
        ByteBuffer key = OffsetsTopicFormat.groupKey("g");
        ByteBuffer longer = ByteBuffer.allocate(key.remaining() + 1).put(key).put((byte) 0).flip();
        assertThrows(MalformedFrameException.class, () -> OffsetsTopicFormat.readKey(longer));
    }

    @Test
    void groupsLandOnTheMurmur2PartitionOfTheirId() {
        assertEquals(GroupCoordinator.partitionFor("g", 50), GroupCoordinator.partitionFor("g", 50));
        for (String g : List.of("a", "orders-app", "\u65e5\u672c")) {
            int p = GroupCoordinator.partitionFor(g, 50);
            assertTrue(p >= 0 && p < 50, g + " -> " + p);
            assertEquals(io.partita.protocol.partition.Murmur2.partitionFor(g.getBytes(StandardCharsets.UTF_8), 50), p);
        }
    }
}
