package io.partita.protocol.wire.api;

import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiRequest;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.WireWriter;

/**
 * Asks for a producer id and epoch, for idempotent producing or, with a transactional id, for
 * transactions (fencing older producers with the same transactional id).
 *
 * <p>Version 0: transactionalId nullable string, transactionTimeoutMs int32, producerId int64,
 * producerEpoch int16.
 *
 * @param transactionalId the transactional id, or null for an idempotent producer
 * @param transactionTimeoutMs how long a transaction may stay open before the coordinator aborts it
 * @param producerId the producer's current id to bump its epoch, or -1 for a new one
 * @param producerEpoch the producer's current epoch, or -1 for a new producer
 */
public record InitProducerIdRequest(String transactionalId, int transactionTimeoutMs, long producerId,
                                    short producerEpoch) implements ApiRequest {

    @Override
    public ApiKey apiKey() {
        return ApiKey.INIT_PRODUCER_ID;
    }

    @Override
    public void write(WireWriter writer, short version) {
        ApiKey.INIT_PRODUCER_ID.checkVersion(version);
        writer.writeNullableString(transactionalId);
        writer.writeInt32(transactionTimeoutMs);
        writer.writeInt64(producerId);
        writer.writeInt16(producerEpoch);
    }

    /**
     * Decodes the body.
     *
     * @param reader the reader
     * @param version the api version
     * @return the request
     */
    public static InitProducerIdRequest read(WireReader reader, short version) {
        ApiKey.INIT_PRODUCER_ID.checkVersion(version);
        return new InitProducerIdRequest(
                reader.readNullableString("transactionalId"),
                reader.readInt32("transactionTimeoutMs"),
                reader.readInt64("producerId"),
                reader.readInt16("producerEpoch"));
    }
}
