package io.partita.ra.it.scenario;

import io.partita.client.PartitionInfo;
import io.partita.client.Settings;
import io.partita.client.consumer.ConsumerConfig;
import io.partita.client.consumer.ConsumerRecord;
import io.partita.client.consumer.PartitaConsumer;
import io.partita.jms.PartitaConnectionFactory;
import io.partita.jms.message.MessageCodec;
import io.partita.protocol.TopicPartition;
import io.partita.protocol.message.MessageEnvelope;
import jakarta.jms.TextMessage;
import jakarta.jms.XAConnection;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What a broker holds for one topic of text messages, read from the beginning with the plain log
 * consumer: {@code read_uncommitted} (everything that reached the log) or {@code read_committed}
 * (what every JMS consumer may see); the topic's last stable offset; and the broker's prepared XA
 * branches. Each call opens and closes its own consumer or connection. Not thread-safe.
 */
public final class TopicLog {
    private static final Duration DEADLINE = Duration.ofMinutes(3);

    private final int port;
    private final String topic;

    public TopicLog(int port, String topic) {
        this.port = port;
        this.topic = topic;
    }

    /** Reads the topic's texts from the beginning until {@code done} holds of them, or fails at the deadline. */
    public List<String> readTexts(boolean readCommitted, Predicate<List<String>> done) {
        return read(readCommitted, done).stream().map(TopicLog::text).toList();
    }

    /** The offset of the first record whose text is {@code text}, waiting for it to reach the log. */
    public long offsetOf(String text) {
        for (ConsumerRecord r : read(false, l -> l.contains(text))) {
            if (text.equals(text(r))) {
                return r.offset();
            }
        }
        throw new AssertionError(text + " not read");
    }

    /** The last stable offset of the topic's (single) partition: where committed-only readers stop. */
    public long lastStableOffset() {
        try (PartitaConsumer consumer = consumer(true)) {
            List<TopicPartition> tps = partitions(consumer);
            assertEquals(1, tps.size(), "the test broker makes one partition per topic");
            return consumer.endOffsets(tps, Duration.ofSeconds(30)).get(tps.get(0));
        }
    }

    /** The XA branches the broker holds prepared ({@code XAResource.recover}). */
    public List<Xid> preparedBranches() throws Exception {
        XAConnection c = new PartitaConnectionFactory("partita://127.0.0.1:" + port).createXAConnection();
        try {
            return List.of(c.createXASession().getXAResource()
                    .recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN));
        } finally {
            c.close();
        }
    }

    private List<ConsumerRecord> read(boolean readCommitted, Predicate<List<String>> done) {
        List<ConsumerRecord> out = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        try (PartitaConsumer consumer = consumer(readCommitted)) {
            consumer.assign(partitions(consumer));
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (!done.test(Collections.unmodifiableList(texts))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("timed out reading " + topic + (readCommitted ? " (read_committed)" : "")
                            + "; read: " + texts);
                }
                for (ConsumerRecord r : consumer.poll(Duration.ofMillis(200))) {
                    out.add(r);
                    texts.add(text(r));
                }
            }
        }
        return out;
    }

    private PartitaConsumer consumer(boolean readCommitted) {
        return new PartitaConsumer(Settings.of(Map.of(
                Settings.BOOTSTRAP_SERVERS, "127.0.0.1:" + port,
                ConsumerConfig.AUTO_OFFSET_RESET, "earliest",
                ConsumerConfig.ISOLATION_LEVEL, readCommitted ? "read_committed" : "read_uncommitted")));
    }

    private List<TopicPartition> partitions(PartitaConsumer consumer) {
        List<TopicPartition> tps = new ArrayList<>();
        for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
            tps.add(new TopicPartition(topic, p.partition()));
        }
        return tps;
    }

    private static String text(ConsumerRecord r) {
        try {
            return ((TextMessage) new MessageCodec().decode(MdbScenarios.header(r, MessageEnvelope.HEADER_KEY),
                    r.value(), 1, null)).getText();
        } catch (Exception e) {
            throw new IllegalStateException("not a text message: " + r, e);
        }
    }
}
