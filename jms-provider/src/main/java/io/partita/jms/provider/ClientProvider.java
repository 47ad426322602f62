package io.partita.jms.provider;

import io.partita.client.AuthenticationException;
import io.partita.client.PartitaClientException;
import io.partita.client.Settings;
import io.partita.client.admin.PartitaAdmin;
import io.partita.client.producer.PartitaProducer;
import io.partita.client.producer.ProducerConfig;
import io.partita.client.share.PartitaShareConsumer;
import io.partita.client.share.ShareConsumerConfig;
import io.partita.client.share.ShareRecord;
import io.partita.client.share.ShareSubscription;
import io.partita.protocol.wire.Errors;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The provider over TCP, built on partita-client. It holds an admin client and two producers:
 * one for PERSISTENT messages ({@code acks=all}, idempotent: a send completes once the message
 * is durable on the in-sync replicas) and one, created on first use, for NON_PERSISTENT
 * messages ({@code acks=1}: the leader has it). Both send at once ({@code linger.ms=0}); batches
 * still form while a request is in flight.
 *
 * <p>Each consumer is a member of a broker share group ({@link PartitaShareConsumer}) with its own
 * connections: queue consumers join {@code queue:<name>} with their selector, topic consumers a
 * subscription ({@link ShareSubscription}). A consumer prefetches up to {@code prefetch} records.
 *
 * <p>A liveness check asks the broker for metadata every {@code livenessCheckMs}; when it fails
 * after having succeeded, the failure listener hears once that the connection to the broker was
 * lost (and again after the next loss once the broker answered in between).
 *
 * <p>Thread-safe.
 */
public final class ClientProvider implements Provider {
    private final ClientSettings settings;
    private final String bootstrapServers;
    private final String clientId;
    private final long requestTimeoutMs;
    private final PartitaAdmin admin;
    private final PartitaProducer persistent;
    private volatile PartitaProducer nonPersistent;
    private volatile Consumer<Throwable> failureListener = t -> { };
    private volatile boolean closed;
    private final int prefetch;
    private final long livenessCheckMs;
    private final Object livenessSignal = new Object();
    private Thread liveness;
    /** The client id this connection holds on the broker, or null. */
    private volatile String claimedClientId;
    /** Names this connection to the broker as the holder of its client id, for its whole life. */
    private final String claimOwner = java.util.UUID.randomUUID().toString();
    /** Whether the loss of the client id to another connection was reported (liveness thread only). */
    private boolean lostClientIdReported;
    /** Whether the last liveness check reached the broker. */
    private volatile boolean brokerUp = true;

    /** Records a consumer acquires at once when the URL does not say. */
    public static final int DEFAULT_PREFETCH = 100;
    /** How often the broker connection is checked, by default. */
    public static final long DEFAULT_LIVENESS_CHECK_MS = 1000;

    /**
     * @param bootstrapServers {@code host:port[,host:port...]}
     * @param clientId         the client id sent with each request, for the broker's logs
     * @param requestTimeoutMs how long one request, and the start-up check, may take
     */
    public ClientProvider(String bootstrapServers, String clientId, long requestTimeoutMs) {
        this(ClientSettings.of(bootstrapServers, clientId, requestTimeoutMs, DEFAULT_PREFETCH));
    }

    /**
     * @param bootstrapServers {@code host:port[,host:port...]}
     * @param clientId         the client id sent with each request, for the broker's logs
     * @param requestTimeoutMs how long one request, and the start-up check, may take
     * @param prefetch         how many records a consumer acquires at once (at least 1)
     * @param livenessCheckMs  how often the broker connection is checked (at least 1)
     */
    public ClientProvider(String bootstrapServers, String clientId, long requestTimeoutMs, int prefetch,
            long livenessCheckMs) {
        this(new ClientSettings(bootstrapServers, clientId, requestTimeoutMs, prefetch, livenessCheckMs, null, null,
                true));
    }

    /** A provider with these settings (credentials included); nothing is sent until {@link #start()}. */
    public ClientProvider(ClientSettings settings) {
        this.settings = settings;
        this.bootstrapServers = settings.bootstrapServers();
        this.clientId = settings.clientId();
        this.requestTimeoutMs = settings.requestTimeoutMs();
        this.prefetch = settings.prefetch();
        this.livenessCheckMs = settings.livenessCheckMs();
        this.admin = new PartitaAdmin(settings.clientProperties());
        this.persistent = newProducer("all");
    }

    private PartitaProducer newProducer(String acks) {
        return new PartitaProducer(settings.clientProperties(ProducerConfig.ACKS, acks, ProducerConfig.LINGER_MS, 0,
                ProducerConfig.MAX_BLOCK_MS, requestTimeoutMs));
    }

