package io.partita.jms.message;

import io.partita.protocol.message.MessageType;
import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.MessageEOFException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotReadableException;
import jakarta.jms.MessageNotWriteableException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UTFDataFormatException;

/**
 * A message whose body is a stream of bytes, written and read as {@link DataOutputStream} and
 * {@link DataInputStream} do (big-endian numbers, modified UTF-8 for {@code writeUTF}). The
 * record value is exactly those bytes.
 *
 * <p>A new or cleared message is write-only: reading throws {@link MessageNotReadableException}.
 * {@link #reset()} (or receipt) makes it read-only from the first byte: writing throws
 * {@link MessageNotWriteableException}. A read past the end throws {@link MessageEOFException}
 * and leaves the position where it was. Sending encodes what has been written so far, in either
 * mode, and leaves the mode unchanged. Not thread-safe.
 */
public class PartitaBytesMessage extends PartitaMessage implements BytesMessage {
    private ByteArrayOutputStream written = new ByteArrayOutputStream();
    private DataOutputStream out = new DataOutputStream(written);
    private byte[] content;
    private ByteArrayInputStream readBuffer;
    private DataInputStream in;

    public PartitaBytesMessage() {
    }

    @Override
    public MessageType messageType() {
        return MessageType.BYTES;
    }

    private boolean readMode() {
        return in != null;
    }

    private DataOutputStream writer() throws MessageNotWriteableException {
        checkBodyWritable();
        if (readMode()) {
            throw new MessageNotWriteableException("bytes message is in read-only mode; call clearBody() to write");
        }
        return out;
    }

    private DataInputStream reader() throws MessageNotReadableException {
        if (!readMode()) {
            throw new MessageNotReadableException("bytes message is in write-only mode; call reset() to read");
        }
        readBuffer.mark(0);
        return in;
    }

    private JMSException readFailure(IOException e) {
        readBuffer.reset();
        JMSException j = e instanceof EOFException
                ? new MessageEOFException("unexpected end of bytes message body")
                : e instanceof UTFDataFormatException
                ? new MessageFormatException("bytes message body holds malformed UTF data: " + e.getMessage())
                : new JMSException("cannot read bytes message body: " + e);
        j.initCause(e);
        j.setLinkedException(e);
        return j;
    }

    /** The whole body as currently written or received (a copy). */
    private byte[] bytes() {
        return readMode() ? content.clone() : written.toByteArray();
    }

    @Override
    public long getBodyLength() throws JMSException {
        if (!readMode()) {
            throw new MessageNotReadableException("bytes message is in write-only mode; call reset() first");
        }
        return content.length;
    }

    @Override
    public boolean readBoolean() throws JMSException {
        try {
            return reader().readBoolean();
        } catch (IOException e) {
            throw readFailure(e);
        }
    }

    @Override
    public byte readByte() throws JMSException {
        try {
            return reader().readByte();
        } catch (IOException e) {
            throw readFailure(e);
        }
    }

    @Override
    public int readUnsignedByte() throws JMSException {
        try {
            return reader().readUnsignedByte();
        } catch (IOException e) {
            throw readFailure(e);
        }
    }

    @Override
    public short readShort() throws JMSException {
        try {
            return reader().readShort();
        } catch (IOException e) {
            throw readFailure(e);
        }
    }

    @Override
    public int readUnsignedShort() throws JMSException {
        try {
            return reader().readUnsignedShort();
        } catch (IOException e) {
            throw readFailure(e);
        }
    }

    @Override
    public char readChar() throws JMSException {
        try {
            return reader().readChar();
        } catch (IOException e) {
            throw readFailure(e);
        }
    }

    @Override
    public int readInt() throws JMSException {
        try {
            return reader().readInt();
        } catch (IOException e) {
            throw readFailure(e);
        }
    }

    @Override
    public long readLong() throws JMSException {
        try {
            return reader().readLong();
        } catch (IOException e) {
            throw readFailure(e);
        }
    }

    @Override
    public float readFloat() throws JMSException {
        try {
            return reader().readFloat();
        } catch (IOException e) {
            throw readFailure(e);
        }
    }

    @Override
    public double readDouble() throws JMSException {
        try {
            return reader().readDouble();
        } catch (IOException e) {
            throw readFailure(e);
        }
    }

