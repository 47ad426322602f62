package io.partita.protocol.wire.api;

import io.partita.protocol.txn.Xid;
import io.partita.protocol.wire.MalformedFrameException;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.WireWriter;

/** Encoding of the fields the transaction messages share. */
final class TxnFields {

    private TxnFields() {
    }

    /** int8 0 for null, 1 followed by the Xid. */
    static void writeNullableXid(WireWriter w, Xid xid) {
        if (xid == null) {
            w.writeInt8(0);
        } else {
            w.writeInt8(1);
            xid.write(w);
        }
    }

    static Xid readNullableXid(WireReader r, String field) {
        int start = r.offset();
        byte present = r.readInt8(field + ".present");
        if (present == 0) {
            return null;
        }
        if (present != 1) {
            throw new MalformedFrameException(field, start, "presence flag " + present + " is neither 0 nor 1");
        }
        return Xid.read(r, field);
    }
}
