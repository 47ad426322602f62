package io.partita.protocol.wire;

/**
 * A request or response at an api version this build has no codec for. Unlike
 * {@link MalformedFrameException} the frame itself may be fine: a server answers the request
 * with {@link Errors#UNSUPPORTED_VERSION} instead of closing the connection.
 */
public final class UnsupportedVersionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The api the version was asked for. */
    private final ApiKey apiKey;

    /** The version that is not supported. */
    private final short version;

    /**
     * Creates the exception.
     *
     * @param apiKey the api
     * @param version the unsupported version
     */
    public UnsupportedVersionException(ApiKey apiKey, short version) {
        super(apiKey + " version " + version + " is not supported; supported: " + apiKey.versionRangeText());
        this.apiKey = apiKey;
        this.version = version;
    }

    /** @return the api the version was asked for */
    public ApiKey apiKey() {
        return apiKey;
    }

    /** @return the version that is not supported */
    public short version() {
        return version;
    }
}
