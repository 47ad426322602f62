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
import static org.junit.jupiter.api.Assertions.assertFalse;
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
    private static final int CUTS = 6;
    private static final int BURST = 500;
    private static final int RECORDS = CUTS * 2 * BURST;

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
                try (PartitaProducer producer = new PartitaProducer(producerProps)) {
                    for (int round = 0; round < CUTS; round++) {
                        // Records stream while answers flow; then, with every one answered, the
                        // proxy holds the broker's answers back and more records stream until the
                        // producer has written a request since. The cut then drops a live
                        // connection with requests unanswered (appended by the broker or not)
                        // and more records queued behind them.
                        sendBurst(producer, sent);
                        CompletableFuture<RecordMetadata> answered = sent.get(sent.size() - 1);
                        BrokerTestSupport.await("records answered before round " + round, 30_000, answered::isDone);
                        proxy.holdAnswers();
                        long before = proxy.bytesUp();
                        sendBurst(producer, sent);
                        BrokerTestSupport.await("the producer writes", 30_000, () -> proxy.bytesUp() > before);
                        assertFalse(sent.get(sent.size() - 1).isDone(), "record answered while answers were held");
                        assertTrue(proxy.cutAll() > 0, "no connection to cut in round " + round);
                    }
                    producer.flush();
                }
                assertEquals(RECORDS, sent.size());
                for (int i = 0; i < RECORDS; i++) {
                    RecordMetadata m = sent.get(i).get(30, TimeUnit.SECONDS);
                    assertEquals(i, m.offset(), "offset of record " + i);
                }
                assertTrue(proxy.accepted() > CUTS, "the producer reconnected (" + proxy.accepted()
                        + " connections for " + CUTS + " cuts)");

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

    private static void sendBurst(PartitaProducer producer, List<CompletableFuture<RecordMetadata>> sent) {
        for (int i = 0; i < BURST; i++) {
            sent.add(producer.send(new ProducerRecord(TOPIC, value(sent.size())), null));
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
