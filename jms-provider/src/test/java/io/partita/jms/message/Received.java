package io.partita.jms.message;

import jakarta.jms.JMSException;

import java.nio.ByteBuffer;

/** Turns a message into a received one the way a consumer does: encode to a record, decode. */
final class Received {
    private Received() {
    }

    @SuppressWarnings("unchecked")
    static <T extends PartitaMessage> T roundTrip(T m) throws JMSException {
        return (T) roundTrip(m, 1);
    }

    static PartitaMessage roundTrip(PartitaMessage m, int deliveryCount) throws JMSException {
        EncodedMessage e = new MessageCodec().encode(m);
        return new MessageCodec().decode(ByteBuffer.wrap(e.envelope()), e.body(), deliveryCount, null);
    }
}
