package io.partita.protocol.selector;

import io.partita.protocol.util.Utf8Bytes;
import java.nio.ByteBuffer;

/**
 * A property name used by a selector, with its UTF-8 encoding computed once at parse time so a
 * {@link SelectorContext} can find the property by comparing encoded names in place.
 * Immutable and thread-safe.
 */
public final class PropertyName {

    private final String name;
    private final byte[] utf8;

    public PropertyName(String name) {
        this.name = name;
        this.utf8 = Utf8Bytes.encode(name);
    }

    public String name() {
        return name;
    }

    /** Length of the name in UTF-8 bytes. */
    public int utf8Length() {
        return utf8.length;
    }

    /** Whether {@code length} bytes of {@code buf} from {@code offset} are this name in UTF-8. */
    public boolean matchesUtf8(ByteBuffer buf, int offset, int length) {
        return Utf8Bytes.equals(buf, offset, length, utf8);
    }

    @Override
    public String toString() {
        return name;
    }
}
