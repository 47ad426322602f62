package io.partita.jms;

import io.partita.jms.provider.Provider;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import jakarta.jms.XAConnection;
import jakarta.jms.XAQueueConnection;
import jakarta.jms.XAQueueSession;
import jakarta.jms.XASession;
import jakarta.jms.XATopicConnection;
import jakarta.jms.XATopicSession;

/**
 * A connection that also makes XA sessions ({@link PartitaXASession}), each with an
 * {@code XAResource} of its own. Its ordinary sessions (transacted or not) work as on any
 * connection. Thread-safe as {@link PartitaConnection}.
 */
public final class PartitaXAConnection extends PartitaConnection
        implements XAConnection, XAQueueConnection, XATopicConnection {

    PartitaXAConnection(Provider provider, String connectionId, String clientId, boolean reconnect) {
        super(provider, connectionId, clientId, reconnect);
    }

    @Override
    public XASession createXASession() throws JMSException {
        return newXASession(PartitaSession.Flavor.GENERIC);
    }

    @Override
    public XAQueueSession createXAQueueSession() throws JMSException {
        return newXASession(PartitaSession.Flavor.QUEUE);
    }

    @Override
    public XATopicSession createXATopicSession() throws JMSException {
        return newXASession(PartitaSession.Flavor.TOPIC);
    }

    /** An ordinary session; XAConnection inherits this from Connection (a transacted one is a local transaction). */
    @Override
    public Session createSession(boolean transacted, int acknowledgeMode) throws JMSException {
        return super.createSession(transacted, acknowledgeMode);
    }
}
