package io.partita.jms;

import jakarta.jms.JMSContext;
import jakarta.jms.XAJMSContext;
import javax.transaction.xa.XAResource;

/**
 * A {@link JMSContext} on an XA session ({@link PartitaXASession}): its work belongs to the branch
 * its {@link #getXAResource() XAResource} is associated with; {@code commit} and {@code rollback}
 * throw {@code TransactionInProgressRuntimeException}; {@code getTransacted} is true and
 * {@code getSessionMode} is {@code SESSION_TRANSACTED}. Not thread-safe, like every context.
 */
public final class PartitaXAJMSContext extends PartitaJMSContext implements XAJMSContext {

    PartitaXAJMSContext(PartitaXAConnection connection) {
        super(connection, JMSContext.SESSION_TRANSACTED);
    }

    @Override
    jakarta.jms.Session newSession(jakarta.jms.Connection c) throws jakarta.jms.JMSException {
        return ((PartitaConnection) c).newXASession(PartitaSession.Flavor.GENERIC);
    }

    @Override
    public JMSContext getContext() {
        session();
        return this;
    }

    @Override
    public XAResource getXAResource() {
        return ((PartitaXASession) providerSession()).getXAResource();
    }
}
