package io.partita.protocol.wire.api;

import io.partita.protocol.txn.Xid;
import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiRequest;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.WireWriter;
import java.util.Objects;

/**
 * First phase of two-phase commit: the coordinator makes the branch durable as PREPARED (fsynced to {@code __transaction_state}) and answers; the branch then survives restarts until XaCommit or XaRollback.
 *
 * <p>Version 0: xid (formatId int32, gtrid bytes, bqual bytes).
 *
 * @param xid the transaction branch
 */
public record XaPrepareRequest(Xid xid) implements ApiRequest {

    /** Checks required fields. */
    public XaPrepareRequest {
        Objects.requireNonNull(xid, "xid");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.XA_PREPARE;
    }

    @Override
    public void write(WireWriter writer, short version) {
        ApiKey.XA_PREPARE.checkVersion(version);
        xid.write(writer);
    }

    /**
     * Decodes the body.
     *
     * @param reader the reader
     * @param version the api version
     * @return the request
     */
    public static XaPrepareRequest read(WireReader reader, short version) {
        ApiKey.XA_PREPARE.checkVersion(version);
        return new XaPrepareRequest(Xid.read(reader, "xid"));
    }
}
