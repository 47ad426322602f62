package io.partita.ra.outbound;

import io.partita.jms.PartitaConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.XAConnection;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;

/**
 * An {@link XAResource} for the transaction manager's recovery ({@code getXAResources}): it
 * connects to its broker on the first XA call, not before, so gathering the resources of many
 * activations never waits for a broker that is down, and a server that asks for resources it then
 * does not use opens nothing. A failure to connect is {@code XAER_RMFAIL}; the next call tries
 * again. A broker lists all its prepared branches to any connection, so any resource on the
 * broker recovers them.
 *
 * <p>Thread-safe: the connection is opened and closed under the resource's lock.
 */
public final class RecoveryXAResource extends DelegatingXAResource {
    private final String brokerUrl;
    private final String user;
    private final String password;
    private XAConnection connection;
    private XAResource delegate;

    public RecoveryXAResource(String brokerUrl, String user, String password) {
        this.brokerUrl = brokerUrl;
        this.user = user;
        this.password = password;
    }

    @Override
    synchronized XAResource delegate() throws XAException {
        if (delegate == null) {
            XAConnection c = null;
            try {
                c = new PartitaConnectionFactory(brokerUrl).createXAConnection(user, password);
                delegate = c.createXASession().getXAResource();
                connection = c;
            } catch (JMSException | RuntimeException e) {
                if (c != null) {
                    try {
                        c.close();
                    } catch (JMSException ignored) {
                        // the failure that matters is e
                    }
                }
                throw unreachable("cannot connect to " + brokerUrl + " for recovery", e);
            }
        }
        return delegate;
    }

    /** Closes the connection, if one was opened. */
    public synchronized void close() throws JMSException {
        delegate = null;
        if (connection != null) {
            XAConnection c = connection;
            connection = null;
            c.close();
        }
    }

    @Override
    public boolean isSameRM(XAResource other) {
        return other == this;
    }

    @Override
    public String toString() {
        return "RecoveryXAResource[" + brokerUrl + "]";
    }
}
