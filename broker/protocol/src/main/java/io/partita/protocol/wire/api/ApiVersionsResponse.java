package io.partita.protocol.wire.api;

import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.WireWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The APIs and version ranges the broker supports.
 *
 * <p>Version 0: error int16, apiKeys [apiKey int16, minVersion int16, maxVersion int16].
 *
 * @param error NONE, or why the request failed
 * @param apiKeys one entry per API the broker supports; ids the client does not know are kept as numbers
 */
public record ApiVersionsResponse(Errors error, List<ApiVersion> apiKeys) implements ApiResponse {

    /**
     * The version range of one API.
     *
     * @param apiKey the API's wire id
     * @param minVersion the lowest supported version
     * @param maxVersion the highest supported version
     */
    public record ApiVersion(short apiKey, short minVersion, short maxVersion) {

        /**
         * The entry for an API as this build supports it.
         *
         * @param key the API
         * @return its entry
         */
        public static ApiVersion of(ApiKey key) {
            return new ApiVersion(key.id(), key.minVersion(), key.maxVersion());
        }
    }

    /** Checks required fields. */
    public ApiVersionsResponse {
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(apiKeys, "apiKeys");
    }

    /** @return a response listing every API this build {@linkplain ApiKey#advertised() advertises} */
    public static ApiVersionsResponse ofThisBuild() {
        List<ApiVersion> list = new ArrayList<>();
        for (ApiKey key : ApiKey.values()) {
            if (key.advertised()) {
                list.add(ApiVersion.of(key));
            }
        }
        return new ApiVersionsResponse(Errors.NONE, List.copyOf(list));
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.API_VERSIONS;
    }

    @Override
    public void write(WireWriter writer, short version) {
        ApiKey.API_VERSIONS.checkVersion(version);
        error.write(writer);
        writer.writeArray(apiKeys, (w, v) -> {
            w.writeInt16(v.apiKey());
            w.writeInt16(v.minVersion());
            w.writeInt16(v.maxVersion());
        });
    }

    /**
     * Decodes the body.
     *
     * @param reader the reader
     * @param version the api version
     * @return the response
     */
    public static ApiVersionsResponse read(WireReader reader, short version) {
        ApiKey.API_VERSIONS.checkVersion(version);
        Errors error = Errors.read(reader, "error");
        List<ApiVersion> keys = reader.readArray("apiKeys", 6, r -> new ApiVersion(
                r.readInt16("apiKeys[].apiKey"),
                r.readInt16("apiKeys[].minVersion"),
                r.readInt16("apiKeys[].maxVersion")));
        return new ApiVersionsResponse(error, keys);
    }
}
