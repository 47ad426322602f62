package io.partita.protocol.wire.api;

import io.partita.protocol.txn.Xid;
import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.WireWriter;
import java.util.List;
import java.util.Objects;

/**
 * The prepared XA branches.
 *
 * <p>Version 0: error int16, errorMessage nullable string, xids [formatId int32, gtrid bytes,
 * bqual bytes].
 *
 * @param error NONE, or COORDINATOR_NOT_AVAILABLE while the coordinator loads
 * @param errorMessage details, or null
 * @param xids the prepared branches
 */
public record XaRecoverResponse(Errors error, String errorMessage, List<Xid> xids) implements ApiResponse {

    /** Checks required fields. */
    public XaRecoverResponse {
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(xids, "xids");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.XA_RECOVER;
    }

    @Override
    public void write(WireWriter writer, short version) {
        ApiKey.XA_RECOVER.checkVersion(version);
        error.write(writer);
        writer.writeNullableString(errorMessage);
        writer.writeArray(xids, (w, x) -> x.write(w));
    }

    /**
     * Decodes the body.
     *
     * @param reader the reader
     * @param version the api version
     * @return the response
     */
    public static XaRecoverResponse read(WireReader reader, short version) {
        ApiKey.XA_RECOVER.checkVersion(version);
        Errors error = Errors.read(reader, "error");
        String message = reader.readNullableString("errorMessage");
        List<Xid> xids = reader.readArray("xids", Xid.MIN_WIRE_BYTES, r -> Xid.read(r, "xids[]"));
        return new XaRecoverResponse(error, message, xids);
    }
}
