package io.partita.jms;

import io.partita.jms.exceptions.JmsExceptionSupport;
import io.partita.jms.message.PartitaBytesMessage;
import io.partita.jms.message.PartitaMapMessage;
import io.partita.jms.message.PartitaObjectMessage;
import io.partita.jms.message.PartitaTextMessage;
import io.partita.jms.message.PropertyNames;
import io.partita.jms.message.TypeConversion;
import jakarta.jms.CompletionListener;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.JMSProducer;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageFormatRuntimeException;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The simplified API's producer: a set of send options and message properties applied to each
 * message it sends through its context's session. Creating one is cheap; every producer of a
 * context shares the context's one anonymous {@link PartitaMessageProducer}. Properties follow
 * the message property rules ({@link PropertyNames}, the conversions of {@link TypeConversion});
 * they, and the correlation id, type and reply-to set here, are written onto each message sent,
 * replacing what the message had.
 *
 * <p>Not thread-safe, like its context.
 */
public final class PartitaJMSProducer implements JMSProducer {
    private final PartitaJMSContext context;
    private final Map<String, Object> properties = new LinkedHashMap<>();
    private int deliveryMode = DeliveryMode.PERSISTENT;
    private int priority = Message.DEFAULT_PRIORITY;
    private long timeToLive = Message.DEFAULT_TIME_TO_LIVE;
    private long deliveryDelay = Message.DEFAULT_DELIVERY_DELAY;
    private boolean disableMessageId;
    private boolean disableTimestamp;
    private CompletionListener completionListener;
    private String correlationId;
    private byte[] correlationIdBytes;
    private String type;
    private Destination replyTo;

    PartitaJMSProducer(PartitaJMSContext context) {
        this.context = context;
    }

    private static RuntimeException rt(JMSException e) {
        return JmsExceptionSupport.toRuntime(e);
    }

    // ---- send

    @Override
    public JMSProducer send(Destination destination, Message message) {
        if (message == null) {
            throw new MessageFormatRuntimeException("message must not be null");
        }
        try {
            for (Map.Entry<String, Object> e : properties.entrySet()) {
                message.setObjectProperty(e.getKey(), e.getValue());
            }
            if (correlationIdBytes != null) {
                message.setJMSCorrelationIDAsBytes(correlationIdBytes);
            } else if (correlationId != null) {
                message.setJMSCorrelationID(correlationId);
            }
            if (type != null) {
                message.setJMSType(type);
            }
            if (replyTo != null) {
                message.setJMSReplyTo(replyTo);
            }
            PartitaMessageProducer sender = context.sender();
            sender.checkClosed();
            PartitaDestination d = PartitaSession.toPartita(destination);
            sender.send(d, message, new PartitaMessageProducer.SendOptions(deliveryMode, priority, timeToLive,
                    deliveryDelay, disableMessageId, disableTimestamp), completionListener);
        } catch (JMSException e) {
            throw rt(e);
        }
        return this;
    }

    @Override
    public JMSProducer send(Destination destination, String body) {
        return send(destination, new PartitaTextMessage(body));
    }

    @Override
    public JMSProducer send(Destination destination, Map<String, Object> body) {
        PartitaMapMessage m = new PartitaMapMessage();
        if (body != null) {
            try {
                for (Map.Entry<String, Object> e : body.entrySet()) {
                    m.setObject(e.getKey(), e.getValue());
                }
            } catch (JMSException e) {
                throw rt(e);
            }
        }
        return send(destination, m);
    }

    @Override
    public JMSProducer send(Destination destination, byte[] body) {
        PartitaBytesMessage m = new PartitaBytesMessage();
        if (body != null) {
            try {
                m.writeBytes(body);
            } catch (JMSException e) {
                throw rt(e);
            }
        }
        return send(destination, m);
    }

    @Override
    public JMSProducer send(Destination destination, Serializable body) {
        PartitaObjectMessage m = new PartitaObjectMessage();
        try {
            m.setObject(body);
        } catch (JMSException e) {
            throw rt(e);
        }
        return send(destination, m);
    }

    // ---- options

    @Override
    public JMSProducer setDisableMessageID(boolean value) {
        disableMessageId = value;
        return this;
    }

    @Override
    public boolean getDisableMessageID() {
        return disableMessageId;
    }

    @Override
    public JMSProducer setDisableMessageTimestamp(boolean value) {
        disableTimestamp = value;
        return this;
    }

    @Override
    public boolean getDisableMessageTimestamp() {
        return disableTimestamp;
    }

    @Override
    public JMSProducer setDeliveryMode(int deliveryMode) {
        try {
            this.deliveryMode = PartitaMessageProducer.checkDeliveryMode(deliveryMode);
        } catch (JMSException e) {
            throw rt(e);
        }
        return this;
    }

    @Override
    public int getDeliveryMode() {
        return deliveryMode;
    }

    @Override
    public JMSProducer setPriority(int priority) {
        try {
            this.priority = PartitaMessageProducer.checkPriority(priority);
        } catch (JMSException e) {
            throw rt(e);
        }
        return this;
    }

    @Override
    public int getPriority() {
        return priority;
    }

    @Override
    public JMSProducer setTimeToLive(long timeToLive) {
        this.timeToLive = timeToLive;
        return this;
    }

