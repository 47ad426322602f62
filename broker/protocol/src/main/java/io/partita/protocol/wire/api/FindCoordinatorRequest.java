package io.partita.protocol.wire.api;

import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiRequest;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.WireWriter;
import java.util.Objects;

/**
 * Asks which broker coordinates a consumer group (or, later, a transactional id).
 *
 * <p>Version 0: key string, keyType int8.
 *
 * @param key the group id or transactional id
 * @param keyType {@link #GROUP} or {@link #TRANSACTION}
 */
public record FindCoordinatorRequest(String key, byte keyType) implements ApiRequest {

    /** keyType of a consumer group id. */
    public static final byte GROUP = 0;
    /** keyType of a transactional id. */
    public static final byte TRANSACTION = 1;

    /** Checks required fields. */
    public FindCoordinatorRequest {
        Objects.requireNonNull(key, "key");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.FIND_COORDINATOR;
    }

    @Override
    public void write(WireWriter writer, short version) {
        ApiKey.FIND_COORDINATOR.checkVersion(version);
        writer.writeString(key);
        writer.writeInt8(keyType);
    }

    /**
     * Decodes the body.
     *
     * @param reader the reader
     * @param version the api version
     * @return the request
     */
    public static FindCoordinatorRequest read(WireReader reader, short version) {
        ApiKey.FIND_COORDINATOR.checkVersion(version);
        return new FindCoordinatorRequest(reader.readString("key"), reader.readInt8("keyType"));
    }
}
