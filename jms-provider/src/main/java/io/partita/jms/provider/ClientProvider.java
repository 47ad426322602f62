package io.partita.jms.provider;

import io.partita.client.PartitaClientException;
import io.partita.client.Settings;
import io.partita.client.admin.PartitaAdmin;
import io.partita.client.producer.PartitaProducer;
import io.partita.client.producer.ProducerConfig;
import io.partita.client.producer.ProducerRecord;
import io.partita.jms.message.EncodedMessage;
import io.partita.protocol.message.MessageEnvelope;
import io.partita.protocol.record.Header;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
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
 * <p>Consumption waits for the broker's share groups; {@link #createConsumer} refuses until then.
 * Thread-safe.
 */
public final class ClientProvider implements Provider {
    private final String bootstrapServers;
    private final String clientId;
    private final long requestTimeoutMs;
    private final PartitaAdmin admin;
    private final PartitaProducer persistent;
    private volatile PartitaProducer nonPersistent;
    private volatile Consumer<Throwable> failureListener = t -> { };
    private volatile boolean closed;

    /**
     * @param bootstrapServers {@code host:port[,host:port...]}
     * @param clientId         the client id sent with each request, for the broker's logs
     * @param requestTimeoutMs how long one request, and the start-up check, may take
     */
    public ClientProvider(String bootstrapServers, String clientId, long requestTimeoutMs) {
        this.bootstrapServers = bootstrapServers;
        this.clientId = clientId;
        this.requestTimeoutMs = requestTimeoutMs;
        this.admin = new PartitaAdmin(Settings.of(Map.of(Settings.BOOTSTRAP_SERVERS, bootstrapServers,
                Settings.CLIENT_ID, clientId, Settings.REQUEST_TIMEOUT_MS, requestTimeoutMs)));
        this.persistent = newProducer("all");
    }

    private PartitaProducer newProducer(String acks) {
        Properties p = Settings.of(Map.of(Settings.BOOTSTRAP_SERVERS, bootstrapServers,
                Settings.CLIENT_ID, clientId, Settings.REQUEST_TIMEOUT_MS, requestTimeoutMs,
                ProducerConfig.ACKS, acks, ProducerConfig.LINGER_MS, 0,
                ProducerConfig.MAX_BLOCK_MS, requestTimeoutMs));
        return new PartitaProducer(p);
    }

    @Override
    public void start() {
        try {
            admin.listTopics().get(requestTimeoutMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new ProviderException("cannot reach a broker at " + bootstrapServers + ": "
                    + e.getCause().getMessage(), errorOf(e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            throw new ProviderException("no broker at " + bootstrapServers + " answered within " + requestTimeoutMs
                    + " ms", null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("interrupted while connecting to " + bootstrapServers, null, e);
        }
    }

    private static io.partita.protocol.wire.Errors errorOf(Throwable t) {
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
        return new StickyProducer();
    }

    /** Keeps one partition per topic for records without a key. */
    private final class StickyProducer implements ProviderProducer {
        private final Map<String, Integer> partitions = new ConcurrentHashMap<>();

        @Override
        public CompletableFuture<Void> send(String topic, EncodedMessage message, boolean durable) {
            PartitaProducer producer = producer(durable);
            Integer partition = null;
            if (message.key() == null) {
                partition = partitions.computeIfAbsent(topic,
                        t -> ThreadLocalRandom.current().nextInt(producer.partitionsFor(t).size()));
            }
            ProducerRecord record = new ProducerRecord(topic, partition, null, message.key(), message.body(),
                    List.of(Header.of(MessageEnvelope.HEADER_KEY, message.envelope())));
            return producer.send(record, null).thenApply(m -> null);
        }

        @Override
        public void close() {
            partitions.clear();
        }
    }

    @Override
    public ProviderConsumer createConsumer(ConsumerSpec spec) {
        throw new ProviderException("receiving messages is not available yet: the broker's share groups and "
                + "subscriptions are needed to consume from " + spec.kind().name().toLowerCase() + " '"
                + spec.topic() + "'");
    }

    @Override
    public void unsubscribe(String clientId, String name) {
        throw new ProviderException("durable subscriptions are not available yet, so there is no subscription '"
                + name + "' to remove");
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
        Duration wait = Duration.ofMillis(requestTimeoutMs);
        persistent.close(wait);
        if (np != null) {
            np.close(wait);
        }
        admin.close();
    }
}
