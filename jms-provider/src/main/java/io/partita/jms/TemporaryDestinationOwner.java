package io.partita.jms;

import jakarta.jms.JMSException;

/** The connection that created a temporary destination and alone may consume from or delete it. */
interface TemporaryDestinationOwner {
    /**
     * Deletes the temporary destination.
     *
     * @throws jakarta.jms.IllegalStateException if the connection is closed or a consumer of it is open
     */
    void deleteTemporary(PartitaDestination destination) throws JMSException;
}
