package io.partita.jms.provider;

import io.partita.client.PartitaClientException;
import io.partita.client.producer.PartitaProducer;
import io.partita.client.producer.ProducerConfig;
import io.partita.client.producer.ProducerFencedException;
import io.partita.client.producer.TransactionIdentity;
import io.partita.protocol.wire.Errors;

import java.time.Duration;
import java.util.UUID;

/**
 * A transacted session's transactions on partita-client: a transactional producer of its own
 * whose {@code transactional.id} is {@code jms-session-<uuid>}, unique to the session (so sessions
 * never fence each other), created and initialised on first use. A transaction begins with the
 * first send or staged acknowledgement after the previous one ended; {@link #commit()} flushes
 * the sends and commits (EndTxn) sends and staged acknowledgements together.
 *
 * <p>After a failed commit the transaction is aborted; if even that is impossible (fenced, timed
 * out), the producer is closed and a new one takes the same transactional id on next use, which
 * aborts whatever the broker still had open.
 *
 * <p>Thread-safe: calls serialize on the transaction.
 */
final class ClientTransaction implements ProviderTransaction, EnlistingScope {
    private final ClientSettings settings;
    private final String transactionalId = "jms-session-" + UUID.randomUUID();
    private PartitaProducer producer;
    private boolean open;
    private boolean closed;

    ClientTransaction(ClientSettings settings) {
        this.settings = settings;
    }

    /** The producer, with a transaction open. */
    private synchronized PartitaProducer inTransaction() {
        if (closed) {
            throw new ProviderException("the session's transaction is closed");
        }
        try {
            if (producer == null) {
                PartitaProducer p = new PartitaProducer(settings.clientProperties(ProducerConfig.ACKS, "all",
                        ProducerConfig.LINGER_MS, 0, ProducerConfig.MAX_BLOCK_MS, settings.requestTimeoutMs(),
                        ProducerConfig.TRANSACTIONAL_ID, transactionalId,
                        ProducerConfig.TRANSACTION_TIMEOUT_MS, settings.transactionTimeoutMs()));
                try {
                    p.initTransactions();
                } catch (RuntimeException e) {
                    p.close(Duration.ZERO);
                    throw e;
                }
                producer = p;
            }
            if (!open) {
                producer.beginTransaction();
                open = true;
            }
            return producer;
        } catch (PartitaClientException e) {
            throw new ProviderException("starting a transaction: " + e.getMessage(), e.error(), e);
        }
    }

    @Override
    public ProviderProducer createProducer() {
        return new StickyProducerHandle(durable -> inTransaction());
    }

    @Override
    public synchronized TransactionIdentity enlist() {
        try {
            return inTransaction().enlistInTransaction();
        } catch (PartitaClientException e) {
            throw new ProviderException(e.getMessage(), e.error(), e);
        } catch (IllegalStateException e) {
            throw new ProviderException(e.getMessage(), Errors.INVALID_TXN_STATE, e);
        }
    }

    @Override
    public synchronized void commit() {
        if (!open) {
            return;
        }
        try {
            producer.commitTransaction();
            open = false;
        } catch (RuntimeException e) {
            abortAfterFailure();
            Errors error = e instanceof PartitaClientException ce ? ce.error() : null;
            throw new ProviderException("the transaction could not be committed and was rolled back: " + e.getMessage(),
                    error, e);
        }
    }

    private void abortAfterFailure() {
        open = false;
        try {
            producer.abortTransaction();
        } catch (RuntimeException abortFailed) {
            // Fenced, timed out or unreachable: a new producer with the same id aborts what is left.
            producer.close(Duration.ZERO);
            producer = null;
        }
    }

    @Override
    public boolean outcomeUnknown(RuntimeException failure) {
        Throwable t = failure.getCause() == null ? failure : failure.getCause();
        return t instanceof PartitaClientException ce && ce.error() == Errors.STORAGE_ERROR
                && !(t instanceof ProducerFencedException);
    }

    @Override
    public synchronized void rollback() {
        if (!open) {
            return;
        }
        open = false;
        try {
            producer.abortTransaction();
        } catch (RuntimeException e) {
            producer.close(Duration.ZERO);
            producer = null;
            if (e instanceof PartitaClientException ce && !(e instanceof ProducerFencedException)
                    && ce.error() != Errors.TRANSACTION_TIMED_OUT) {
                throw new ProviderException("rolling back: " + e.getMessage(), ce.error(), e);
            }
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        try {
            rollback();
        } catch (RuntimeException e) {
            // the broker aborts it by timeout, or the next producer with the id would
        } finally {
            closed = true;
            if (producer != null) {
                producer.close(Duration.ofMillis(settings.requestTimeoutMs()));
                producer = null;
            }
        }
    }
}
