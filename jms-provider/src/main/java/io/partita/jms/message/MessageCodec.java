package io.partita.jms.message;

import io.partita.jms.PartitaDestination;
import io.partita.protocol.message.DeliveryMode;
import io.partita.protocol.message.DestinationKind;
import io.partita.protocol.message.EnvelopeReader;
import io.partita.protocol.message.EnvelopeWriter;
import io.partita.protocol.message.MalformedEnvelopeException;
import io.partita.protocol.message.MessageEnvelope;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.Queue;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.Topic;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Turns a {@link PartitaMessage} into a record and back. The record key is {@code JMSXGroupID}
 * (UTF-8) when that property is set, the record value is the body in the format of its type
 * (see the module README), and the header fields and properties go into the message envelope of
 * {@code io.partita.protocol.message}. {@code JMSXDeliveryCount} and {@code JMSRedelivered} are
 * not encoded: the broker supplies the delivery count on receipt.
 *
 * <p>A destination that is not a Partita one is encoded by its queue or topic name. Not
 * thread-safe (it reuses an envelope writer): use one codec per session.
 */
public final class MessageCodec {
    private final EnvelopeWriter writer = new EnvelopeWriter();
    private final EnvelopeReader reader = new EnvelopeReader();

    /**
     * The envelope property naming the JMS connection that sent a message (its uuid): what a
     * {@code noLocal} subscriber's selector excludes. Written on send, hidden on receipt.
     */
    public static final String ORIGIN_CONNECTION = "JMS_PartitaOriginConnection";
    /**
     * The envelope property holding the client id of the connection that sent a message, when it
     * has one: what a {@code noLocal} durable subscription's selector excludes. Written on send,
     * hidden on receipt.
     */
    public static final String ORIGIN_CLIENT_ID = "JMS_PartitaOriginClientID";

    /**
     * Encodes a message whose header fields the producer has set, with no origin.
     *
     * @throws MessageFormatException if a header field cannot be encoded (a priority outside 0 to
     *     9, an unknown delivery mode)
     */
    public EncodedMessage encode(PartitaMessage m) throws JMSException {
        return encode(m, null, null);
    }

    /**
     * Encodes a message whose header fields the producer has set, marked with its origin (the
     * properties {@link #ORIGIN_CONNECTION} and {@link #ORIGIN_CLIENT_ID}, which replace any the
     * message carries).
     *
     * @param originConnection the id of the sending connection, or null
     * @param originClientId   the client id of the sending connection, or null
     * @throws MessageFormatException if a header field cannot be encoded (a priority outside 0 to
     *     9, an unknown delivery mode)
     */
    public EncodedMessage encode(PartitaMessage m, String originConnection, String originClientId)
            throws JMSException {
        writer.reset();
        writer.messageType(m.messageType());
        int mode = m.getJMSDeliveryMode();
        if (mode != jakarta.jms.DeliveryMode.PERSISTENT && mode != jakarta.jms.DeliveryMode.NON_PERSISTENT) {
            throw new MessageFormatException("JMSDeliveryMode " + mode + " is neither PERSISTENT (2) nor NON_PERSISTENT (1)");
        }
        writer.deliveryMode(DeliveryMode.fromCode(mode));
        int priority = m.getJMSPriority();
        if (priority < 0 || priority > MessageEnvelope.MAX_PRIORITY) {
            throw new MessageFormatException("JMSPriority " + priority + " is not within 0 to 9");
        }
        writer.priority(priority);
        writer.timestamp(m.getJMSTimestamp());
        writer.expiration(m.getJMSExpiration());
        writer.deliveryTime(m.getJMSDeliveryTime());
        writer.messageId(m.getJMSMessageID());
        if (m.correlationIdIsBytes()) {
            writer.correlationIdBytes(m.getJMSCorrelationIDAsBytes());
        } else {
            writer.correlationId(m.getJMSCorrelationID());
        }
        putDestination(m.getJMSReplyTo(), true);
        putDestination(m.getJMSDestination(), false);
        writer.type(m.getJMSType());
        byte[] key = null;
        for (Map.Entry<String, Object> e : m.properties().entrySet()) {
            String name = e.getKey();
            if (name.equals(PropertyNames.JMSX_DELIVERY_COUNT) || isOrigin(name)) {
                continue;
            }
            if (name.equals(PropertyNames.JMSX_GROUP_ID) && e.getValue() instanceof String group) {
                key = group.getBytes(StandardCharsets.UTF_8);
            }
            writer.objectProperty(name, e.getValue());
        }
        if (originConnection != null) {
            writer.objectProperty(ORIGIN_CONNECTION, originConnection);
        }
        if (originClientId != null) {
            writer.objectProperty(ORIGIN_CLIENT_ID, originClientId);
        }
        return new EncodedMessage(key, writer.toByteArray(), m.encodeBody());
    }

