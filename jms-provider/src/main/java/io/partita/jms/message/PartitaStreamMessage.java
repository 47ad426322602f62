package io.partita.jms.message;

import io.partita.protocol.message.MessageType;
import jakarta.jms.JMSException;
import jakarta.jms.MessageEOFException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotReadableException;
import jakarta.jms.MessageNotWriteableException;
import jakarta.jms.StreamMessage;

import java.util.ArrayList;
import java.util.List;

/**
 * A message whose body is a sequence of typed values, read back in order with the conversions of
 * section 3.11.3 ({@link TypeConversion}). The record value is the stream body format of
 * {@link TypedValueCodec}.
 *
 * <p>A new or cleared message is write-only; {@link #reset()} (or receipt) makes it read-only from
 * the first value. A read that fails ({@link MessageFormatException},
 * {@link NumberFormatException}, {@link NullPointerException} for a null read as a primitive
 * that has no null) does not move the position, so the value can be read again as another type.
 * A byte array value may be read in pieces with {@link #readBytes(byte[])}; while one is partly
 * read, any other read throws {@link MessageFormatException}. Reading past the last value throws
 * {@link MessageEOFException}. Not thread-safe.
 */
public class PartitaStreamMessage extends PartitaMessage implements StreamMessage {
    private List<Object> values = new ArrayList<>();
    private boolean readMode;
    private int position;
    /** Bytes of the current byte array value not yet read, or -1 when none is being read. */
    private int bytesRemaining = -1;

    public PartitaStreamMessage() {
    }

    @Override
    public MessageType messageType() {
        return MessageType.STREAM;
    }

    private Object peek() throws JMSException {
        if (!readMode) {
            throw new MessageNotReadableException("stream message is in write-only mode; call reset() to read");
        }
        if (bytesRemaining >= 0) {
            throw new MessageFormatException("a byte array value is partly read; finish it with readBytes first");
        }
        if (position >= values.size()) {
            throw new MessageEOFException("no more values in the stream message (it has " + values.size() + ")");
        }
        return values.get(position);
    }

    @Override
    public boolean readBoolean() throws JMSException {
        boolean v = TypeConversion.toBoolean(peek());
        position++;
        return v;
    }

    @Override
    public byte readByte() throws JMSException {
        byte v = TypeConversion.toByte(peek());
        position++;
        return v;
    }

    @Override
    public short readShort() throws JMSException {
        short v = TypeConversion.toShort(peek());
        position++;
        return v;
    }

    @Override
    public char readChar() throws JMSException {
        char v = TypeConversion.toChar(peek());
        position++;
        return v;
    }

    @Override
    public int readInt() throws JMSException {
        int v = TypeConversion.toInt(peek());
        position++;
        return v;
    }

    @Override
    public long readLong() throws JMSException {
        long v = TypeConversion.toLong(peek());
        position++;
        return v;
    }

    @Override
    public float readFloat() throws JMSException {
        float v = TypeConversion.toFloat(peek());
        position++;
        return v;
    }

    @Override
    public double readDouble() throws JMSException {
        double v = TypeConversion.toDouble(peek());
        position++;
        return v;
    }

    @Override
    public String readString() throws JMSException {
        String v = TypeConversion.toStringValue(peek());
        position++;
        return v;
    }

    /**
     * Reads the current byte array value, or the next piece of it.
     *
     * @return the number of bytes read; -1 when the value is null or was completely read by the
     *     previous call (the position then moves to the next value)
     */
    @Override
    public int readBytes(byte[] value) throws JMSException {
        byte[] field;
        if (bytesRemaining < 0) {
            field = TypeConversion.toBytes(peek());
            if (field == null) {
                position++;
                return -1;
            }
            bytesRemaining = field.length;
        } else {
            field = (byte[]) values.get(position);
            if (bytesRemaining == 0) {
                bytesRemaining = -1;
                position++;
                return -1;
            }
        }
        int n = Math.min(value.length, bytesRemaining);
        System.arraycopy(field, field.length - bytesRemaining, value, 0, n);
        bytesRemaining -= n;
        if (n < value.length) {
            bytesRemaining = -1;
            position++;
        }
        return n;
    }

    /** The current value in its own type ({@code byte[]} values are copies). */
    @Override
    public Object readObject() throws JMSException {
        Object v = peek();
        position++;
        return v instanceof byte[] b ? b.clone() : v;
    }

    @Override
    public void writeBoolean(boolean value) throws JMSException {
        add(value);
    }

    @Override
    public void writeByte(byte value) throws JMSException {
        add(value);
    }

    @Override
    public void writeShort(short value) throws JMSException {
        add(value);
    }

    @Override
    public void writeChar(char value) throws JMSException {
        add(value);
    }

    @Override
    public void writeInt(int value) throws JMSException {
        add(value);
    }

    @Override
    public void writeLong(long value) throws JMSException {
        add(value);
    }

    @Override
    public void writeFloat(float value) throws JMSException {
        add(value);
    }

    @Override
    public void writeDouble(double value) throws JMSException {
        add(value);
    }

    @Override
    public void writeString(String value) throws JMSException {
        add(value);
    }

    @Override
    public void writeBytes(byte[] value) throws JMSException {
        add(value == null ? null : value.clone());
    }

    @Override
    public void writeBytes(byte[] value, int offset, int length) throws JMSException {
        byte[] copy = new byte[length];
        System.arraycopy(value, offset, copy, 0, length);
        add(copy);
    }

    /**
     * @throws MessageFormatException unless the value is a boxed primitive, {@code String},
     *     {@code byte[]} or null
     */
    @Override
    public void writeObject(Object value) throws JMSException {
        if (value instanceof byte[] b) {
            add(b.clone());
        } else if (value == null || value instanceof Boolean || value instanceof Byte || value instanceof Short
                || value instanceof Character || value instanceof Integer || value instanceof Long
                || value instanceof Float || value instanceof Double || value instanceof String) {
            add(value);
        } else {
            checkWritable();
            throw new MessageFormatException("StreamMessage.writeObject cannot write a " + value.getClass().getName());
        }
    }

    private void checkWritable() throws MessageNotWriteableException {
        checkBodyWritable();
        if (readMode) {
            throw new MessageNotWriteableException("stream message is in read-only mode; call clearBody() to write");
        }
    }

    private void add(Object value) throws JMSException {
        checkWritable();
        values.add(value);
    }

    @Override
    public void reset() {
        readMode = true;
        position = 0;
        bytesRemaining = -1;
    }

    @Override
    public void clearBody() throws JMSException {
        super.clearBody();
        values = new ArrayList<>();
        readMode = false;
        position = 0;
        bytesRemaining = -1;
    }

    @Override
    protected void onBodyReceived() {
        reset();
    }

    /** A stream message body cannot be returned by {@code getBody}. */
    @Override
    protected Object bodyValue() throws JMSException {
        throw new MessageFormatException("the body of a StreamMessage cannot be returned by getBody");
    }

    @Override
    public <T> T getBody(Class<T> c) throws JMSException {
        return c.cast(bodyValue());
    }

    @Override
    @SuppressWarnings("rawtypes")
    public boolean isBodyAssignableTo(Class c) {
        return false;
    }

    @Override
    byte[] encodeBody() {
        return TypedValueCodec.encodeList(values);
    }

    @Override
    void decodeBody(byte[] body) throws JMSException {
        values = body == null ? new ArrayList<>() : new ArrayList<>(TypedValueCodec.decodeList(body));
    }
}
