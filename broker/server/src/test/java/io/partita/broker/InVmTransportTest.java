package io.partita.broker;

import io.partita.broker.config.BrokerConfig;
import io.partita.broker.embedded.EmbeddedBrokerService;
import io.partita.client.AuthenticationException;
import io.partita.client.Settings;
import io.partita.client.admin.NewTopic;
import io.partita.client.admin.PartitaAdmin;
import io.partita.client.admin.TopicDescription;
import io.partita.client.consumer.ConsumerRecord;
import io.partita.client.consumer.PartitaConsumer;
import io.partita.client.embedded.EmbeddedBrokerProvider;
import io.partita.client.network.DisconnectException;
import io.partita.client.network.NetworkClient;
import io.partita.client.producer.PartitaProducer;
import io.partita.client.producer.ProducerRecord;
import io.partita.protocol.TopicPartition;
import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.api.MetadataRequest;
import io.partita.protocol.wire.api.MetadataResponse;
import io.partita.broker.security.PasswordHash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The in-VM transport: clients on {@code vm://name} against embedded brokers, no sockets. */
@Timeout(120)
class InVmTransportTest {
    @TempDir
    Path dir;

    private static Properties props(String bootstrap, Object... more) {
        Properties p = new Properties();
        p.setProperty(Settings.BOOTSTRAP_SERVERS, bootstrap);
        p.setProperty(Settings.REQUEST_TIMEOUT_MS, "10000");
        for (int i = 0; i < more.length; i += 2) {
            p.setProperty((String) more[i], String.valueOf(more[i + 1]));
        }
        return p;
    }

    private static void produce(String bootstrap, String topic, int count, String prefix) throws Exception {
        try (PartitaProducer producer = new PartitaProducer(props(bootstrap, "linger.ms", 0))) {
            List<CompletableFuture<?>> sent = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                sent.add(producer.send(new ProducerRecord(topic, (prefix + i).getBytes(StandardCharsets.UTF_8)), null));
            }
            CompletableFuture.allOf(sent.toArray(new CompletableFuture[0])).get(30, TimeUnit.SECONDS);
        }
    }

    private static List<String> consume(String bootstrap, String topic, int expected) {
        try (PartitaConsumer consumer = new PartitaConsumer(props(bootstrap, "auto.offset.reset", "earliest"))) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            List<String> got = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (got.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord r : consumer.poll(Duration.ofMillis(200))) {
                    got.add(new String(r.value(), StandardCharsets.UTF_8));
                }
            }
            return got;
        }
    }

    @Test
    void producerConsumerAndAdminWorkOverVmIncludingFetchesFromSegmentFiles() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start("vm-round-trip", dir.resolve("a"),
                Map.of(BrokerConfig.LOG_SEGMENT_BYTES, "4096"))) {
            assertEquals("vm://vm-round-trip", broker.bootstrapServers());
            assertEquals(-1, broker.server().port(), "no TCP listener unless asked for");
            try (PartitaAdmin admin = new PartitaAdmin(props(broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("orders", 1, (short) 1, Map.of()))).get(30, TimeUnit.SECONDS);
                Map<String, TopicDescription> d = admin.describeTopics(List.of("orders")).get(30, TimeUnit.SECONDS);
                assertEquals(1, d.get("orders").partitions().size());
            }
            // Several segments; on TCP these fetches would be sent from the files with sendfile.
            produce(broker.bootstrapServers(), "orders", 500, "order-");
            List<String> got = consume(broker.bootstrapServers(), "orders", 500);
            assertEquals(500, got.size());
            for (int i = 0; i < 500; i++) {
                assertEquals("order-" + i, got.get(i));
            }
        }
    }

    @Test
    void aBrokerOnTcpAndVmAdvertisesTheAddressEachClientCanReach() throws Exception {
        BrokerConfig config = BrokerTestSupport.config(dir)
                .with(BrokerConfig.LISTENERS, "PLAINTEXT://127.0.0.1:0,VM://vm-both");
        try (PartitaServer server = PartitaServer.start(config);
             NetworkClient client = new NetworkClient("test", 10_000, 1 << 20)) {
            MetadataResponse overVm = (MetadataResponse) client.send("vm://vm-both", 0, ApiKey.METADATA,
                    new MetadataRequest(null, false), true).get(30, TimeUnit.SECONDS);
            assertEquals(List.of(new MetadataResponse.Broker(0, "vm://vm-both", 0, null)), overVm.brokers());
            MetadataResponse overTcp = (MetadataResponse) client.send("127.0.0.1", server.port(), ApiKey.METADATA,
                    new MetadataRequest(null, false), true).get(30, TimeUnit.SECONDS);
            assertEquals(List.of(new MetadataResponse.Broker(0, "127.0.0.1", server.port(), null)), overTcp.brokers());
            produce("vm://vm-both", "mixed", 3, "v");
            assertEquals(List.of("v0", "v1", "v2"), consume("127.0.0.1:" + server.port(), "mixed", 3));
        }
    }

    @Test
    void twoEmbeddedBrokersWithDifferentNamesAreSeparateAndANameIsBoundOnce() throws Exception {
        try (EmbeddedBroker one = EmbeddedBroker.start("vm-one", dir.resolve("one"), Map.of());
             EmbeddedBroker two = EmbeddedBroker.start("vm-two", dir.resolve("two"), Map.of())) {
            assertNotSame(one.server(), two.server());
            produce(one.bootstrapServers(), "t", 2, "one-");
            produce(two.bootstrapServers(), "t", 3, "two-");
            assertEquals(List.of("one-0", "one-1"), consume(one.bootstrapServers(), "t", 2));
            assertEquals(List.of("two-0", "two-1", "two-2"), consume(two.bootstrapServers(), "t", 3));

            try (EmbeddedBroker again = EmbeddedBroker.start("vm-one", dir.resolve("one"), Map.of())) {
                assertSame(one.server(), again.server(), "same name, directory and overrides: the same broker");
            }
            assertEquals(List.of("one-0", "one-1"), consume(one.bootstrapServers(), "t", 2),
                    "closing the second handle leaves the broker running for the first");
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> EmbeddedBroker.start("vm-one", dir.resolve("elsewhere"), Map.of()));
            assertTrue(e.getMessage().contains("'vm-one'") && e.getMessage().contains("elsewhere"), e.getMessage());
        }
    }

    @Test
    void closingTheEmbeddedBrokerFailsClientsCleanly() throws Exception {
        EmbeddedBroker broker = EmbeddedBroker.start("vm-closing", dir, Map.of());
        try (NetworkClient client = new NetworkClient("test", 10_000, 1 << 20)) {
            client.send("vm://vm-closing", 0, ApiKey.METADATA, new MetadataRequest(List.of("t"), true), true)
                    .get(30, TimeUnit.SECONDS);
            broker.close();
            ExecutionException e = assertThrows(ExecutionException.class, () -> client.send("vm://vm-closing", 0,
                    ApiKey.METADATA, new MetadataRequest(null, false), true).get(30, TimeUnit.SECONDS));
            assertInstanceOf(DisconnectException.class, e.getCause());
            assertTrue(e.getCause().getMessage().contains("vm://vm-closing"), e.getCause().getMessage());
        } finally {
            broker.close();
        }
        // The name is free again once close returns.
        try (EmbeddedBroker again = EmbeddedBroker.start("vm-closing", dir, Map.of())) {
            assertEquals(List.of(), consume(again.bootstrapServers(), "t", 0));
        }
    }

    @Test
    void theServiceLoaderFindsTheProviderAndItsBrokersAuthenticateClients() throws Exception {
        EmbeddedBrokerProvider provider = EmbeddedBrokerProvider.find().orElseThrow();
        assertInstanceOf(EmbeddedBrokerService.class, provider);
        Path users = dir.resolve("users");
        Files.writeString(users, "app = " + PasswordHash.create("pw".toCharArray(), 1000, new SecureRandom()).format()
                + "\n");
        try (EmbeddedBrokerProvider.Handle broker = provider.start("vm-spi", dir.resolve("data"), Map.of(
                BrokerConfig.AUTHENTICATION_USERS_FILE, users.toString(),
                BrokerConfig.AUTHENTICATION_ALLOW_ANONYMOUS, "false",
                BrokerConfig.AUTHENTICATION_FAILURE_DELAY_MS, "0"))) {
            assertEquals("vm://vm-spi", broker.bootstrapServers());
            try (PartitaAdmin admin = new PartitaAdmin(props(broker.bootstrapServers(),
                    Settings.SECURITY_USER, "app", Settings.SECURITY_PASSWORD, "pw"))) {
                admin.createTopics(List.of(new NewTopic("spi", 1, (short) 1, Map.of()))).get(30, TimeUnit.SECONDS);
            }
            try (PartitaAdmin anonymous = new PartitaAdmin(props(broker.bootstrapServers()))) {
                ExecutionException e = assertThrows(ExecutionException.class,
                        () -> anonymous.listTopics().get(30, TimeUnit.SECONDS));
                AuthenticationException a = assertInstanceOf(AuthenticationException.class, e.getCause());
                assertEquals(Errors.AUTHENTICATION_REQUIRED, a.error());
                assertEquals("vm://vm-spi", a.broker());
            }
            IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                    () -> provider.start("vm-bad", dir.resolve("bad"), Map.of("no.such.key", "1")));
            assertTrue(bad.getMessage().contains("no.such.key"), bad.getMessage());
        }
    }
}
