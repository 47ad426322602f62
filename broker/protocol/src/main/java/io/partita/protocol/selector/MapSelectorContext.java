package io.partita.protocol.selector;

import java.util.Collections;
import java.util.Map;

/**
 * A {@link SelectorContext} over plain Java values: header fields set on this object and
 * properties in a map of boxed values ({@code Boolean}, {@code Byte}, {@code Short},
 * {@code Integer}, {@code Long}, {@code Float}, {@code Double}, {@code String}; anything else
 * reads as NULL). For evaluating a selector against a message held in memory, as a queue
 * browser does. Mutable and not thread-safe; the map is read, not copied.
 */
public final class MapSelectorContext implements SelectorContext {

    private Map<String, ?> properties = Collections.emptyMap();
    private boolean persistent = true;
    private int priority = 4;
    private String messageId;
    private long timestamp;
    private String correlationId;
    private String type;

    public MapSelectorContext properties(Map<String, ?> value) {
        properties = value == null ? Collections.emptyMap() : value;
        return this;
    }

    public MapSelectorContext persistent(boolean value) {
        persistent = value;
        return this;
    }

    public MapSelectorContext priority(int value) {
        priority = value;
        return this;
    }

    public MapSelectorContext messageId(String value) {
        messageId = value;
        return this;
    }

    public MapSelectorContext timestamp(long value) {
        timestamp = value;
        return this;
    }

    /** JMSCorrelationID as a string; a correlation id set as bytes should be passed as null. */
    public MapSelectorContext correlationId(String value) {
        correlationId = value;
        return this;
    }

    public MapSelectorContext type(String value) {
        type = value;
        return this;
    }

    @Override
    public void loadHeader(HeaderField field, SelectorValue out) {
        switch (field) {
            case DELIVERY_MODE: out.setString(persistent ? HeaderField.PERSISTENT : HeaderField.NON_PERSISTENT); break;
            case PRIORITY: out.setLong(priority); break;
            case MESSAGE_ID: out.setString(messageId); break;
            case TIMESTAMP: out.setLong(timestamp); break;
            case CORRELATION_ID: out.setString(correlationId); break;
            case TYPE: out.setString(type); break;
            default: out.setNull();
        }
    }

    @Override
    public void loadProperty(PropertyName name, SelectorValue out) {
        Object v = properties.get(name.name());
        if (v instanceof String) {
            out.setString((String) v);
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            out.setLong(((Number) v).longValue());
        } else if (v instanceof Double || v instanceof Float) {
            out.setDouble(((Number) v).doubleValue());
        } else if (v instanceof Boolean) {
            out.setBoolean((Boolean) v);
        } else {
            out.setNull();
        }
    }
}
