package io.partita.protocol.txn;

import io.partita.protocol.wire.MalformedFrameException;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.WireWriter;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An XA transaction branch identifier: a format id, a global transaction id and a branch
 * qualifier, as the X/Open XA specification defines them. Partita's own value type, so that the
 * client and the broker need no {@code javax}/{@code jakarta.transaction} classes; a JMS
 * provider converts a {@code javax.transaction.xa.Xid} with {@link #of(int, byte[], byte[])}.
 *
 * <p>Equality is by value (the format id and the bytes). The byte arrays are copied in and out,
 * so an {@code Xid} is immutable and thread-safe.
 *
 * <p>Wire format: formatId int32, globalTransactionId bytes (int32 length), branchQualifier
 * bytes (int32 length). Text form ({@link #toString()}): {@code formatId:gtridHex:bqualHex}.
 */
public final class Xid {
    /** The longest global transaction id or branch qualifier XA allows. */
    public static final int MAX_ID_BYTES = 64;
    /** The fewest bytes an encoded Xid takes. */
    public static final int MIN_WIRE_BYTES = 12;

    private final int formatId;
    private final byte[] globalTransactionId;
    private final byte[] branchQualifier;

    private Xid(int formatId, byte[] gtrid, byte[] bqual) {
        this.formatId = formatId;
        this.globalTransactionId = gtrid;
        this.branchQualifier = bqual;
    }

    /**
     * @param formatId the format id; -1 is XA's "null Xid" and is refused
     * @param globalTransactionId 1 to 64 bytes
     * @param branchQualifier 0 to 64 bytes
     * @throws IllegalArgumentException naming the bad value
     */
    public static Xid of(int formatId, byte[] globalTransactionId, byte[] branchQualifier) {
        if (formatId == -1) {
            throw new IllegalArgumentException("Xid formatId -1 denotes the null Xid and cannot name a transaction");
        }
        if (globalTransactionId == null || globalTransactionId.length == 0
                || globalTransactionId.length > MAX_ID_BYTES) {
            throw new IllegalArgumentException("Xid global transaction id must have 1 to " + MAX_ID_BYTES
                    + " bytes, not " + (globalTransactionId == null ? "null" : globalTransactionId.length));
        }
        if (branchQualifier == null || branchQualifier.length > MAX_ID_BYTES) {
            throw new IllegalArgumentException("Xid branch qualifier must have 0 to " + MAX_ID_BYTES
                    + " bytes, not " + (branchQualifier == null ? "null" : branchQualifier.length));
        }
        return new Xid(formatId, globalTransactionId.clone(), branchQualifier.clone());
    }

    public int formatId() {
        return formatId;
    }

    /** @return a copy of the global transaction id */
    public byte[] globalTransactionId() {
        return globalTransactionId.clone();
    }

    /** @return a copy of the branch qualifier */
    public byte[] branchQualifier() {
        return branchQualifier.clone();
    }

    /** Writes the wire form. */
    public void write(WireWriter writer) {
        writer.writeInt32(formatId);
        writer.writeBytes(ByteBuffer.wrap(globalTransactionId));
        writer.writeBytes(ByteBuffer.wrap(branchQualifier));
    }

    /**
     * Reads the wire form.
     *
     * @param field the field name, for error messages
     * @throws io.partita.protocol.wire.MalformedFrameException when the bytes are not a valid Xid
     */
    public static Xid read(WireReader reader, String field) {
        int start = reader.offset();
        int formatId = reader.readInt32(field + ".formatId");
        byte[] gtrid = toArray(reader.readBytes(field + ".globalTransactionId"));
        byte[] bqual = toArray(reader.readBytes(field + ".branchQualifier"));
        try {
            return of(formatId, gtrid, bqual);
        } catch (IllegalArgumentException e) {
            throw new MalformedFrameException(field, start, e.getMessage());
        }
    }

    private static byte[] toArray(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Xid x && x.formatId == formatId && Arrays.equals(x.globalTransactionId, globalTransactionId)
                && Arrays.equals(x.branchQualifier, branchQualifier);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * formatId + Arrays.hashCode(globalTransactionId)) + Arrays.hashCode(branchQualifier);
    }

    @Override
    public String toString() {
        HexFormat hex = HexFormat.of();
        return formatId + ":" + hex.formatHex(globalTransactionId) + ":" + hex.formatHex(branchQualifier);
    }
}
