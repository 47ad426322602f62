package io.partita.ra.it.glassfish;

import io.partita.broker.PartitaServer;
import io.partita.broker.config.BrokerConfig;
import io.partita.client.PartitionInfo;
import io.partita.client.Settings;
import io.partita.client.consumer.ConsumerConfig;
import io.partita.client.consumer.ConsumerRecord;
import io.partita.client.consumer.PartitaConsumer;
import io.partita.jms.message.MessageCodec;
import io.partita.jms.message.PartitaMessage;
import io.partita.protocol.TopicPartition;
import io.partita.protocol.message.MessageEnvelope;
import io.partita.protocol.record.Header;
import io.partita.ra.it.app.Descriptors;
import io.partita.ra.it.app.SendServlet;
import io.partita.ra.it.glassfish.app.RulesServlet;
import jakarta.jms.TextMessage;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.ResourceAdapterArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scenario 1 in GlassFish: the adapter deployed as {@code partita-ra.rar}, an application whose
 * {@code glassfish-resources.xml} creates a connection pool, connection factory and queue on it,
 * a servlet that sends with the injected factory, and the message read back from the broker with
 * the plain log consumer. Also: the container rules of Jakarta Messaging section 12 as an
 * application sees them, and a pooled connection handed back clean.
 *
 * <p>GlassFish starts once for the module's test classes (Arquillian); the broker runs in this JVM on a free port
 * of 127.0.0.1 and is started when the deployments are built, since the application's resources
 * carry its address.
 */
@ExtendWith(ArquillianExtension.class)
class GlassFishOutboundIT {
    private static PartitaServer broker;
    private static Path brokerDir;

    static synchronized PartitaServer broker() {
        if (broker == null) {
            try {
                brokerDir = Files.createTempDirectory("partita-ra-it");
                broker = PartitaServer.start(BrokerConfig.of(Map.of(
                        BrokerConfig.LISTENERS, "PLAINTEXT://127.0.0.1:0",
                        BrokerConfig.LOG_DIRS, brokerDir.toString(),
                        BrokerConfig.NUM_PARTITIONS, "1",
                        BrokerConfig.NUM_NETWORK_THREADS, "2",
                        BrokerConfig.NUM_IO_THREADS, "2")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (Exception e) {
                throw new IllegalStateException("the test broker did not start", e);
            }
        }
        return broker;
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Deployment(name = "rar", order = 1, testable = false)
    static ResourceAdapterArchive adapter() {
        return ShrinkWrap.createFromZipFile(ResourceAdapterArchive.class, new File(System.getProperty("partita.rar")));
    }

    @Deployment(name = "app", order = 2, testable = false)
    static WebArchive application() {
        String resources = GlassFishDescriptors.resources("partita://127.0.0.1:" + broker().port());
        return ShrinkWrap.create(WebArchive.class, "app.war")
                .addClasses(SendServlet.class, RulesServlet.class)
                .addAsWebInfResource(new StringAsset(resources), "glassfish-resources.xml")
                .addAsWebInfResource(new StringAsset(Descriptors.webXml("java:app/jms/cf", "java:app/jms/orders")),
                        "web.xml");
    }

    private static String get(URL base, String pathAndQuery) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(base.toString() + pathAndQuery)).timeout(Duration.ofMinutes(2)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), () -> pathAndQuery + " answered " + r.statusCode() + ": " + r.body());
        return r.body();
    }

    @Test
    void servletSendsThroughThePooledFactory(@ArquillianResource @OperateOnDeployment("app") URL base)
            throws Exception {
        assertEquals("sent hello-from-glassfish", get(base, "send?text=hello-from-glassfish"));
        List<PartitaMessage> stored = read("orders", 1);
        assertEquals("hello-from-glassfish", ((TextMessage) stored.get(0)).getText());
    }

    @Test
    void containerRulesHoldAndPooledConnectionsComeBackClean(@ArquillianResource @OperateOnDeployment("app") URL base)
            throws Exception {
        String body = get(base, "rules");
        for (String line : List.of("setClientID=IllegalStateException", "setExceptionListener=IllegalStateException",
                "stop=IllegalStateException", "secondSession=IllegalStateException",
                "setMessageListener=IllegalStateException", "asyncSend=IllegalStateException",
                "clientAcknowledge=JMSException", "sessionAfterReuse=allowed")) {
            assertTrue(body.lines().anyMatch(line::equals), () -> "expected " + line + " in:\n" + body);
        }
    }

    /** Reads {@code expected} messages of a topic from the beginning with the plain log consumer. */
    private static List<PartitaMessage> read(String topic, int expected) throws Exception {
        List<PartitaMessage> out = new ArrayList<>();
        MessageCodec codec = new MessageCodec();
        try (PartitaConsumer consumer = new PartitaConsumer(Settings.of(Map.of(
                Settings.BOOTSTRAP_SERVERS, "127.0.0.1:" + broker().port(),
                ConsumerConfig.AUTO_OFFSET_RESET, "earliest")))) {
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
                    if (envelope != null) {
                        out.add(codec.decode(envelope, r.value(), 1, null));
                    }
                }
            }
        }
        return out;
    }
}
