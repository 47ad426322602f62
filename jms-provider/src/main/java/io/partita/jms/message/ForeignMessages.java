package io.partita.jms.message;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.ObjectMessage;
import jakarta.jms.StreamMessage;
import jakarta.jms.TextMessage;

import java.util.Enumeration;

/**
 * Copies a message of another provider into a Partita message of the same type, as section 3.9
 * asks of a provider that is given a foreign message to send: the header fields an application
 * sets (correlation id, reply-to, type), every property and the body. A foreign bytes or stream
 * message is read from its start ({@code reset()} is called on it). Stateless and thread-safe.
 */
public final class ForeignMessages {
    private ForeignMessages() {
    }

    /** A Partita copy of {@code m}. */
    public static PartitaMessage toPartita(Message m) throws JMSException {
        PartitaMessage copy;
        if (m instanceof TextMessage t) {
            copy = new PartitaTextMessage(t.getText());
        } else if (m instanceof BytesMessage b) {
            PartitaBytesMessage pb = new PartitaBytesMessage();
            b.reset();
            byte[] body = new byte[(int) b.getBodyLength()];
            b.readBytes(body);
            pb.writeBytes(body);
            copy = pb;
        } else if (m instanceof MapMessage mm) {
            PartitaMapMessage pm = new PartitaMapMessage();
            for (Enumeration<?> names = mm.getMapNames(); names.hasMoreElements(); ) {
                String name = (String) names.nextElement();
                pm.setObject(name, mm.getObject(name));
            }
            copy = pm;
        } else if (m instanceof StreamMessage s) {
            PartitaStreamMessage ps = new PartitaStreamMessage();
            s.reset();
            while (true) {
                Object v;
                try {
                    v = s.readObject();
                } catch (jakarta.jms.MessageEOFException end) {
                    break;
                }
                ps.writeObject(v);
            }
            copy = ps;
        } else if (m instanceof ObjectMessage o) {
            PartitaObjectMessage po = new PartitaObjectMessage();
            po.setObject(o.getObject());
            copy = po;
        } else {
            copy = new PartitaMessage();
        }
        byte[] correlationBytes = null;
        String correlation = m.getJMSCorrelationID();
        if (correlation == null) {
            try {
                correlationBytes = m.getJMSCorrelationIDAsBytes();
            } catch (UnsupportedOperationException | JMSException e) {
                correlationBytes = null;
            }
        }
        if (correlation != null) {
            copy.setJMSCorrelationID(correlation);
        } else if (correlationBytes != null) {
            copy.setJMSCorrelationIDAsBytes(correlationBytes);
        }
        copy.setJMSReplyTo(m.getJMSReplyTo());
        copy.setJMSType(m.getJMSType());
        for (Enumeration<?> names = m.getPropertyNames(); names.hasMoreElements(); ) {
            String name = (String) names.nextElement();
            if (!name.equals(PropertyNames.JMSX_DELIVERY_COUNT)) {
                copy.setObjectProperty(name, m.getObjectProperty(name));
            }
        }
        return copy;
    }
}
