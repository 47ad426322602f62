package io.partita.jms.message;

import io.partita.protocol.message.MessageType;
import jakarta.jms.JMSException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.ObjectMessage;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;

/**
 * A message whose body is a serializable object, stored in the record value in Java
 * serialization format; a null object is a null record value. The object is serialized when it
 * is set, so later changes to it do not change the message, and each {@link #getObject()}
 * returns a new copy. Classes are resolved with the thread's context class loader, then this
 * class's loader; the JVM-wide deserialization filter ({@code jdk.serialFilter}) applies. Not
 * thread-safe.
 */
public class PartitaObjectMessage extends PartitaMessage implements ObjectMessage {
    private byte[] serialized;

    public PartitaObjectMessage() {
    }

    @Override
    public MessageType messageType() {
        return MessageType.OBJECT;
    }

    /**
     * @throws MessageFormatException if the object (or something it refers to) cannot be serialized
     */
    @Override
    public void setObject(Serializable object) throws JMSException {
        checkBodyWritable();
        serialized = serialize(object);
    }

    /**
     * @throws MessageFormatException if the body cannot be deserialized, naming the cause
     */
    @Override
    public Serializable getObject() throws JMSException {
        return serialized == null ? null : deserialize(serialized);
    }

    @Override
    public void clearBody() throws JMSException {
        super.clearBody();
        serialized = null;
    }

    @Override
    protected Object bodyValue() throws JMSException {
        return getObject();
    }

    @Override
    byte[] encodeBody() {
        return serialized;
    }

    @Override
    void decodeBody(byte[] body) {
        serialized = body;
    }

    static byte[] serialize(Serializable object) throws MessageFormatException {
        if (object == null) {
            return null;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        } catch (IOException e) {
            MessageFormatException mfe = new MessageFormatException("cannot serialize the "
                    + object.getClass().getName() + " of an ObjectMessage: " + e);
            mfe.initCause(e);
            mfe.setLinkedException(e);
            throw mfe;
        }
        return bytes.toByteArray();
    }

    static Serializable deserialize(byte[] bytes) throws MessageFormatException {
        try (ObjectInputStream in = new ContextObjectInputStream(new ByteArrayInputStream(bytes))) {
            return (Serializable) in.readObject();
        } catch (IOException | ClassNotFoundException | ClassCastException e) {
            MessageFormatException mfe = new MessageFormatException("cannot deserialize the body of an ObjectMessage: "
                    + e);
            mfe.initCause(e);
            mfe.setLinkedException(e);
            throw mfe;
        }
    }

    /** Resolves classes with the context class loader first. */
    private static final class ContextObjectInputStream extends ObjectInputStream {
        ContextObjectInputStream(InputStream in) throws IOException {
            super(in);
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            if (loader != null) {
                try {
                    return Class.forName(desc.getName(), false, loader);
                } catch (ClassNotFoundException e) {
                    // fall back to the default resolution below
                }
            }
            return super.resolveClass(desc);
        }
    }
}
