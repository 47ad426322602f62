package io.partita.protocol.wire.api;

import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiRequest;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.WireWriter;
import java.util.Objects;

/**
 * Commits or aborts the ongoing transaction of a transactional id. The coordinator answers once
 * the decision is logged and a marker is written to every partition of the transaction.
 *
 * <p>Version 0: transactionalId string, producerId int64, producerEpoch int16, commit boolean.
 *
 * @param transactionalId the producer's transactional id
 * @param producerId the producer id from InitProducerId
 * @param producerEpoch the producer epoch from InitProducerId
 * @param commit true to commit, false to abort
 */
public record EndTxnRequest(String transactionalId, long producerId, short producerEpoch, boolean commit)
        implements ApiRequest {

    /** Checks required fields. */
    public EndTxnRequest {
        Objects.requireNonNull(transactionalId, "transactionalId");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.END_TXN;
    }

    @Override
    public void write(WireWriter writer, short version) {
        ApiKey.END_TXN.checkVersion(version);
        writer.writeString(transactionalId);
        writer.writeInt64(producerId);
        writer.writeInt16(producerEpoch);
        writer.writeBoolean(commit);
    }

    /**
     * Decodes the body.
     *
     * @param reader the reader
     * @param version the api version
     * @return the request
     */
    public static EndTxnRequest read(WireReader reader, short version) {
        ApiKey.END_TXN.checkVersion(version);
        return new EndTxnRequest(reader.readString("transactionalId"), reader.readInt64("producerId"),
                reader.readInt16("producerEpoch"), reader.readBoolean("commit"));
    }
}
