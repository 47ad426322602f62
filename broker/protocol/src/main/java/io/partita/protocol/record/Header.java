package io.partita.protocol.record;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * One record header: a non-null UTF-8 key and a nullable value. The value is a read-only view
 * into the batch's buffer when read, so it is valid only as long as that buffer is.
 */
public record Header(String key, ByteBuffer value) {
    public Header {
        Objects.requireNonNull(key, "header key");
    }

    public static Header of(String key, byte[] value) {
        return new Header(key, value == null ? null : ByteBuffer.wrap(value));
    }
}
