package io.partita.protocol.wire.api;

import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.WireWriter;
import java.util.Objects;

/**
 * The outcome of EndTxn: the transaction is committed or aborted everywhere, or why not.
 *
 * <p>Version 0: error int16, errorMessage nullable string.
 *
 * @param error NONE, or PRODUCER_FENCED, INVALID_PRODUCER_EPOCH, INVALID_TXN_STATE, TRANSACTIONAL_ID_NOT_FOUND, TRANSACTION_TIMED_OUT, CONCURRENT_TRANSACTIONS, ...
 * @param errorMessage details naming the bad value, or null
 */
public record EndTxnResponse(Errors error, String errorMessage) implements ApiResponse {

    /** Checks required fields. */
    public EndTxnResponse {
        Objects.requireNonNull(error, "error");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.END_TXN;
    }

    @Override
    public void write(WireWriter writer, short version) {
        ApiKey.END_TXN.checkVersion(version);
        error.write(writer);
        writer.writeNullableString(errorMessage);
    }

    /**
     * Decodes the body.
     *
     * @param reader the reader
     * @param version the api version
     * @return the response
     */
    public static EndTxnResponse read(WireReader reader, short version) {
        ApiKey.END_TXN.checkVersion(version);
        return new EndTxnResponse(Errors.read(reader, "error"), reader.readNullableString("errorMessage"));
    }
}
