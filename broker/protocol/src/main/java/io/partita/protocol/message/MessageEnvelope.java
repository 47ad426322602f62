package io.partita.protocol.message;

/**
 * The JMS message envelope: the header fields and properties of a JMS message, carried in one
 * record header whose key is {@link #HEADER_KEY}. The record key is {@code JMSXGroupID} (or
 * none) and the record value is the body; neither is part of the envelope.
 * {@code JMSRedelivered} and {@code JMSXDeliveryCount} are not stored: the broker supplies them
 * at delivery.
 *
 * <h2>Layout, version 1</h2>
 * All multi-byte numbers are big-endian. A <em>varint</em> is an unsigned LEB128 integer of at
 * most 5 bytes whose value fits in a non-negative {@code int}. An <em>nstring</em> (nullable
 * string) is a varint {@code n} followed, when {@code n > 0}, by {@code n - 1} bytes of UTF-8;
 * {@code n = 0} means null.
 *
 * <p>Fixed part, {@value #FIXED_SIZE} bytes, so the broker can read delivery attributes at fixed
 * offsets without looking further:
 * <pre>
 * offset size field
 *  0     1    format version, {@value #VERSION}
 *  1     1    message type code ({@link MessageType}: 0 MESSAGE, 1 BYTES, 2 MAP, 3 OBJECT,
 *             4 STREAM, 5 TEXT)
 *  2     1    delivery mode ({@link DeliveryMode}: 1 NON_PERSISTENT, 2 PERSISTENT)
 *  3     1    priority, 0 to 9
 *  4     8    JMSTimestamp, ms since the epoch (0 when disabled)
 * 12     8    JMSExpiration, ms since the epoch, 0 = never
 * 20     8    JMSDeliveryTime, ms since the epoch
 * </pre>
 * Variable part, from offset {@value #FIXED_SIZE}, in this order:
 * <pre>
 * nstring   JMSMessageID
 * 1 byte    correlation id kind: 0 none, 1 string, 2 bytes
 *             kind 1: varint length, UTF-8 bytes; kind 2: varint length, raw bytes
 * 1 byte    JMSReplyTo kind ({@link DestinationKind}: 0 none, 1 queue, 2 topic,
 *             3 temporary queue, 4 temporary topic); kind != 0: varint length, UTF-8 name
 * 1 byte    JMSDestination kind, then as for JMSReplyTo
 * nstring   JMSType
 * varint    property count
 * property  repeated property count times:
 *             varint name length (at least 1), UTF-8 name,
 *             1 byte type tag ({@link PropertyType}), value (size given by the tag)
 * </pre>
 * Nothing follows the last property. Property names are unique within an envelope; a reader
 * that finds duplicates uses the first. Strings are encoded as by
 * {@code String.getBytes(UTF_8)} (an unpaired surrogate becomes {@code '?'}).
 *
 * <p>A new format version may add fields; a reader rejects versions it does not know.
 */
public final class MessageEnvelope {

    /** Key of the record header that carries the envelope. */
    public static final String HEADER_KEY = "jms";

    /** The format version this code writes and reads. */
    public static final int VERSION = 1;

    /** Offset of the format version byte. */
    public static final int VERSION_OFFSET = 0;
    /** Offset of the message type code. */
    public static final int MESSAGE_TYPE_OFFSET = 1;
    /** Offset of the delivery mode code. */
    public static final int DELIVERY_MODE_OFFSET = 2;
    /** Offset of the priority byte. */
    public static final int PRIORITY_OFFSET = 3;
    /** Offset of the timestamp. */
    public static final int TIMESTAMP_OFFSET = 4;
    /** Offset of the expiration time. */
    public static final int EXPIRATION_OFFSET = 12;
    /** Offset of the delivery time. */
    public static final int DELIVERY_TIME_OFFSET = 20;
    /** Size of the fixed part; the variable part starts here. */
    public static final int FIXED_SIZE = 28;

    /** Correlation id kind: none. */
    public static final int CORRELATION_NONE = 0;
    /** Correlation id kind: a string. */
    public static final int CORRELATION_STRING = 1;
    /** Correlation id kind: bytes. */
    public static final int CORRELATION_BYTES = 2;

    /** Highest JMS priority. */
    public static final int MAX_PRIORITY = 9;

    private MessageEnvelope() {
    }
}