    @Override
    public void start() {
        try {
            admin.listTopics().get(requestTimeoutMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            AuthenticationException refused = AuthenticationException.find(e.getCause());
            if (refused != null) {
                throw new ProviderException(refused.getMessage(), refused.error(), refused);
            }
            throw new ProviderException("cannot reach a broker at " + bootstrapServers + ": "
                    + e.getCause().getMessage(), errorOf(e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            throw new ProviderException("no broker at " + bootstrapServers + " answered within " + requestTimeoutMs
                    + " ms", null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("interrupted while connecting to " + bootstrapServers, null, e);
        }
        synchronized (livenessSignal) {
            if (liveness == null && !closed) {
                liveness = new Thread(this::checkLiveness, "partita-jms-liveness-" + clientId);
                liveness.setDaemon(true);
                liveness.start();
            }
        }
    }

    /** Reports a lost broker connection once per loss; runs until {@link #close()}. */
    private void checkLiveness() {
        boolean up = true;
        while (!closed) {
            synchronized (livenessSignal) {
                try {
                    if (!closed) {
                        livenessSignal.wait(livenessCheckMs);
                    }
                } catch (InterruptedException e) {
                    return;
                }
            }
            if (closed) {
                return;
            }
            Throwable failure = null;
            long checkTimeoutMs = Math.min(requestTimeoutMs, Math.max(livenessCheckMs * 5, 1000));
            try {
                admin.listTopics().get(checkTimeoutMs, TimeUnit.MILLISECONDS);
                reclaimClientId(checkTimeoutMs);
            } catch (InterruptedException e) {
                return;
            } catch (ExecutionException e) {
                failure = e.getCause();
            } catch (TimeoutException | RuntimeException e) {
                failure = e;
            }
            brokerUp = failure == null;
            if (failure == null) {
                up = true;
            } else if (up && !closed) {
                up = false;
                failureListener.accept(new ConnectionLostException("the connection to the broker at "
                        + bootstrapServers + " was lost: " + failure.getMessage()
                        + (settings.reconnect() ? " (reconnecting)" : ""), errorOf(failure), failure));
            }
        }
    }

    /**
     * Claims the client id again: a claim lives as long as the broker connection that made it, so
     * after a dropped connection or a broker restart the id must be claimed anew (the broker moves
     * the claim of the same owner to the new connection). Losing the id to another connection in
     * the meantime is reported to the failure listener once.
     */
    private void reclaimClientId(long timeoutMs) throws InterruptedException, ExecutionException, TimeoutException {
        String id = claimedClientId;
        if (id == null) {
            return;
        }
        try {
            admin.claimClientId(id, claimOwner).get(timeoutMs, TimeUnit.MILLISECONDS);
            lostClientIdReported = false;
        } catch (ExecutionException e) {
            if (errorOf(e.getCause()) != Errors.CLIENT_ID_IN_USE) {
                throw e;
            }
            if (!lostClientIdReported && !closed) {
                lostClientIdReported = true;
                failureListener.accept(new ProviderException("while the connection to the broker at "
                        + bootstrapServers + " was re-established, another connection took its client id: "
                        + e.getCause().getMessage(), Errors.CLIENT_ID_IN_USE, e.getCause()));
            }
        }
    }

    @Override
    public void claimClientId(String clientId) {
        if (closed) {
            throw new ProviderException("provider is closed");
        }
        try {
            admin.claimClientId(clientId, claimOwner).get(requestTimeoutMs, TimeUnit.MILLISECONDS);
            claimedClientId = clientId;
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            Errors error = errorOf(c);
            throw new ProviderException(error == Errors.CLIENT_ID_IN_USE ? c.getMessage()
                    : "cannot claim client id '" + clientId + "': " + c.getMessage(), error, c);
        } catch (TimeoutException e) {
            throw new ProviderException("claiming client id '" + clientId + "' took longer than " + requestTimeoutMs
                    + " ms", null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("interrupted while claiming client id '" + clientId + "'", null, e);
        }
    }

    private static Errors errorOf(Throwable t) {
        return t instanceof PartitaClientException ce ? ce.error() : null;
    }

    private PartitaProducer producer(boolean durable) {
        if (durable) {
            return persistent;
        }
        PartitaProducer p = nonPersistent;
        if (p == null) {
            synchronized (this) {
                p = nonPersistent;
                if (p == null) {
                    if (closed) {
                        throw new ProviderException("provider is closed");
                    }
                    p = newProducer("1");
                    nonPersistent = p;
                }
            }
        }
        return p;
    }

    @Override
    public ProviderProducer createProducer() {
        return new StickyProducerHandle(this::producer);
    }

    @Override
    public ProviderTransaction createTransaction() {
        if (closed) {
            throw new ProviderException("provider is closed");
        }
        return new ClientTransaction(settings);
    }

    @Override
    public ProviderXaResource createXaResource() {
        if (closed) {
            throw new ProviderException("provider is closed");
        }
        return new ClientXaResource(settings);
    }

    @Override
    public ProviderConsumer createConsumer(ConsumerSpec spec) {
        if (closed) {
            throw new ProviderException("provider is closed");
        }
        ShareSubscription subscription = switch (spec.kind()) {
            case QUEUE -> ShareSubscription.queue(spec.topic(), spec.selector());
            case NON_DURABLE -> ShareSubscription.nonDurable(spec.topic(), spec.selector());
            case DURABLE -> ShareSubscription.durable(spec.clientId(), spec.subscription(), spec.topic(),
                    spec.selector());
            case SHARED -> ShareSubscription.sharedNonDurable(spec.clientId(), spec.subscription(), spec.topic(),
                    spec.selector());
            case SHARED_DURABLE -> ShareSubscription.sharedDurable(spec.clientId(), spec.subscription(),
                    spec.topic(), spec.selector());
        };
        if (spec.kind() == ConsumerSpec.Kind.QUEUE) {
            // A queue exists once it is used, as with auto-created addresses: creating it here lets
            // the consumer wait for messages instead of failing on an unknown topic.
            try {
                persistent.partitionsFor(spec.topic());
            } catch (RuntimeException e) {
                throw ShareProviderConsumer.translate("creating queue '" + spec.topic() + "'", e);
            }
        }
        PartitaShareConsumer consumer = new PartitaShareConsumer(ShareConsumerConfig.from(settings.clientProperties(
                ShareConsumerConfig.MAX_POLL_RECORDS, prefetch)));
        List<ShareRecord> first = List.of();
        try {
            consumer.subscribe(subscription);
            if (spec.kind() != ConsumerSpec.Kind.QUEUE) {
                // The broker counts a member from its first fetch: fetching now makes this consumer
                // active at once, so unsubscribe, a second unshared consumer or a changed
                // definition are refused while it is open, as the specification requires.
                first = consumer.poll(Duration.ZERO);
            }
        } catch (RuntimeException e) {
            consumer.close();
            throw ShareProviderConsumer.translate("subscribing to " + subscription.group(), e);
        }
        return new ShareProviderConsumer(consumer, first, prefetch, requestTimeoutMs, t -> failureListener.accept(t));
    }

    @Override
    public ProviderBrowser browse(String topic, String selector) {
        if (closed) {
            throw new ProviderException("provider is closed");
        }
        try {
            persistent.partitionsFor(topic);
            return new LogBrowser(settings, admin, ShareSubscription.queue(topic, null).group(), topic, selector);
        } catch (RuntimeException e) {
            throw ShareProviderConsumer.translate("browsing queue '" + topic + "'", e);
        }
    }

    @Override
    public void unsubscribe(String clientId, String name) {
        String group = ShareSubscription.subscriptionName(clientId, name);
        try {
            admin.deleteSubscription(group).get(requestTimeoutMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            Errors error = errorOf(c);
            String who = "subscription '" + name + "'" + (clientId == null ? "" : " of client id '" + clientId + "'");
            if (error == Errors.SUBSCRIPTION_NOT_FOUND) {
                throw new ProviderException("there is no durable " + who, error, c);
            }
            if (error == Errors.SUBSCRIPTION_IN_USE) {
                throw new ProviderException(who + " has an active consumer; close it before unsubscribing", error,
                        c);
            }
            throw new ProviderException("cannot remove " + who + ": " + c.getMessage(), error, c);
        } catch (TimeoutException e) {
            throw new ProviderException("removing subscription '" + name + "' took longer than " + requestTimeoutMs
                    + " ms", null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("interrupted while removing subscription '" + name + "'", null, e);
        }
    }

    @Override
    public void deleteTopic(String topic) {
        try {
            admin.deleteTopics(List.of(topic)).get(requestTimeoutMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new ProviderException("cannot delete topic '" + topic + "': " + e.getCause().getMessage(),
                    errorOf(e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            throw new ProviderException("deleting topic '" + topic + "' took longer than " + requestTimeoutMs + " ms",
                    null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("interrupted while deleting topic '" + topic + "'", null, e);
        }
    }

    @Override
    public void setFailureListener(Consumer<Throwable> listener) {
        failureListener = listener == null ? t -> { } : listener;
    }

    /**
     * Gives the client id back before the broker connection closes, so that a connection created
     * right after this one closed finds it free (closing the broker connection alone frees it too,
     * but a moment later). Skipped when the broker is known to be unreachable.
     */
    private void releaseClientId() {
        String id = claimedClientId;
        if (id == null || !brokerUp) {
            return;
        }
        try {
            admin.releaseClientId(id, claimOwner).get(requestTimeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            // the broker drops the claim with the connection, closed next
        }
    }

    @Override
    public void close() {
        PartitaProducer np;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            np = nonPersistent;
        }
        synchronized (livenessSignal) {
            livenessSignal.notifyAll();   // the check sees closed and ends
        }
        Duration wait = Duration.ofMillis(requestTimeoutMs);
        persistent.close(wait);
        if (np != null) {
            np.close(wait);
        }
        releaseClientId();
        admin.close();
    }
}
