package io.partita.jms.provider;

import io.partita.client.PartitaClientException;
import io.partita.client.share.AcknowledgeType;
import io.partita.client.share.PartitaShareConsumer;
import io.partita.client.share.ShareRecord;
import io.partita.protocol.message.MessageEnvelope;
import io.partita.protocol.selector.SelectorParseException;
import io.partita.protocol.wire.Errors;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A {@link ProviderConsumer} on a {@link PartitaShareConsumer}: one share-group member per JMS
 * consumer. Each poll acquires up to the connection's prefetch of records, which stay locked to
 * this member (invisible to other consumers) until they are acknowledged or the member leaves;
 * they are handed out one at a time. While records are coming, once half of them are handed out
 * the next ones are fetched in the background (the member never holds more than the prefetch),
 * so a consumer working through a queue does not wait a round trip every prefetch.
 *
 * <p>Acknowledgements are sent by {@link #commit()} (waiting until the broker has stored them)
 * or {@link #commitAsync()}; {@link #close()} waits for acknowledgements still in flight, then
 * leaves the group, so the broker releases every record still held (the prefetched ones too,
 * which therefore come back with a raised delivery count).
 *
 * <p>Used by one thread at a time, except {@link #close()}, which may come from any thread and
 * waits for a running {@link #receive} (bounded by its timeout).
 */
final class ShareProviderConsumer implements ProviderConsumer {
    private final PartitaShareConsumer consumer;
    private final long requestTimeoutMs;
    private final Consumer<Throwable> failures;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<ShareRecord> buffered = new ArrayDeque<>();
    private final List<CompletableFuture<Void>> inFlight = new ArrayList<>();
    private final int prefetch;
    /** Whether the last poll brought records, so that fetching ahead is worth it; under {@link #lock}. */
    private boolean flowing;
    private volatile boolean closed;

    /**
     * @param consumer         a consumer already subscribed
     * @param first            records it already acquired, handed out first
     * @param prefetch         the most records it holds at once, as its polls acquire them
     * @param requestTimeoutMs how long close waits for acknowledgements in flight
     * @param failures         where failures of asynchronous acknowledgements go
     */
    ShareProviderConsumer(PartitaShareConsumer consumer, List<ShareRecord> first, int prefetch, long requestTimeoutMs,
            Consumer<Throwable> failures) {
        this.consumer = consumer;
        this.buffered.addAll(first);
        this.prefetch = prefetch;
        this.requestTimeoutMs = requestTimeoutMs;
        this.failures = failures;
    }

    @Override
    public Delivery receive(Duration timeout) {
        lock.lock();
        try {
            if (closed) {
                return null;
            }
            if (buffered.isEmpty()) {
                List<ShareRecord> polled;
                try {
                    polled = consumer.poll(timeout);
                } catch (RuntimeException e) {
                    throw translate("receiving from " + consumer.subscription().group(), e);
                }
                buffered.addAll(polled);
                flowing = !polled.isEmpty();
            }
            ShareRecord r = buffered.poll();
            if (r != null && flowing && buffered.size() <= prefetch / 2) {
                fetchAhead();
            }
            return r == null ? null : toDelivery(r);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Has the next records on the way while the buffered half is handed out, never holding more
     * than the prefetch in all. A failure here is left for the next poll to meet.
     */
    private void fetchAhead() {
        try {
            consumer.fetchAhead(prefetch - buffered.size());
        } catch (RuntimeException e) {
            flowing = false;
        }
    }

    private static Delivery toDelivery(ShareRecord r) {
        byte[] envelope = r.header(MessageEnvelope.HEADER_KEY);
        return new Delivery(r.topic(), r.partition(), r.offset(), r.key(),
                envelope == null ? null : ByteBuffer.wrap(envelope), r.value(), r.deliveryCount());
    }

    @Override
    public void acknowledge(Delivery d, AckType type) {
        lock.lock();
        try {
            checkOpen();
            consumer.acknowledge(new ShareRecord(d.topic(), d.partition(), d.offset(), d.deliveryCount(), 0L, null,
                    null, List.of()), switch (type) {
                        case ACCEPT -> AcknowledgeType.ACCEPT;
                        case RELEASE -> AcknowledgeType.RELEASE;
                        case REJECT -> AcknowledgeType.REJECT;
                        case RETURN -> AcknowledgeType.RETURN;
                    });
        } catch (java.lang.IllegalStateException e) {
            throw new ProviderException(e.getMessage(), Errors.INVALID_RECORD_STATE, e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void returnPrefetched() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            giveBackPrefetched();
        } catch (RuntimeException e) {
            throw translate("returning prefetched messages", e);
        } finally {
            lock.unlock();
        }
    }

    /** Marks every buffered record, and those of a fetch ahead, RETURN; under {@link #lock}. */
    private void giveBackPrefetched() {
        flowing = false;
        List<ShareRecord> unseen = new ArrayList<>(buffered);
        buffered.clear();
        unseen.addAll(consumer.collectAhead());
        for (ShareRecord r : unseen) {
            consumer.acknowledge(r, AcknowledgeType.RETURN);
        }
    }

    @Override
    public void commit() {
        CompletableFuture<Void> f = commitAsync();
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("interrupted while acknowledging", null, e);
        } catch (ExecutionException e) {
            throw translate("acknowledging", e.getCause());
        }
    }

    @Override
    public void commit(TransactionScope transaction) {
        if (!(transaction instanceof EnlistingScope scope)) {
            throw new ProviderException("not a transaction of this provider: " + transaction);
        }
        lock.lock();
        try {
            checkOpen();
            consumer.commitSync(scope.enlist());
        } catch (RuntimeException e) {
            throw translate("acknowledging in a transaction", e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public CompletableFuture<Void> commitAsync() {
        lock.lock();
        try {
            checkOpen();
            CompletableFuture<Void> f;
            try {
                f = consumer.commitAsync();
            } catch (RuntimeException e) {
                throw translate("acknowledging", e);
            }
            if (!f.isDone()) {
                inFlight.removeIf(CompletableFuture::isDone);
                inFlight.add(f);
            }
            return f;
        } finally {
            lock.unlock();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new ProviderException("the consumer is closed", null, null);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        lock.lock();
        try {
            for (CompletableFuture<Void> f : inFlight) {
                try {
                    f.get(requestTimeoutMs, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                } catch (ExecutionException | TimeoutException e) {
                    failures.accept(translate("acknowledging", e instanceof ExecutionException ? e.getCause() : e));
                }
            }
            inFlight.clear();
            try {
                giveBackPrefetched();
            } catch (RuntimeException e) {
                // Leaving releases them anyway, only with their delivery counted.
                buffered.clear();
            }
            consumer.close();
        } finally {
            lock.unlock();
        }
    }

    /** The provider's exception for a client failure, keeping the broker's error code. */
    static ProviderException translate(String what, Throwable t) {
        if (t instanceof ProviderException pe) {
            return pe;
        }
        if (t instanceof PartitaClientException ce) {
            return new ProviderException(ce.getMessage(), ce.error(), ce);
        }
        if (t instanceof SelectorParseException se) {
            return new ProviderException("invalid message selector: " + se.getMessage(), Errors.INVALID_SELECTOR, se);
        }
        return new ProviderException(what + " failed: " + t, null, t);
    }
}
