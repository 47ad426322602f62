package io.partita.protocol.wire.api;

import io.partita.protocol.txn.Xid;
import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiRequest;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.WireWriter;
import java.util.Objects;

/**
 * Rolls back a branch (active, idle or prepared): abort markers to every partition it wrote, then the Xid is forgotten.
 *
 * <p>Version 0: xid (formatId int32, gtrid bytes, bqual bytes).
 *
 * @param xid the transaction branch
 */
public record XaRollbackRequest(Xid xid) implements ApiRequest {

    /** Checks required fields. */
    public XaRollbackRequest {
        Objects.requireNonNull(xid, "xid");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.XA_ROLLBACK;
    }

    @Override
    public void write(WireWriter writer, short version) {
        ApiKey.XA_ROLLBACK.checkVersion(version);
        xid.write(writer);
    }

    /**
     * Decodes the body.
     *
     * @param reader the reader
     * @param version the api version
     * @return the request
     */
    public static XaRollbackRequest read(WireReader reader, short version) {
        ApiKey.XA_ROLLBACK.checkVersion(version);
        return new XaRollbackRequest(Xid.read(reader, "xid"));
    }
}
