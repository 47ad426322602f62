package io.partita.protocol.wire.api;

import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.WireWriter;
import java.util.Objects;

/**
 * The producer identity of a started XA branch.
 *
 * <p>Version 0: error int16, errorMessage nullable string, producerId int64, producerEpoch int16.
 *
 * @param error NONE, or DUPLICATE_XID, INVALID_TRANSACTION_TIMEOUT, STORAGE_ERROR, ...
 * @param errorMessage details naming the bad value, or null
 * @param producerId the producer id the branch's batches carry, or -1 on error
 * @param producerEpoch the producer epoch, or -1 on error
 */
public record XaStartResponse(Errors error, String errorMessage, long producerId, short producerEpoch)
        implements ApiResponse {

    /** Checks required fields. */
    public XaStartResponse {
        Objects.requireNonNull(error, "error");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.XA_START;
    }

    @Override
    public void write(WireWriter writer, short version) {
        ApiKey.XA_START.checkVersion(version);
        error.write(writer);
        writer.writeNullableString(errorMessage);
        writer.writeInt64(producerId);
        writer.writeInt16(producerEpoch);
    }

    /**
     * Decodes the body.
     *
     * @param reader the reader
     * @param version the api version
     * @return the response
     */
    public static XaStartResponse read(WireReader reader, short version) {
        ApiKey.XA_START.checkVersion(version);
        return new XaStartResponse(Errors.read(reader, "error"), reader.readNullableString("errorMessage"),
                reader.readInt64("producerId"), reader.readInt16("producerEpoch"));
    }
}
