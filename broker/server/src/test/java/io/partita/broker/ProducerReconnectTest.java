package io.partita.broker;

import io.partita.broker.config.BrokerConfig;
import io.partita.client.Settings;
import io.partita.client.admin.NewTopic;
import io.partita.client.admin.PartitaAdmin;
import io.partita.client.consumer.ConsumerRecord;
import io.partita.client.consumer.PartitaConsumer;
import io.partita.client.producer.PartitaProducer;
import io.partita.client.producer.ProducerRecord;
import io.partita.client.producer.RecordMetadata;
import io.partita.protocol.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The producer's retry path after a dropped connection: a real broker behind a relay whose
 * connections are cut again and again while records stream, with produce requests and their
 * answers in flight. Every record must be acknowledged, and the partition must hold each one
 * exactly once, in the order sent.
 */
@Timeout(120)
class ProducerReconnectTest {
    private static final String TOPIC = "reconnect";
    private static final int RECORDS = 6_000;
    private static final int CUT_EVERY = 1_000;

    @TempDir
    Path dir;

    @Test
    void producerDeliversInOrderWithoutLossOrDuplicatesAcrossDroppedConnections() throws Exception {
        try (CuttableProxy proxy = new CuttableProxy()) {
            BrokerConfig config = BrokerTestSupport.config(dir)
                    .with(BrokerConfig.ADVERTISED_LISTENERS, "PLAINTEXT://127.0.0.1:" + proxy.port());
            try (PartitaServer server = PartitaServer.start(config)) {
                proxy.target(server.port());
                Properties props = new Properties();
                props.put(Settings.BOOTSTRAP_SERVERS, "127.0.0.1:" + proxy.port());
                try (PartitaAdmin admin = new PartitaAdmin(props)) {
                    admin.createTopics(List.of(new NewTopic(TOPIC, 1))).get(30, TimeUnit.SECONDS);
                }

                Properties producerProps = new Properties();
                producerProps.putAll(props);
                producerProps.putAll(Map.of("acks", "all", "linger.ms", "1", "batch.size", "4096",
                        "retry.backoff.ms", "10", "request.timeout.ms", "10000", "delivery.timeout.ms", "60000"));
                List<CompletableFuture<RecordMetadata>> sent = new ArrayList<>();
                int cuts = 0;
                int nextCut = CUT_EVERY - 1;
                try (PartitaProducer producer = new PartitaProducer(producerProps)) {
                    for (int i = 0; i < RECORDS; i++) {
                        sent.add(producer.send(new ProducerRecord(TOPIC, value(i)), null));
                        // A cut counts only when it drops a live connection while record i (which
                        // waits at least linger.ms in its batch) is unacknowledged. When it does not
                        // (the producer is still reconnecting, or the record was already answered),
                        // try again after the next record instead of waiting for the next stretch.
                        if (i >= nextCut && !sent.get(i).isDone() && proxy.cutAll() > 0) {
                            cuts++;
                            nextCut = i + CUT_EVERY;
                        }
                    }
                    producer.flush();
                }
                for (int i = 0; i < RECORDS; i++) {
                    RecordMetadata m = sent.get(i).get(30, TimeUnit.SECONDS);
                    assertEquals(i, m.offset(), "offset of record " + i);
                }
                assertTrue(cuts >= 3, "connections were cut with records unacknowledged only " + cuts + " times");
                assertTrue(proxy.accepted() > cuts, "the producer reconnected (" + proxy.accepted()
                        + " connections for " + cuts + " cuts)");

                List<ConsumerRecord> got = readAll(props);
                assertEquals(RECORDS, got.size(), "records in the partition");
                for (int i = 0; i < RECORDS; i++) {
                    assertEquals(i, got.get(i).offset());
                    assertEquals(new String(value(i), StandardCharsets.UTF_8),
                            new String(got.get(i).value(), StandardCharsets.UTF_8), "record at offset " + i);
                }
            }
        }
    }

    private static byte[] value(int i) {
        return ("record-" + i).getBytes(StandardCharsets.UTF_8);
    }

    private static List<ConsumerRecord> readAll(Properties props) throws InterruptedException {
        Properties consumerProps = new Properties();
        consumerProps.putAll(props);
        consumerProps.put("auto.offset.reset", "earliest");
        List<ConsumerRecord> got = new ArrayList<>();
        try (PartitaConsumer consumer = new PartitaConsumer(consumerProps)) {
            TopicPartition tp = new TopicPartition(TOPIC, 0);
            consumer.assign(List.of(tp));
            long end = consumer.endOffsets(List.of(tp), Duration.ofSeconds(30)).get(tp);
            assertEquals(RECORDS, end, "end offset: every record once, none twice");
            BrokerTestSupport.await("all records consumed", 60_000, () -> {
                got.addAll(consumer.poll(Duration.ofMillis(200)));
                return got.size() >= end;
            });
        }
        return got;
    }
}
