package io.partita.jms;

import io.partita.broker.PartitaServer;
import io.partita.broker.config.BrokerConfig;
import io.partita.client.Settings;
import io.partita.client.consumer.ConsumerConfig;
import io.partita.client.consumer.ConsumerRecord;
import io.partita.client.consumer.PartitaConsumer;
import io.partita.client.PartitionInfo;
import io.partita.client.producer.PartitaProducer;
import io.partita.client.producer.ProducerConfig;
import io.partita.client.producer.ProducerRecord;
import io.partita.jms.message.MessageCodec;
import io.partita.jms.message.PartitaMessage;
import io.partita.protocol.TopicPartition;
import io.partita.protocol.message.MessageEnvelope;
import io.partita.protocol.record.Header;
import jakarta.jms.JMSException;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real broker on 127.0.0.1 (port 0, data in a temporary directory) for the provider's
 * integration tests, and a reader that fetches what landed in a topic with the plain
 * {@link PartitaConsumer} and decodes it with {@link MessageCodec}.
 */
final class BrokerFixture implements AutoCloseable {
    /** A record as stored, and the message decoded from it. */
    record Stored(ConsumerRecord record, PartitaMessage message) {
    }

    private final PartitaServer server;

    BrokerFixture(Path dir, int partitions) throws Exception {
        server = PartitaServer.start(BrokerConfig.of(Map.of(
                BrokerConfig.LISTENERS, "PLAINTEXT://127.0.0.1:0",
                BrokerConfig.LOG_DIRS, dir.toString(),
                BrokerConfig.NUM_PARTITIONS, String.valueOf(partitions),
                BrokerConfig.NUM_NETWORK_THREADS, "2",
                BrokerConfig.NUM_IO_THREADS, "2")));
    }

    String bootstrap() {
        return "127.0.0.1:" + server.port();
    }

    String url() {
        return "partita://" + bootstrap();
    }

    /**
     * Reads every partition of {@code topic} from the beginning until {@code expected} records have
     * arrived, failing after a generous deadline.
     */
    List<Stored> read(String topic, int expected) throws JMSException {
        List<Stored> out = new ArrayList<>();
        MessageCodec codec = new MessageCodec();
        try (PartitaConsumer consumer = new PartitaConsumer(Settings.of(Map.of(
                Settings.BOOTSTRAP_SERVERS, bootstrap(), ConsumerConfig.AUTO_OFFSET_RESET, "earliest")))) {
            List<TopicPartition> tps = new ArrayList<>();
            for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                tps.add(new TopicPartition(topic, p.partition()));
            }
            consumer.assign(tps);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (out.size() < expected) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("timed out reading " + topic + ": " + out.size() + " of " + expected);
                }
                for (ConsumerRecord r : consumer.poll(Duration.ofMillis(200))) {
                    ByteBuffer envelope = null;
                    for (Header h : r.headers()) {
                        if (h.key().equals(MessageEnvelope.HEADER_KEY)) {
                            envelope = h.value();
                        }
                    }
                    if (envelope == null) {
                        throw new AssertionError("record " + r.offset() + " of " + topic + " has no envelope");
                    }
                    out.add(new Stored(r, codec.decode(envelope, r.value(), 1, null)));
                }
            }
        }
        return out;
    }

    /**
     * Counts the records of {@code topic} (every partition, from the beginning), reading until
     * {@code expected} have come or 30 seconds pass, then for one more poll to see any extra.
     */
    int countRecords(String topic, int expected) {
        int n = 0;
        try (PartitaConsumer consumer = new PartitaConsumer(Settings.of(Map.of(
                Settings.BOOTSTRAP_SERVERS, bootstrap(), ConsumerConfig.AUTO_OFFSET_RESET, "earliest")))) {
            List<TopicPartition> tps = new ArrayList<>();
            for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                tps.add(new TopicPartition(topic, p.partition()));
            }
            consumer.assign(tps);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (n < expected && System.nanoTime() < deadline) {
                n += consumer.poll(Duration.ofMillis(200)).size();
            }
            n += consumer.poll(Duration.ofMillis(200)).size();
        }
        return n;
    }

    /**
     * Appends one record as it is, bypassing the JMS codec (to test how consumers treat malformed
     * records), and waits for the broker's acknowledgement.
     */
    void appendRaw(String topic, byte[] value, byte[] envelope) throws Exception {
        try (PartitaProducer p = new PartitaProducer(Settings.of(Map.of(Settings.BOOTSTRAP_SERVERS, bootstrap(),
                ProducerConfig.ACKS, "all")))) {
            List<Header> headers = envelope == null ? List.of() : List.of(Header.of(MessageEnvelope.HEADER_KEY,
                    envelope));
            p.send(new ProducerRecord(topic, 0, null, null, value, headers), null).get(30, TimeUnit.SECONDS);
        }
    }

    /** Stops the broker (idempotent). */
    @Override
    public void close() {
        server.close();
    }
}