    @Override
    public String readUTF() throws JMSException {
        try {
            return reader().readUTF();
        } catch (IOException e) {
            throw readFailure(e);
        }
    }

    @Override
    public int readBytes(byte[] value) throws JMSException {
        return readBytes(value, value.length);
    }

    /**
     * @return the number of bytes read, or -1 when the body has no more bytes
     * @throws IndexOutOfBoundsException if {@code length} is negative or greater than {@code value.length}
     */
    @Override
    public int readBytes(byte[] value, int length) throws JMSException {
        if (length < 0 || length > value.length) {
            throw new IndexOutOfBoundsException("length " + length + " is not within the array of " + value.length);
        }
        DataInputStream r = reader();
        if (readBuffer.available() == 0) {
            return -1;
        }
        try {
            return Math.max(r.read(value, 0, length), 0);
        } catch (IOException e) {
            throw readFailure(e);
        }
    }

    @Override
    public void writeBoolean(boolean value) throws JMSException {
        try {
            writer().writeBoolean(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void writeByte(byte value) throws JMSException {
        try {
            writer().writeByte(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void writeShort(short value) throws JMSException {
        try {
            writer().writeShort(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void writeChar(char value) throws JMSException {
        try {
            writer().writeChar(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void writeInt(int value) throws JMSException {
        try {
            writer().writeInt(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void writeLong(long value) throws JMSException {
        try {
            writer().writeLong(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void writeFloat(float value) throws JMSException {
        try {
            writer().writeFloat(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void writeDouble(double value) throws JMSException {
        try {
            writer().writeDouble(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @throws MessageFormatException if the string's modified UTF-8 form is longer than 65535 bytes
     */
    @Override
    public void writeUTF(String value) throws JMSException {
        DataOutputStream w = writer();
        try {
            w.writeUTF(value);
        } catch (UTFDataFormatException e) {
            MessageFormatException mfe = new MessageFormatException("string is too long for writeUTF: " + e.getMessage());
            mfe.initCause(e);
            throw mfe;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void writeBytes(byte[] value) throws JMSException {
        writeBytes(value, 0, value.length);
    }

    @Override
    public void writeBytes(byte[] value, int offset, int length) throws JMSException {
        DataOutputStream w = writer();
        try {
            w.write(value, offset, length);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes a boxed primitive, a {@code String} (as {@code writeUTF}) or a {@code byte[]}.
     *
     * @throws NullPointerException if {@code value} is null
     * @throws MessageFormatException for any other type
     */
    @Override
    public void writeObject(Object value) throws JMSException {
        if (value == null) {
            throw new NullPointerException("BytesMessage.writeObject does not accept null");
        }
        if (value instanceof Boolean v) {
            writeBoolean(v);
        } else if (value instanceof Byte v) {
            writeByte(v);
        } else if (value instanceof Short v) {
            writeShort(v);
        } else if (value instanceof Character v) {
            writeChar(v);
        } else if (value instanceof Integer v) {
            writeInt(v);
        } else if (value instanceof Long v) {
            writeLong(v);
        } else if (value instanceof Float v) {
            writeFloat(v);
        } else if (value instanceof Double v) {
            writeDouble(v);
        } else if (value instanceof String v) {
            writeUTF(v);
        } else if (value instanceof byte[] v) {
            writeBytes(v);
        } else {
            throw new MessageFormatException("BytesMessage.writeObject cannot write a " + value.getClass().getName());
        }
    }

    @Override
    public void reset() {
        content = bytes();
        readBuffer = new ByteArrayInputStream(content);
        in = new DataInputStream(readBuffer);
        written = null;
        out = null;
    }

    @Override
    public void clearBody() throws JMSException {
        super.clearBody();
        written = new ByteArrayOutputStream();
        out = new DataOutputStream(written);
        content = null;
        readBuffer = null;
        in = null;
    }

    @Override
    protected void onBodyReceived() {
        reset();
    }

    /** The body as a {@code byte[]}, or null when it is empty. */
    @Override
    protected Object bodyValue() {
        byte[] b = bytes();
        return b.length == 0 ? null : b;
    }

    @Override
    byte[] encodeBody() {
        return bytes();
    }

    @Override
    void decodeBody(byte[] body) {
        written = new ByteArrayOutputStream();
        out = new DataOutputStream(written);
        if (body != null) {
            written.writeBytes(body);
        }
    }
}
