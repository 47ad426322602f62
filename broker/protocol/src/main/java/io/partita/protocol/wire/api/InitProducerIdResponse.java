package io.partita.protocol.wire.api;

import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.WireWriter;
import java.util.Objects;

/**
 * The producer id and epoch assigned by an InitProducerId request.
 *
 * <p>Version 0: error int16, producerId int64, producerEpoch int16.
 *
 * @param error NONE, or why no id was assigned (e.g. NOT_COORDINATOR, PRODUCER_FENCED)
 * @param producerId the assigned producer id, or -1 on error
 * @param producerEpoch the assigned epoch, or -1 on error
 */
public record InitProducerIdResponse(Errors error, long producerId, short producerEpoch) implements ApiResponse {

    /** Checks required fields. */
    public InitProducerIdResponse {
        Objects.requireNonNull(error, "error");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.INIT_PRODUCER_ID;
    }

    @Override
    public void write(WireWriter writer, short version) {
        ApiKey.INIT_PRODUCER_ID.checkVersion(version);
        error.write(writer);
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
    public static InitProducerIdResponse read(WireReader reader, short version) {
        ApiKey.INIT_PRODUCER_ID.checkVersion(version);
        return new InitProducerIdResponse(
                Errors.read(reader, "error"),
                reader.readInt64("producerId"),
                reader.readInt16("producerEpoch"));
    }
}
