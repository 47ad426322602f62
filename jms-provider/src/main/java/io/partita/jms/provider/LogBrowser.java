package io.partita.jms.provider;

import io.partita.client.PartitionInfo;
import io.partita.client.Settings;
import io.partita.client.consumer.ConsumerConfig;
import io.partita.client.consumer.ConsumerRecord;
import io.partita.client.consumer.PartitaConsumer;
import io.partita.protocol.TopicPartition;
import io.partita.protocol.message.EnvelopeReader;
import io.partita.protocol.message.MessageEnvelope;
import io.partita.protocol.record.Header;
import io.partita.protocol.selector.Selector;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A {@link ProviderBrowser} over the log with the plain consumer: it reads every partition of the
 * queue's topic from the log start up to the log end taken when the browse began, and keeps the
 * records whose envelope matches the selector (evaluated here, with {@code JMSXDeliveryCount} 1),
 * that have not expired and whose delivery time has come. It acquires nothing, so it never
 * disturbs consumers.
 *
 * <p>Consistency: a snapshot of the log, not of the queue. Messages sent after the browse began
 * are not shown; messages that consumers have already acknowledged but that retention has not yet
 * removed are shown, because the broker does not tell clients which records of a share group are
 * acknowledged (see the provider's README). Not thread-safe.
 */
final class LogBrowser implements ProviderBrowser {
    private final PartitaConsumer consumer;
    private final Selector selector;
    private final Map<TopicPartition, Long> ends;
    private final ArrayDeque<ConsumerRecord> buffered = new ArrayDeque<>();
    private final EnvelopeReader reader = new EnvelopeReader();

    LogBrowser(String bootstrapServers, String clientId, long requestTimeoutMs, String topic, String selector) {
        this.selector = Selector.parse(selector);
        this.consumer = new PartitaConsumer(Settings.of(Map.of(Settings.BOOTSTRAP_SERVERS, bootstrapServers,
                Settings.CLIENT_ID, clientId, Settings.REQUEST_TIMEOUT_MS, requestTimeoutMs,
                ConsumerConfig.AUTO_OFFSET_RESET, "earliest")));
        try {
            List<TopicPartition> tps = new ArrayList<>();
            for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofMillis(requestTimeoutMs))) {
                tps.add(new TopicPartition(topic, p.partition()));
            }
            consumer.assign(tps);
            ends = consumer.endOffsets(tps, Duration.ofMillis(requestTimeoutMs));
            consumer.seekToBeginning(tps);
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
    }

    @Override
    public Delivery next(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            ConsumerRecord r = buffered.poll();
            if (r != null) {
                Delivery d = keep(r);
                if (d != null) {
                    return d;
                }
                continue;
            }
            if (finished()) {
                return null;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new ProviderException("browsing did not reach the end of the queue within " + timeout.toMillis()
                        + " ms", null, null);
            }
            for (ConsumerRecord c : consumer.poll(Duration.ofMillis(100))) {
                Long end = ends.get(new TopicPartition(c.topic(), c.partition()));
                if (end != null && c.offset() < end) {
                    buffered.add(c);
                }
            }
        }
    }

    private boolean finished() {
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            if (consumer.position(e.getKey(), Duration.ofSeconds(30)) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private Delivery keep(ConsumerRecord r) {
        ByteBuffer envelope = null;
        for (Header h : r.headers()) {
            if (h.key().equals(MessageEnvelope.HEADER_KEY)) {
                envelope = h.value();
                break;
            }
        }
        if (envelope == null) {
            return null;
        }
        try {
            reader.wrap(envelope.duplicate());
            long now = System.currentTimeMillis();
            if (reader.expiration() != 0 && reader.expiration() <= now || reader.deliveryTime() > now
                    || !selector.matches(reader, 1)) {
                return null;
            }
        } catch (RuntimeException malformed) {
            return null;
        }
        return new Delivery(r.topic(), r.partition(), r.offset(), r.key(), envelope.duplicate(), r.value(), 0);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
