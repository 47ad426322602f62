package io.partita.protocol.txn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partita.protocol.wire.MalformedFrameException;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.WireWriter;
import org.junit.jupiter.api.Test;

/** The Xid value type: validation naming the bad value, value equality, copies, wire form. */
class XidTest {

    @Test
    void equalityIsByValueAndArraysAreCopied() {
        byte[] g = {1, 2, 3};
        Xid a = Xid.of(1, g, new byte[0]);
        g[0] = 9;
        assertEquals(Xid.of(1, new byte[] {1, 2, 3}, new byte[0]), a, "the array was copied in");
        a.globalTransactionId()[0] = 9;
        assertEquals(1, a.globalTransactionId()[0], "and is copied out");
        assertEquals(a.hashCode(), Xid.of(1, new byte[] {1, 2, 3}, new byte[0]).hashCode());
        assertNotEquals(a, Xid.of(2, new byte[] {1, 2, 3}, new byte[0]));
        assertNotEquals(a, Xid.of(1, new byte[] {1, 2, 3}, new byte[] {0}));
        assertEquals("1:010203:", a.toString());
    }

    @Test
    void invalidXidsAreRefusedNamingTheValue() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Xid.of(-1, new byte[1], new byte[0]))
                .getMessage().contains("-1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Xid.of(0, new byte[0], new byte[0]))
                .getMessage().contains("not 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Xid.of(0, new byte[65], new byte[0]))
                .getMessage().contains("not 65"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Xid.of(0, new byte[1], new byte[65]))
                .getMessage().contains("not 65"));
    }

    @Test
    void wireFormRoundTripsAndRejectsInvalidXids() {
        Xid xid = Xid.of(0x1234, new byte[64], new byte[] {7});
        WireWriter w = new WireWriter();
        xid.write(w);
        assertEquals(4 + 4 + 64 + 4 + 1, w.position());
        assertEquals(xid, Xid.read(new WireReader(w.toByteBuffer()), "xid"));

        WireWriter bad = new WireWriter();
        bad.writeInt32(-1);
        bad.writeBytes(java.nio.ByteBuffer.wrap(new byte[1]));
        bad.writeBytes(java.nio.ByteBuffer.wrap(new byte[0]));
        MalformedFrameException e = assertThrows(MalformedFrameException.class,
                () -> Xid.read(new WireReader(bad.toByteBuffer()), "xid"));
        assertEquals("xid", e.field());
    }
}
