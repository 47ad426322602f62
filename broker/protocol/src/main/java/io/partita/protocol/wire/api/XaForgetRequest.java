package io.partita.protocol.wire.api;

import io.partita.protocol.txn.Xid;
import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiRequest;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.WireWriter;
import java.util.Objects;

/**
 * Forgets a heuristically completed branch.
 *
 * <p>Version 0: xid (formatId int32, gtrid bytes, bqual bytes).
 *
 * @param xid the transaction branch
 */
public record XaForgetRequest(Xid xid) implements ApiRequest {

    /** Checks required fields. */
    public XaForgetRequest {
        Objects.requireNonNull(xid, "xid");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.XA_FORGET;
    }

    @Override
    public void write(WireWriter writer, short version) {
        ApiKey.XA_FORGET.checkVersion(version);
        xid.write(writer);
    }

    /**
     * Decodes the body.
     *
     * @param reader the reader
     * @param version the api version
     * @return the request
     */
    public static XaForgetRequest read(WireReader reader, short version) {
        ApiKey.XA_FORGET.checkVersion(version);
        return new XaForgetRequest(Xid.read(reader, "xid"));
    }
}
