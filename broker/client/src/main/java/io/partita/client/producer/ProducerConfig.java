package io.partita.client.producer;

import io.partita.client.Credentials;
import io.partita.client.HostPort;
import io.partita.client.Settings;
import io.partita.protocol.partition.Murmur2Partitioner;
import io.partita.protocol.partition.Partitioner;

import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * The producer's settings, validated once.
 *
 * <table>
 * <caption>Producer settings</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>bootstrap.servers</td><td>(required)</td><td>brokers to ask for metadata</td></tr>
 * <tr><td>acks</td><td>all</td><td>0: no answer; 1: the leader wrote it; all: the in-sync replicas have it</td></tr>
 * <tr><td>batch.size</td><td>16384</td><td>bytes per partition batch before it is sent; the batches that queue up
 *     while a partition's request is in flight go together in its next request (up to max.request.size)</td></tr>
 * <tr><td>linger.ms</td><td>5</td><td>how long a batch waits for more records</td></tr>
 * <tr><td>buffer.memory</td><td>33554432</td><td>bytes of unsent batches; send blocks beyond it</td></tr>
 * <tr><td>max.block.ms</td><td>60000</td><td>how long send waits for memory or metadata before failing</td></tr>
 * <tr><td>delivery.timeout.ms</td><td>120000</td><td>how long a record may take, retries included</td></tr>
 * <tr><td>request.timeout.ms</td><td>30000</td><td>how long one request may take</td></tr>
 * <tr><td>retry.backoff.ms</td><td>100</td><td>pause before retrying a batch</td></tr>
 * <tr><td>enable.idempotence</td><td>true (false with acks=0)</td><td>producer id and sequences so retries never duplicate</td></tr>
 * <tr><td>max.request.size</td><td>1048576</td><td>largest record accepted, and most bytes of one partition's
 *     batches sent together</td></tr>
 * <tr><td>partitioner.class</td><td>murmur2</td><td>a {@link Partitioner} class with a public no-argument constructor</td></tr>
 * <tr><td>client.id</td><td>partita-producer</td><td>sent with every request</td></tr>
 * <tr><td>security.user</td><td>(not set: anonymous)</td><td>the user to authenticate as on every connection</td></tr>
 * <tr><td>security.password</td><td>(not set)</td><td>its password; required with security.user</td></tr>
 * <tr><td>transactional.id</td><td>(none)</td><td>makes the producer transactional: {@code initTransactions()},
 *     {@code beginTransaction()}, {@code commitTransaction()}, {@code abortTransaction()}; a newer producer with the
 *     same id fences older ones. Needs idempotence and acks=all</td></tr>
 * <tr><td>transaction.timeout.ms</td><td>60000</td><td>how long a transaction may stay open before the broker
 *     aborts it; at most the broker's {@code transaction.max.timeout.ms}</td></tr>
 * </table>
 */
public record ProducerConfig(List<HostPort> bootstrapServers, String clientId, short acks, int batchSize,
        long lingerMs, long bufferMemory, long maxBlockMs, long deliveryTimeoutMs, int requestTimeoutMs,
        long retryBackoffMs, boolean idempotence, int maxRequestSize, Partitioner partitioner, Credentials credentials,
        String transactionalId,
        int transactionTimeoutMs) {

    public static final String ACKS = "acks";
    public static final String BATCH_SIZE = "batch.size";
    public static final String LINGER_MS = "linger.ms";
    public static final String BUFFER_MEMORY = "buffer.memory";
    public static final String MAX_BLOCK_MS = "max.block.ms";
    public static final String DELIVERY_TIMEOUT_MS = "delivery.timeout.ms";
    public static final String ENABLE_IDEMPOTENCE = "enable.idempotence";
    public static final String MAX_REQUEST_SIZE = "max.request.size";
    public static final String PARTITIONER_CLASS = "partitioner.class";
    public static final String TRANSACTIONAL_ID = "transactional.id";
    public static final String TRANSACTION_TIMEOUT_MS = "transaction.timeout.ms";

    static final Set<String> KEYS = Set.of(ACKS, BATCH_SIZE, LINGER_MS, BUFFER_MEMORY, MAX_BLOCK_MS,
            DELIVERY_TIMEOUT_MS, ENABLE_IDEMPOTENCE, MAX_REQUEST_SIZE, PARTITIONER_CLASS, TRANSACTIONAL_ID,
            TRANSACTION_TIMEOUT_MS);

    public static ProducerConfig from(Properties props) {
        Settings s = new Settings("producer", props, KEYS);
        String acksText = s.choice(ACKS, "all", "all", "-1", "1", "0");
        short acks = (short) (acksText.equals("all") ? -1 : Short.parseShort(acksText));
        boolean idempotence = s.bool(ENABLE_IDEMPOTENCE, acks != 0);
        if (idempotence && acks == 0) {
            throw new IllegalArgumentException("producer setting 'enable.idempotence=true' needs acks 1 or all, not 0");
        }
        String transactionalId = s.string(TRANSACTIONAL_ID, null);
        if (transactionalId != null) {
            if (transactionalId.isEmpty()) {
                throw new IllegalArgumentException("producer setting 'transactional.id' must not be empty");
            }
            if (!idempotence || acks != -1) {
                throw new IllegalArgumentException("producer setting 'transactional.id=" + transactionalId
                        + "' needs enable.idempotence=true and acks=all, not enable.idempotence=" + idempotence
                        + " and acks=" + acksText);
            }
        }
        long buffer = s.longValue(BUFFER_MEMORY, 32L << 20, 1024);
        int batch = s.intValue(BATCH_SIZE, 16_384, 0);
        if (batch > buffer) {
            throw new IllegalArgumentException("producer setting 'batch.size' (" + batch
                    + ") must not exceed 'buffer.memory' (" + buffer + ")");
        }
        return new ProducerConfig(s.bootstrapServers(), s.string(Settings.CLIENT_ID, "partita-producer"), acks,
                batch, s.longValue(LINGER_MS, 5, 0), buffer, s.longValue(MAX_BLOCK_MS, 60_000, 0),
                s.longValue(DELIVERY_TIMEOUT_MS, 120_000, 1), s.intValue(Settings.REQUEST_TIMEOUT_MS, 30_000, 1),
                s.longValue(Settings.RETRY_BACKOFF_MS, 100, 0), idempotence,
                s.intValue(MAX_REQUEST_SIZE, 1 << 20, 128), partitioner(s.string(PARTITIONER_CLASS, null)),
                s.credentials(), transactionalId, s.intValue(TRANSACTION_TIMEOUT_MS, 60_000, 1));
    }

    private static Partitioner partitioner(String className) {
        if (className == null) {
            return new Murmur2Partitioner();
        }
        try {
            Object p = Class.forName(className).getDeclaredConstructor().newInstance();
            if (!(p instanceof Partitioner partitioner)) {
                throw new IllegalArgumentException("producer setting 'partitioner.class': " + className
                        + " does not implement " + Partitioner.class.getName());
            }
            return partitioner;
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("producer setting 'partitioner.class': cannot create " + className
                    + ": " + e, e);
        }
    }
}
