package io.partita.jms.message;

import io.partita.protocol.message.MessageType;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotWriteableException;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JMS message without a body, and the base of the five body types: the header fields, the
 * typed properties, and the read-only rules of Jakarta Messaging 3.0.
 *
 * <ul>
 * <li>Header fields can always be set (section 3.10); the provider sets most of them on send.
 * <li>Properties take the types of section 3.5.4 and are read with its conversions
 *     ({@link TypeConversion}); names follow {@link PropertyNames}. {@code JMSXGroupID} must be a
 *     string and {@code JMSXGroupSeq} an int.
 * <li>A received message has read-only properties and body: setting them throws
 *     {@link MessageNotWriteableException} until {@link #clearProperties()} or {@link #clearBody()}.
 * <li>{@code JMSXDeliveryCount} and {@code JMSRedelivered} come from the broker's delivery count.
 * <li>A correlation id is held as a string or as bytes, whichever was set last. As bytes,
 *     {@link #getJMSCorrelationID()} is null (as a selector sees it); as a string,
 *     {@link #getJMSCorrelationIDAsBytes()} is its UTF-8 encoding.
 * </ul>
 *
 * Not thread-safe, as the specification allows: a message is used by one thread at a time.
 */
public class PartitaMessage implements Message {
    /** Acknowledges the messages a session has consumed, for {@link #acknowledge()}. */
    @FunctionalInterface
    public interface Acknowledger {
        void acknowledge() throws JMSException;
    }

    private String messageId;
    private long timestamp;
    private String correlationId;
    private byte[] correlationIdBytes;
    private Destination replyTo;
    private Destination destination;
    private int deliveryMode = DeliveryMode.PERSISTENT;
    private boolean redelivered;
    private String type;
    private long expiration;
    private long deliveryTime;
    private int priority = Message.DEFAULT_PRIORITY;

    private final Map<String, Object> properties = new LinkedHashMap<>();
    private boolean propertiesReadOnly;
    private boolean bodyReadOnly;
    private Acknowledger acknowledger;

    public PartitaMessage() {
    }

    /** The message type code stored in the envelope. */
    public MessageType messageType() {
        return MessageType.MESSAGE;
    }

    // ---- header fields

    @Override
    public String getJMSMessageID() {
        return messageId;
    }

    @Override
    public void setJMSMessageID(String id) {
        messageId = id;
    }

    @Override
    public long getJMSTimestamp() {
        return timestamp;
    }

    @Override
    public void setJMSTimestamp(long timestamp) {
        this.timestamp = timestamp;
    }

    @Override
    public byte[] getJMSCorrelationIDAsBytes() {
        if (correlationIdBytes != null) {
            return correlationIdBytes.clone();
        }
        return correlationId == null ? null : correlationId.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void setJMSCorrelationIDAsBytes(byte[] correlationID) {
        correlationIdBytes = correlationID == null ? null : correlationID.clone();
        correlationId = null;
    }

    @Override
    public void setJMSCorrelationID(String correlationID) {
        correlationId = correlationID;
        correlationIdBytes = null;
    }

    @Override
    public String getJMSCorrelationID() {
        return correlationId;
    }

    /** Whether the correlation id was set as bytes (not a copy-free accessor; for encoding). */
    boolean correlationIdIsBytes() {
        return correlationIdBytes != null;
    }

    @Override
    public Destination getJMSReplyTo() {
        return replyTo;
    }

    @Override
    public void setJMSReplyTo(Destination replyTo) {
        this.replyTo = replyTo;
    }

    @Override
    public Destination getJMSDestination() {
        return destination;
    }

    @Override
    public void setJMSDestination(Destination destination) {
        this.destination = destination;
    }

    @Override
    public int getJMSDeliveryMode() {
        return deliveryMode;
    }

    @Override
    public void setJMSDeliveryMode(int deliveryMode) {
        this.deliveryMode = deliveryMode;
    }

    @Override
    public boolean getJMSRedelivered() {
        return redelivered;
    }

    @Override
    public void setJMSRedelivered(boolean redelivered) {
        this.redelivered = redelivered;
    }

    @Override
    public String getJMSType() {
        return type;
    }

    @Override
    public void setJMSType(String type) {
        this.type = type;
    }

    @Override
    public long getJMSExpiration() {
        return expiration;
    }

    @Override
    public void setJMSExpiration(long expiration) {
        this.expiration = expiration;
    }

    @Override
    public long getJMSDeliveryTime() {
        return deliveryTime;
    }

    @Override
    public void setJMSDeliveryTime(long deliveryTime) {
        this.deliveryTime = deliveryTime;
    }

    @Override
    public int getJMSPriority() {
        return priority;
    }

    @Override
    public void setJMSPriority(int priority) {
        this.priority = priority;
    }

    // ---- properties

    @Override
    public void clearProperties() {
        properties.clear();
        propertiesReadOnly = false;
    }

    @Override
    public boolean propertyExists(String name) {
        return properties.containsKey(name);
    }

    @Override
    public boolean getBooleanProperty(String name) throws JMSException {
        return TypeConversion.toBoolean(properties.get(name));
    }

    @Override
    public byte getByteProperty(String name) throws JMSException {
        return TypeConversion.toByte(properties.get(name));
    }

    @Override
    public short getShortProperty(String name) throws JMSException {
        return TypeConversion.toShort(properties.get(name));
    }

    @Override
    public int getIntProperty(String name) throws JMSException {
        return TypeConversion.toInt(properties.get(name));
    }

    @Override
    public long getLongProperty(String name) throws JMSException {
        return TypeConversion.toLong(properties.get(name));
    }

    @Override
    public float getFloatProperty(String name) throws JMSException {
        return TypeConversion.toFloat(properties.get(name));
    }

    @Override
    public double getDoubleProperty(String name) throws JMSException {
        return TypeConversion.toDouble(properties.get(name));
    }

    @Override
    public String getStringProperty(String name) throws JMSException {
        return TypeConversion.toStringValue(properties.get(name));
    }

    @Override
    public Object getObjectProperty(String name) {
        return properties.get(name);
    }

    @Override
    public Enumeration<String> getPropertyNames() {
        return Collections.enumeration(List.copyOf(properties.keySet()));
    }

    @Override
    public void setBooleanProperty(String name, boolean value) throws JMSException {
        putProperty(name, value);
    }

    @Override
    public void setByteProperty(String name, byte value) throws JMSException {
        putProperty(name, value);
    }

    @Override
    public void setShortProperty(String name, short value) throws JMSException {
        putProperty(name, value);
    }

    @Override
    public void setIntProperty(String name, int value) throws JMSException {
        putProperty(name, value);
    }

    @Override
    public void setLongProperty(String name, long value) throws JMSException {
        putProperty(name, value);
    }

    @Override
    public void setFloatProperty(String name, float value) throws JMSException {
        putProperty(name, value);
    }

    @Override
    public void setDoubleProperty(String name, double value) throws JMSException {
        putProperty(name, value);
    }

    @Override
    public void setStringProperty(String name, String value) throws JMSException {
        putProperty(name, value);
    }

    /**
     * Sets a property from a boxed primitive, a {@code String} or null.
     *
     * @throws MessageFormatException for any other type
     */
    @Override
    public void setObjectProperty(String name, Object value) throws JMSException {
        if (value != null && !(value instanceof Boolean || value instanceof Byte || value instanceof Short
                || value instanceof Integer || value instanceof Long || value instanceof Float
                || value instanceof Double || value instanceof String)) {
            checkPropertiesWritable();
            PropertyNames.check(name);
            throw new MessageFormatException("property '" + name + "' cannot hold a " + value.getClass().getName()
                    + "; allowed are Boolean, Byte, Short, Integer, Long, Float, Double and String");
        }
        putProperty(name, value);
    }

    private void putProperty(String name, Object value) throws JMSException {
        checkPropertiesWritable();
        PropertyNames.check(name);
        if (name.equals(PropertyNames.JMSX_GROUP_ID) && value != null && !(value instanceof String)) {
            throw new MessageFormatException("JMSXGroupID must be a String, not a " + TypeConversion.typeName(value));
        }
        if (name.equals(PropertyNames.JMSX_GROUP_SEQ) && value != null && !(value instanceof Integer)) {
            throw new MessageFormatException("JMSXGroupSeq must be an int, not a " + TypeConversion.typeName(value));
        }
        properties.put(name, value);
    }

    private void checkPropertiesWritable() throws MessageNotWriteableException {
        if (propertiesReadOnly) {
            throw new MessageNotWriteableException(
                    "message properties are read-only on a received message; call clearProperties() first");
        }
    }

    /** The properties in insertion order, for encoding. Not a copy: do not modify. */
    Map<String, Object> properties() {
        return properties;
    }

    /** Sets a property as received, bypassing name checks and the read-only rule. */
    void putReceivedProperty(String name, Object value) {
        properties.put(name, value);
    }

    // ---- body

    @Override
    public void clearBody() throws JMSException {
        bodyReadOnly = false;
    }

    /** Throws unless the body may be written. */
    protected final void checkBodyWritable() throws MessageNotWriteableException {
        if (bodyReadOnly) {
            throw new MessageNotWriteableException(
                    "message body is read-only on a received message; call clearBody() first");
        }
    }

    /** Whether the body is read-only (received, and not cleared since). */
    protected final boolean isBodyReadOnly() {
        return bodyReadOnly;
    }

    /**
     * The body as {@link #getBody} returns it (a copy the caller may keep), or null when there is
     * none.
     *
     * @throws MessageFormatException if the body cannot be returned (a stream, an object that does
     *     not deserialize)
     */
    protected Object bodyValue() throws JMSException {
        return null;
    }

    @Override
    public <T> T getBody(Class<T> c) throws JMSException {
        Object body = bodyValue();
        if (body == null) {
            return null;
        }
        if (c == null || !c.isInstance(body)) {
            throw new MessageFormatException("the body of this " + getClass().getSimpleName() + " is a "
                    + body.getClass().getName() + ", which cannot be assigned to " + (c == null ? "null" : c.getName()));
        }
        return c.cast(body);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public boolean isBodyAssignableTo(Class c) throws JMSException {
        Object body;
        try {
            body = bodyValue();
        } catch (MessageFormatException e) {
            return false;
        }
        return body == null || (c != null && c.isInstance(body));
    }

    /** The body as bytes for the record value; null for no body. */
    byte[] encodeBody() throws JMSException {
        return null;
    }

    /** Restores the body from a record value (null for none); called once, on receive. */
    void decodeBody(byte[] body) throws JMSException {
    }

    // ---- delivery

    /**
     * Marks the message as received: properties and body become read-only (and the body of a
     * bytes or stream message readable from its start), and the delivery count is recorded as
     * {@code JMSXDeliveryCount} and {@code JMSRedelivered}.
     */
    public void onReceived(int deliveryCount, Acknowledger acknowledger) {
        properties.put(PropertyNames.JMSX_DELIVERY_COUNT, deliveryCount);
        redelivered = deliveryCount > 1;
        this.acknowledger = acknowledger;
        propertiesReadOnly = true;
        bodyReadOnly = true;
        onBodyReceived();
    }

    /** Puts a bytes or stream body in read mode after receipt. */
    protected void onBodyReceived() {
    }

    @Override
    public void acknowledge() throws JMSException {
        if (acknowledger != null) {
            acknowledger.acknowledge();
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[id=" + messageId + ", destination=" + destination + ", properties="
                + properties.keySet() + "]";
    }
}
