package io.partita.jms;

import io.partita.jms.provider.ProviderXaResource;
import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSException;
import jakarta.jms.QueueSession;
import jakarta.jms.Session;
import jakarta.jms.TopicSession;
import jakarta.jms.TransactionInProgressException;
import jakarta.jms.XAQueueSession;
import jakarta.jms.XASession;
import jakarta.jms.XATopicSession;
import javax.transaction.xa.XAResource;

/**
 * An XA session: a session whose work is part of the XA branch its {@link #getXAResource()
 * XAResource} is associated with. While associated, its sends belong to the branch and the
 * messages it receives are acknowledged in it (staged when the branch ends, applied when the
 * branch commits, delivered again if it rolls back). While not associated, it works as an
 * AUTO_ACKNOWLEDGE session: sends are immediate and received messages acknowledged, as ActiveMQ
 * Artemis does outside a global transaction.
 *
 * <p>{@link #getTransacted()} is true and {@link #getAcknowledgeMode()} is
 * {@code SESSION_TRANSACTED}, as the specification says for XA sessions; {@link #commit()} and
 * {@link #rollback()} throw {@link TransactionInProgressException}: the transaction manager
 * completes the branch through the {@code XAResource}.
 *
 * <p>Not thread-safe, like every session; the XAResource may be called from the transaction
 * manager's threads.
 */
public final class PartitaXASession extends PartitaSession implements XASession, XAQueueSession, XATopicSession {
    private final ProviderXaResource xa;
    private final PartitaXAResource resource;

    PartitaXASession(PartitaConnection connection, Flavor flavor, ProviderXaResource xa) {
        super(connection, Session.AUTO_ACKNOWLEDGE, flavor);
        this.xa = xa;
        this.resource = new PartitaXAResource(this, xa);
    }

    @Override
    ProviderXaResource xaResource() {
        return xa;
    }

    @Override
    public XAResource getXAResource() {
        return resource;
    }

    @Override
    public Session getSession() throws JMSException {
        checkClosed();
        return this;
    }

    @Override
    public QueueSession getQueueSession() throws JMSException {
        checkClosed();
        return this;
    }

    @Override
    public TopicSession getTopicSession() throws JMSException {
        checkClosed();
        return this;
    }

    @Override
    public boolean getTransacted() throws JMSException {
        checkClosed();
        return true;
    }

    @Override
    public int getAcknowledgeMode() throws JMSException {
        checkClosed();
        return Session.SESSION_TRANSACTED;
    }

    /** @throws TransactionInProgressException always: the branch is completed through the XAResource */
    @Override
    public void commit() throws JMSException {
        checkClosed();
        throw new TransactionInProgressException("commit() cannot be called on an XA session; its transaction "
                + "manager commits the branch through the XAResource");
    }

    /** @throws TransactionInProgressException always: the branch is rolled back through the XAResource */
    @Override
    public void rollback() throws JMSException {
        checkClosed();
        throw new TransactionInProgressException("rollback() cannot be called on an XA session; its transaction "
                + "manager rolls the branch back through the XAResource");
    }

    @Override
    public void recover() throws JMSException {
        checkClosed();
        if (xa.associated() != null) {
            throw new IllegalStateException("recover() cannot be called while the XA session is in a transaction");
        }
        super.recover();
    }

    /** Releases what the session received in a branch that is being rolled back without having ended. */
    void releaseUnstaged() {
        releaseUnackedQuietly();
    }

    @Override
    void closeXaResource() {
        xa.close();
    }

    @Override
    public String toString() {
        return "PartitaXASession[" + connection() + "]";
    }
}