    @Override
    public long getTimeToLive() {
        return timeToLive;
    }

    @Override
    public JMSProducer setDeliveryDelay(long deliveryDelay) {
        try {
            this.deliveryDelay = PartitaMessageProducer.checkDeliveryDelay(deliveryDelay);
        } catch (JMSException e) {
            throw rt(e);
        }
        return this;
    }

    @Override
    public long getDeliveryDelay() {
        return deliveryDelay;
    }

    @Override
    public JMSProducer setAsync(CompletionListener completionListener) {
        if (completionListener != null) {
            context.check(ContextRules.Operation.ASYNC_SEND);
        }
        this.completionListener = completionListener;
        return this;
    }

    @Override
    public CompletionListener getAsync() {
        return completionListener;
    }

    // ---- properties

    private JMSProducer put(String name, Object value) {
        PropertyNames.check(name);
        if (name.equals(PropertyNames.JMSX_GROUP_ID) && value != null && !(value instanceof String)
                || name.equals(PropertyNames.JMSX_GROUP_SEQ) && value != null && !(value instanceof Integer)) {
            throw new MessageFormatRuntimeException(name + " cannot hold a " + value.getClass().getName());
        }
        properties.put(name, value);
        return this;
    }

    @Override
    public JMSProducer setProperty(String name, boolean value) {
        return put(name, value);
    }

    @Override
    public JMSProducer setProperty(String name, byte value) {
        return put(name, value);
    }

    @Override
    public JMSProducer setProperty(String name, short value) {
        return put(name, value);
    }

    @Override
    public JMSProducer setProperty(String name, int value) {
        return put(name, value);
    }

    @Override
    public JMSProducer setProperty(String name, long value) {
        return put(name, value);
    }

    @Override
    public JMSProducer setProperty(String name, float value) {
        return put(name, value);
    }

    @Override
    public JMSProducer setProperty(String name, double value) {
        return put(name, value);
    }

    @Override
    public JMSProducer setProperty(String name, String value) {
        return put(name, value);
    }

    /**
     * @throws MessageFormatRuntimeException unless the value is a boxed primitive, a String or null
     */
    @Override
    public JMSProducer setProperty(String name, Object value) {
        if (value != null && !(value instanceof Boolean || value instanceof Byte || value instanceof Short
                || value instanceof Integer || value instanceof Long || value instanceof Float
                || value instanceof Double || value instanceof String)) {
            PropertyNames.check(name);
            throw new MessageFormatRuntimeException("property '" + name + "' cannot hold a "
                    + value.getClass().getName());
        }
        return put(name, value);
    }

    @Override
    public JMSProducer clearProperties() {
        properties.clear();
        return this;
    }

    @Override
    public boolean propertyExists(String name) {
        return properties.containsKey(name);
    }

    @FunctionalInterface
    private interface Conversion<T> {
        T apply(Object value) throws MessageFormatException;
    }

    private <T> T get(String name, Conversion<T> conversion) {
        try {
            return conversion.apply(properties.get(name));
        } catch (MessageFormatException e) {
            throw new MessageFormatRuntimeException(e.getMessage(), e.getErrorCode(), e);
        }
    }

    @Override
    public boolean getBooleanProperty(String name) {
        return get(name, TypeConversion::toBoolean);
    }

    @Override
    public byte getByteProperty(String name) {
        return get(name, TypeConversion::toByte);
    }

    @Override
    public short getShortProperty(String name) {
        return get(name, TypeConversion::toShort);
    }

    @Override
    public int getIntProperty(String name) {
        return get(name, TypeConversion::toInt);
    }

    @Override
    public long getLongProperty(String name) {
        return get(name, TypeConversion::toLong);
    }

    @Override
    public float getFloatProperty(String name) {
        return get(name, TypeConversion::toFloat);
    }

    @Override
    public double getDoubleProperty(String name) {
        return get(name, TypeConversion::toDouble);
    }

    @Override
    public String getStringProperty(String name) {
        return get(name, TypeConversion::toStringValue);
    }

    @Override
    public Object getObjectProperty(String name) {
        return properties.get(name);
    }

    @Override
    public Set<String> getPropertyNames() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(properties.keySet()));
    }

    // ---- header fields

    @Override
    public JMSProducer setJMSCorrelationIDAsBytes(byte[] correlationID) {
        correlationIdBytes = correlationID == null ? null : correlationID.clone();
        correlationId = null;
        return this;
    }

    @Override
    public byte[] getJMSCorrelationIDAsBytes() {
        if (correlationIdBytes != null) {
            return correlationIdBytes.clone();
        }
        return correlationId == null ? null : correlationId.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public JMSProducer setJMSCorrelationID(String correlationID) {
        correlationId = correlationID;
        correlationIdBytes = null;
        return this;
    }

    @Override
    public String getJMSCorrelationID() {
        return correlationId;
    }

    @Override
    public JMSProducer setJMSType(String type) {
        this.type = type;
        return this;
    }

    @Override
    public String getJMSType() {
        return type;
    }

    @Override
    public JMSProducer setJMSReplyTo(Destination replyTo) {
        this.replyTo = replyTo;
        return this;
    }

    @Override
    public Destination getJMSReplyTo() {
        return replyTo;
    }
}
