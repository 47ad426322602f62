package io.partita.protocol.wire.api;

import io.partita.protocol.txn.Xid;
import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiRequest;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.WireWriter;
import java.util.Objects;

/**
 * Starts an XA transaction branch on the coordinator and returns the producer id and epoch the branch's sends carry. A branch already known answers DUPLICATE_XID (XAER_DUPID); joining or resuming a branch is the client's business and needs no request.
 *
 * <p>Version 0: xid (formatId int32, gtrid bytes, bqual bytes), transactionTimeoutMs int32.
 *
 * @param xid the transaction branch
 * @param transactionTimeoutMs how long the branch may stay unprepared before the coordinator rolls it back; 0 for the broker default
 */
public record XaStartRequest(Xid xid, int transactionTimeoutMs) implements ApiRequest {

    /** Checks required fields. */
    public XaStartRequest {
        Objects.requireNonNull(xid, "xid");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.XA_START;
    }

    @Override
    public void write(WireWriter writer, short version) {
        ApiKey.XA_START.checkVersion(version);
        xid.write(writer);
        writer.writeInt32(transactionTimeoutMs);
    }

    /**
     * Decodes the body.
     *
     * @param reader the reader
     * @param version the api version
     * @return the request
     */
    public static XaStartRequest read(WireReader reader, short version) {
        ApiKey.XA_START.checkVersion(version);
        return new XaStartRequest(Xid.read(reader, "xid"), reader.readInt32("transactionTimeoutMs"));
    }
}
