package io.partita.ra.outbound;

import jakarta.jms.JMSException;
import jakarta.jms.Session;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.LocalTransaction;
import jakarta.resource.spi.LocalTransactionException;

/**
 * A resource-manager local transaction on a pooled connection, driven by the server: between
 * {@code begin} and {@code commit}/{@code rollback} the connection's session is transacted and its
 * work is committed or rolled back here. Not thread-safe on its own; the server calls it from the
 * transaction's thread.
 */
final class ManagedLocalTransaction implements LocalTransaction {
    private final PartitaManagedConnection managed;

    ManagedLocalTransaction(PartitaManagedConnection managed) {
        this.managed = managed;
    }

    @Override
    public void begin() throws ResourceException {
        managed.beginLocal();
    }

    @Override
    public void commit() throws ResourceException {
        end(true);
    }

    @Override
    public void rollback() throws ResourceException {
        end(false);
    }

    private void end(boolean commit) throws ResourceException {
        Session session = managed.endLocal();
        if (session == null) {
            return; // nothing was done in the transaction
        }
        try {
            if (commit) {
                session.commit();
            } else {
                session.rollback();
            }
        } catch (JMSException e) {
            throw new LocalTransactionException((commit ? "commit" : "rollback") + " of the local transaction failed: "
                    + e.getMessage(), e);
        } finally {
            try {
                session.close();
            } catch (JMSException ignored) {
                // the outcome above is what the server needs to know
            }
        }
    }
}
