package io.partita.jms.provider;

import java.time.Duration;

/**
 * Reads what is on a queue without acquiring it, for a {@code QueueBrowser} enumeration: the
 * records present when the browse began, in partition then offset order, filtered by the
 * selector. Used by one thread at a time.
 */
public interface ProviderBrowser extends AutoCloseable {

    /**
     * The next record, waiting up to {@code timeout} for the broker.
     *
     * @return the record (delivery count 0: nothing is acquired), or null when the browse is over
     * @throws ProviderException when the broker does not answer within {@code timeout}
     */
    Delivery next(Duration timeout);

    @Override
    void close();
}
