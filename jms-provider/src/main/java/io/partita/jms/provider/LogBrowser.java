package io.partita.jms.provider;

import io.partita.client.PartitionInfo;
import io.partita.client.admin.PartitaAdmin;
import io.partita.client.admin.ShareBrowseState;
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
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link ProviderBrowser} over the log with the plain consumer and the queue's share-group
 * state: when the browse begins it takes the log end of every partition of the queue's topic and
 * asks the broker (ShareBrowse) which records the queue's share group has finished (acknowledged
 * or archived) below it; it then reads each partition from the group's start offset (the log
 * start if the group has not consumed from it) up to that end and keeps the records not
 * finished whose envelope matches the selector (evaluated here, with {@code JMSXDeliveryCount}
 * 1), that have not expired and whose delivery time has come. It acquires nothing, so it never
 * disturbs consumers.
 *
 * <p>Consistency: a snapshot of the queue taken when the browse began. Messages sent later are not
 * shown; messages that consumers hold (acquired, not yet acknowledged) are shown, since they are
 * still on the queue until acknowledged; messages acknowledged after the browse began may still be
 * shown. Not thread-safe.
 */
final class LogBrowser implements ProviderBrowser {
    private final PartitaConsumer consumer;
    private final Selector selector;
    private final Map<TopicPartition, Long> ends;
    private final ArrayDeque<ConsumerRecord> buffered = new ArrayDeque<>();
    private final EnvelopeReader reader = new EnvelopeReader();
    private final Map<TopicPartition, ShareBrowseState> states = new HashMap<>();

    /**
     * @param admin the provider's admin client, to ask for the share group's state
     * @param group the queue's share group
     */
    LogBrowser(ClientSettings settings, PartitaAdmin admin, String group, String topic, String selector) {
        long requestTimeoutMs = settings.requestTimeoutMs();
        this.selector = Selector.parse(selector);
        this.consumer = new PartitaConsumer(settings.clientProperties(ConsumerConfig.AUTO_OFFSET_RESET, "earliest",
                ConsumerConfig.ISOLATION_LEVEL, "read_committed")); // uncommitted sends are not on the queue yet
        try {
            List<TopicPartition> tps = new ArrayList<>();
            for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofMillis(requestTimeoutMs))) {
                tps.add(new TopicPartition(topic, p.partition()));
            }
            consumer.assign(tps);
            ends = consumer.endOffsets(tps, Duration.ofMillis(requestTimeoutMs));
            List<TopicPartition> fromStart = new ArrayList<>();
            for (TopicPartition tp : tps) {
                ShareBrowseState state = admin.browseShareGroup(group, tp, 0, ends.get(tp))
                        .get(requestTimeoutMs, TimeUnit.MILLISECONDS);
                states.put(tp, state);
                if (state.shareStartOffset() > 0) {
                    consumer.seek(tp, state.shareStartOffset());
                } else {
                    fromStart.add(tp);
                }
            }
            consumer.seekToBeginning(fromStart);
        } catch (ExecutionException e) {
            consumer.close();
            throw e.getCause() instanceof RuntimeException re ? re
                    : new ProviderException("browsing queue '" + topic + "': " + e.getCause(), null, e.getCause());
        } catch (TimeoutException e) {
            consumer.close();
            throw new ProviderException("browsing queue '" + topic + "': the broker did not tell the queue's state within "
                    + requestTimeoutMs + " ms", null, e);
        } catch (InterruptedException e) {
            consumer.close();
            Thread.currentThread().interrupt();
            throw new ProviderException("interrupted while browsing queue '" + topic + "'", null, e);
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
        ShareBrowseState state = states.get(new TopicPartition(r.topic(), r.partition()));
        if (state != null && state.isFinished(r.offset())) {
            return null;
        }
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