    private static boolean isOrigin(String name) {
        return name.equals(ORIGIN_CONNECTION) || name.equals(ORIGIN_CLIENT_ID);
    }

    private void putDestination(Destination d, boolean replyTo) throws JMSException {
        DestinationKind kind;
        String name;
        if (d == null) {
            kind = null;
            name = null;
        } else if (d instanceof PartitaDestination pd) {
            kind = pd.kind();
            name = pd.getName();
        } else if (d instanceof TemporaryQueue q) {
            kind = DestinationKind.TEMPORARY_QUEUE;
            name = q.getQueueName();
        } else if (d instanceof TemporaryTopic t) {
            kind = DestinationKind.TEMPORARY_TOPIC;
            name = t.getTopicName();
        } else if (d instanceof Queue q) {
            kind = DestinationKind.QUEUE;
            name = q.getQueueName();
        } else if (d instanceof Topic t) {
            kind = DestinationKind.TOPIC;
            name = t.getTopicName();
        } else {
            throw new MessageFormatException((replyTo ? "JMSReplyTo" : "JMSDestination") + " " + d
                    + " is neither a Queue nor a Topic");
        }
        if (replyTo) {
            writer.replyTo(kind, name);
        } else {
            writer.destination(kind, name);
        }
    }

    /**
     * Decodes a received record into a message of the type its envelope names, read-only as
     * received messages are.
     *
     * @param envelope      the value of the record header {@code "jms"}
     * @param body          the record value, or null
     * @param deliveryCount the broker's delivery count, from 1
     * @param acknowledger  what {@code Message.acknowledge()} calls, or null
     * @throws MessageFormatException if the envelope or body is malformed, naming the problem
     */
    public PartitaMessage decode(ByteBuffer envelope, byte[] body, int deliveryCount,
            PartitaMessage.Acknowledger acknowledger) throws JMSException {
        PartitaMessage m;
        try {
            reader.wrap(envelope).validate();
            m = newMessage(reader);
            m.setJMSDeliveryMode(reader.deliveryMode().code());
            m.setJMSPriority(reader.priority());
            m.setJMSTimestamp(reader.timestamp());
            m.setJMSExpiration(reader.expiration());
            m.setJMSDeliveryTime(reader.deliveryTime());
            m.setJMSMessageID(reader.messageId());
            if (reader.correlationIdIsBytes()) {
                m.setJMSCorrelationIDAsBytes(reader.correlationIdBytes());
            } else {
                m.setJMSCorrelationID(reader.correlationId());
            }
            if (reader.replyToKind() != null) {
                m.setJMSReplyTo(PartitaDestination.of(reader.replyToKind(), reader.replyToName()));
            }
            if (reader.destinationKind() != null) {
                m.setJMSDestination(PartitaDestination.of(reader.destinationKind(), reader.destinationName()));
            }
            m.setJMSType(reader.type());
            PartitaMessage target = m;
            reader.forEachProperty((name, value) -> {
                if (!isOrigin(name)) {
                    target.putReceivedProperty(name, value);
                }
            });
        } catch (MalformedEnvelopeException | IllegalArgumentException e) {
            MessageFormatException mfe = new MessageFormatException("malformed message envelope: " + e.getMessage());
            mfe.initCause(e);
            throw mfe;
        }
        m.decodeBody(body);
        m.onReceived(deliveryCount, acknowledger);
        return m;
    }

    private static PartitaMessage newMessage(EnvelopeReader r) {
        return switch (r.messageType()) {
            case MESSAGE -> new PartitaMessage();
            case BYTES -> new PartitaBytesMessage();
            case MAP -> new PartitaMapMessage();
            case OBJECT -> new PartitaObjectMessage();
            case STREAM -> new PartitaStreamMessage();
            case TEXT -> new PartitaTextMessage();
        };
    }
}
