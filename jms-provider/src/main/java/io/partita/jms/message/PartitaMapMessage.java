package io.partita.jms.message;

import io.partita.protocol.message.MessageType;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.MessageFormatException;

import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A message whose body is a set of named, typed values, read with the conversions of section
 * 3.11.3 ({@link TypeConversion}). Values are boxed primitives (including {@code Character}),
 * strings, byte arrays or null; byte arrays are copied in and out. Names are any non-empty
 * string. The record value is the map body format of {@link TypedValueCodec}. Not thread-safe.
 */
public class PartitaMapMessage extends PartitaMessage implements MapMessage {
    private Map<String, Object> map = new LinkedHashMap<>();

    public PartitaMapMessage() {
    }

    @Override
    public MessageType messageType() {
        return MessageType.MAP;
    }

    @Override
    public boolean getBoolean(String name) throws JMSException {
        return TypeConversion.toBoolean(map.get(name));
    }

    @Override
    public byte getByte(String name) throws JMSException {
        return TypeConversion.toByte(map.get(name));
    }

    @Override
    public short getShort(String name) throws JMSException {
        return TypeConversion.toShort(map.get(name));
    }

    @Override
    public char getChar(String name) throws JMSException {
        return TypeConversion.toChar(map.get(name));
    }

    @Override
    public int getInt(String name) throws JMSException {
        return TypeConversion.toInt(map.get(name));
    }

    @Override
    public long getLong(String name) throws JMSException {
        return TypeConversion.toLong(map.get(name));
    }

    @Override
    public float getFloat(String name) throws JMSException {
        return TypeConversion.toFloat(map.get(name));
    }

    @Override
    public double getDouble(String name) throws JMSException {
        return TypeConversion.toDouble(map.get(name));
    }

    @Override
    public String getString(String name) throws JMSException {
        return TypeConversion.toStringValue(map.get(name));
    }

    @Override
    public byte[] getBytes(String name) throws JMSException {
        byte[] b = TypeConversion.toBytes(map.get(name));
        return b == null ? null : b.clone();
    }

    @Override
    public Object getObject(String name) {
        Object v = map.get(name);
        return v instanceof byte[] b ? b.clone() : v;
    }

    @Override
    public Enumeration<String> getMapNames() {
        return Collections.enumeration(List.copyOf(map.keySet()));
    }

    @Override
    public boolean itemExists(String name) {
        return map.containsKey(name);
    }

    @Override
    public void setBoolean(String name, boolean value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setByte(String name, byte value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setShort(String name, short value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setChar(String name, char value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setInt(String name, int value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setLong(String name, long value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setFloat(String name, float value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setDouble(String name, double value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setString(String name, String value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setBytes(String name, byte[] value) throws JMSException {
        put(name, value == null ? null : value.clone());
    }

    @Override
    public void setBytes(String name, byte[] value, int offset, int length) throws JMSException {
        byte[] copy = new byte[length];
        System.arraycopy(value, offset, copy, 0, length);
        put(name, copy);
    }

    /**
     * @throws MessageFormatException unless the value is a boxed primitive, {@code String},
     *     {@code byte[]} or null
     */
    @Override
    public void setObject(String name, Object value) throws JMSException {
        if (value instanceof byte[] b) {
            put(name, b.clone());
        } else if (value == null || value instanceof Boolean || value instanceof Byte || value instanceof Short
                || value instanceof Character || value instanceof Integer || value instanceof Long
                || value instanceof Float || value instanceof Double || value instanceof String) {
            put(name, value);
        } else {
            checkBodyWritable();
            checkName(name);
            throw new MessageFormatException("map entry '" + name + "' cannot hold a " + value.getClass().getName()
                    + "; allowed are the boxed primitives, String and byte[]");
        }
    }

    private void put(String name, Object value) throws JMSException {
        checkBodyWritable();
        checkName(name);
        map.put(name, value);
    }

    private static void checkName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("map entry name must not be " + (name == null ? "null" : "empty"));
        }
    }

    @Override
    public void clearBody() throws JMSException {
        super.clearBody();
        map = new LinkedHashMap<>();
    }

    /** A copy of the entries, or null when there are none. */
    @Override
    protected Object bodyValue() {
        if (map.isEmpty()) {
            return null;
        }
        Map<String, Object> copy = new java.util.HashMap<>();
        map.forEach((k, v) -> copy.put(k, v instanceof byte[] b ? b.clone() : v));
        return copy;
    }

    @Override
    byte[] encodeBody() {
        return TypedValueCodec.encodeMap(map);
    }

    @Override
    void decodeBody(byte[] body) throws JMSException {
        map = body == null ? new LinkedHashMap<>() : new LinkedHashMap<>(TypedValueCodec.decodeMap(body));
    }
}
