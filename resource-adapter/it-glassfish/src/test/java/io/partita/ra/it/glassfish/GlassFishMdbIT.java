package io.partita.ra.it.glassfish;

import io.partita.broker.PartitaServer;
import io.partita.broker.config.BrokerConfig;
import io.partita.client.PartitionInfo;
import io.partita.client.Settings;
import io.partita.client.consumer.ConsumerConfig;
import io.partita.client.consumer.ConsumerRecord;
import io.partita.client.consumer.PartitaConsumer;
import io.partita.jms.PartitaConnectionFactory;
import io.partita.jms.message.MessageCodec;
import io.partita.protocol.TopicPartition;
import io.partita.protocol.message.MessageEnvelope;
import io.partita.protocol.record.Header;
import io.partita.ra.it.glassfish.app.SendServlet;
import io.partita.ra.it.glassfish.mdb.Deliveries;
import io.partita.ra.it.glassfish.mdb.DurablePricesListener;
import io.partita.ra.it.glassfish.mdb.OrdersListener;
import io.partita.ra.it.glassfish.mdb.ParallelListener;
import io.partita.ra.it.glassfish.mdb.PoisonListener;
import io.partita.ra.it.glassfish.mdb.SharedTicksA;
import io.partita.ra.it.glassfish.mdb.SharedTicksB;
import io.partita.ra.it.glassfish.mdb.StateServlet;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.Queue;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import org.jboss.arquillian.container.test.api.Deployer;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Message-driven beans on the Partita adapter in a real GlassFish 7: a bean receives what a servlet
 * sent with the injected pooled factory (scenario 1); eight sessions deliver 1,000 messages in
 * parallel, each once (scenario 2); a bean that throws gets the message again with
 * {@code JMSRedelivered} and a rising {@code JMSXDeliveryCount} until the broker dead-letters it
 * (scenario 4); a durable subscription misses nothing across a redeploy and a shared subscription
 * divides a topic's messages between two beans (scenario 5).
 *
 * <p>The beans record what they get in a singleton EJB ({@link Deliveries}) that the test reads
 * over HTTP ({@link StateServlet}). Every wait is on a condition with a generous deadline. The
 * broker runs in this JVM on a free port of 127.0.0.1 with {@code share.max.delivery.attempts=}
 * {@value #MAX_DELIVERIES}; each bean's {@code brokerURL} (with {@code prefetch=1}, so messages
 * spread over sessions) is given in the application's {@code ejb-jar.xml}, and the binding to the
 * adapter in {@code glassfish-ejb-jar.xml}. GlassFish starts once for the class.
 */
@ExtendWith(ArquillianExtension.class)
class GlassFishMdbIT {
    static final int MAX_DELIVERIES = 4;
    private static final Duration DEADLINE = Duration.ofMinutes(3);
    private static PartitaServer broker;

    @ArquillianResource
    private Deployer deployer;

    static synchronized PartitaServer broker() {
        if (broker == null) {
            try {
                Path dir = Files.createTempDirectory("partita-ra-mdb-it");
                broker = PartitaServer.start(BrokerConfig.of(Map.of(
                        BrokerConfig.LISTENERS, "PLAINTEXT://127.0.0.1:0",
                        BrokerConfig.LOG_DIRS, dir.toString(),
                        BrokerConfig.NUM_PARTITIONS, "1",
                        BrokerConfig.NUM_NETWORK_THREADS, "2",
                        BrokerConfig.NUM_IO_THREADS, "2",
                        BrokerConfig.SHARE_MAX_DELIVERY_ATTEMPTS, String.valueOf(MAX_DELIVERIES))));
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

    private static String brokerUrl() {
        return "partita://127.0.0.1:" + broker().port();
    }

    @Deployment(name = "rar", order = 1, testable = false)
    static ResourceAdapterArchive adapter() {
        return ShrinkWrap.createFromZipFile(ResourceAdapterArchive.class, new File(System.getProperty("partita.rar")));
    }

    @Deployment(name = "mdb", order = 2, testable = false)
    static WebArchive application() {
        String resources = """
                <!DOCTYPE resources PUBLIC "-//GlassFish.org//DTD GlassFish Application Server 3.1 Resource Definitions//EN"
                    "http://glassfish.org/dtds/glassfish-resources_1_5.dtd">
                <resources>
                  <connector-connection-pool name="java:app/partita-pool" resource-adapter-name="partita-ra"
                      connection-definition-name="jakarta.jms.ConnectionFactory" transaction-support="NoTransaction">
                    <property name="brokerURL" value="%s"/>
                  </connector-connection-pool>
                  <connector-resource jndi-name="java:app/jms/cf" pool-name="java:app/partita-pool"/>
                  <admin-object-resource jndi-name="java:app/jms/orders" res-adapter="partita-ra"
                      res-type="jakarta.jms.Queue">
                    <property name="name" value="orders"/>
                  </admin-object-resource>
                </resources>
                """.formatted(brokerUrl());
        List<String> beans = List.of("OrdersListener", "ParallelListener", "PoisonListener", "SharedTicksA",
                "SharedTicksB");
        return ShrinkWrap.create(WebArchive.class, "mdb.war")
                .addClasses(SendServlet.class, StateServlet.class, Deliveries.class, OrdersListener.class,
                        ParallelListener.class, PoisonListener.class, SharedTicksA.class, SharedTicksB.class)
                .addAsWebInfResource(new StringAsset(resources), "glassfish-resources.xml")
                .addAsWebInfResource(new StringAsset(ejbJar(beans)), "ejb-jar.xml")
                .addAsWebInfResource(new StringAsset(glassFishEjbJar(beans)), "glassfish-ejb-jar.xml");
    }

    /** Deployed and undeployed by the durable-subscription test itself. */
    @Deployment(name = "durable", order = 3, managed = false, testable = false)
    static WebArchive durableApplication() {
        List<String> beans = List.of("DurablePricesListener");
        return ShrinkWrap.create(WebArchive.class, "durable.war")
                .addClasses(StateServlet.class, Deliveries.class, DurablePricesListener.class)
                .addAsWebInfResource(new StringAsset(ejbJar(beans)), "ejb-jar.xml")
                .addAsWebInfResource(new StringAsset(glassFishEjbJar(beans)), "glassfish-ejb-jar.xml");
    }

    /** Standard descriptor adding the broker URL to each bean's activation properties. */
    private static String ejbJar(List<String> beans) {
        StringBuilder b = new StringBuilder("""
                <ejb-jar xmlns="https://jakarta.ee/xml/ns/jakartaee"
                    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                    xsi:schemaLocation="https://jakarta.ee/xml/ns/jakartaee https://jakarta.ee/xml/ns/jakartaee/ejb-jar_4_0.xsd"
                    version="4.0">
                  <enterprise-beans>
                """);
        for (String bean : beans) {
            b.append("""
                        <message-driven>
                          <ejb-name>%s</ejb-name>
                          <ejb-class>io.partita.ra.it.glassfish.mdb.%s</ejb-class>
                          <activation-config>
                            <activation-config-property>
                              <activation-config-property-name>brokerURL</activation-config-property-name>
                              <activation-config-property-value>%s?prefetch=1</activation-config-property-value>
                            </activation-config-property>
                          </activation-config>
                        </message-driven>
                    """.formatted(bean, bean, brokerUrl()));
        }
        return b.append("  </enterprise-beans>\n</ejb-jar>\n").toString();
    }

    /** GlassFish's binding of each bean to the adapter deployed as {@code partita-ra}. */
    private static String glassFishEjbJar(List<String> beans) {
        StringBuilder b = new StringBuilder("""
                <!DOCTYPE glassfish-ejb-jar PUBLIC "-//GlassFish.org//DTD GlassFish Application Server 3.1 EJB 3.1//EN"
                    "http://glassfish.org/dtds/glassfish-ejb-jar_3_1-1.dtd">
                <glassfish-ejb-jar>
                  <enterprise-beans>
                """);
        for (String bean : beans) {
            b.append("""
                        <ejb>
                          <ejb-name>%s</ejb-name>
                          <mdb-resource-adapter>
                            <resource-adapter-mid>partita-ra</resource-adapter-mid>
                          </mdb-resource-adapter>
                        </ejb>
                    """.formatted(bean));
        }
        return b.append("  </enterprise-beans>\n</glassfish-ejb-jar>\n").toString();
    }

    // ---- scenarios

    @Test
    void beanReceivesWhatTheServletSent(@ArquillianResource @OperateOnDeployment("mdb") URL base) throws Exception {
        assertEquals("sent to-the-bean", get(base, "send?text=to-the-bean"));
        List<Delivery> got = await(() -> deliveries(base, "OrdersListener"), l -> !l.isEmpty(), "OrdersListener");
        assertEquals(List.of(new Delivery("to-the-bean", false, 1)), strip(got));
    }

    @Test
    void eightSessionsDeliverAThousandMessagesInParallelEachOnce(@ArquillianResource @OperateOnDeployment("mdb") URL base)
            throws Exception {
        List<String> texts = IntStream.range(0, 1000).mapToObj(i -> "parallel-" + i).toList();
        try (JMSContext context = new PartitaConnectionFactory(brokerUrl()).createContext()) {
            Queue queue = context.createQueue("parallel");
            JMSProducer producer = context.createProducer();
            for (String t : texts) {
                producer.send(queue, t);
            }
        }
        List<Delivery> got = await(() -> deliveries(base, "ParallelListener"), l -> l.size() >= 1000, "ParallelListener");
        String gate = get(base, "state?gate=parallel");
        assertEquals("opened=true peak=8 distinctWhenOpened=8 timedOut=false", gate);
        Map<String, Long> perText = got.stream().collect(Collectors.groupingBy(Delivery::text, Collectors.counting()));
        assertEquals(new HashSet<>(texts), perText.keySet());
        assertTrue(perText.values().stream().allMatch(n -> n == 1), () -> "delivered more than once: "
                + perText.entrySet().stream().filter(e -> e.getValue() > 1).toList());
        assertTrue(got.stream().noneMatch(Delivery::redelivered), "a message was redelivered");
        Set<String> beans = got.stream().map(Delivery::bean).collect(Collectors.toSet());
        assertTrue(beans.size() >= 8, "bean instances: " + beans);
    }

    @Test
    void failingMessageIsRedeliveredThenDeadLettered(@ArquillianResource @OperateOnDeployment("mdb") URL base)
            throws Exception {
        try (JMSContext context = new PartitaConnectionFactory(brokerUrl()).createContext()) {
            Queue queue = context.createQueue("poison");
            context.createProducer().send(queue, "poison-pill");
            context.createProducer().send(queue, "fine-after-poison");
        }
        List<Delivery> got = await(() -> deliveries(base, "PoisonListener"),
                l -> l.stream().anyMatch(d -> d.text().equals("fine-after-poison"))
                        && l.stream().filter(d -> d.text().equals("poison-pill")).count() >= MAX_DELIVERIES,
                "PoisonListener");
        List<ConsumerRecord> dead = readLog("DLQ", 1);
        assertEquals(1, dead.size());
        ConsumerRecord letter = dead.get(0);
        assertEquals("poison-pill", ((TextMessage) new MessageCodec().decode(header(letter, MessageEnvelope.HEADER_KEY),
                letter.value(), 1, null)).getText());
        assertEquals(String.valueOf(MAX_DELIVERIES), StandardCharsets.UTF_8.decode(
                header(letter, "partita.dlq.delivery.count").duplicate()).toString());
        // once dead-lettered, never delivered again: the deliveries seen are exactly 1..MAX
        List<Delivery> poison = deliveries(base, "PoisonListener").stream()
                .filter(d -> d.text().equals("poison-pill")).map(Delivery::strip).toList();
        List<Delivery> expected = new ArrayList<>();
        for (int n = 1; n <= MAX_DELIVERIES; n++) {
            expected.add(new Delivery("poison-pill", n > 1, n));
        }
        assertEquals(expected, poison);
        assertEquals(List.of(new Delivery("fine-after-poison", false, 1)), got.stream()
                .filter(d -> d.text().equals("fine-after-poison")).map(Delivery::strip).toList());
    }

    @Test
    void sharedSubscriptionDividesMessagesBetweenTwoBeans(@ArquillianResource @OperateOnDeployment("mdb") URL base)
            throws Exception {
        try (JMSContext context = new PartitaConnectionFactory(brokerUrl()).createContext()) {
            Topic topic = context.createTopic("ticks");
            // the subscription exists from the first bean's activation on: probe until both beans had one
            probeUntil(context, topic, "tick-probe-", () -> get(base, "state?gate=ticks").startsWith("opened=true"));
            for (int i = 0; i < 100; i++) {
                context.createProducer().send(topic, "tick-" + i);
            }
        }
        Supplier<List<Delivery>> both = () -> {
            List<Delivery> all = new ArrayList<>(deliveries(base, "SharedTicksA"));
            all.addAll(deliveries(base, "SharedTicksB"));
            return all;
        };
        List<Delivery> got = await(both, l -> l.stream().filter(d -> d.text().startsWith("tick-") && !d.text()
                .startsWith("tick-probe-")).count() >= 100, "SharedTicksA and SharedTicksB");
        Map<String, Long> perText = got.stream().collect(Collectors.groupingBy(Delivery::text, Collectors.counting()));
        assertTrue(perText.values().stream().allMatch(n -> n == 1), () -> "a message went to both beans: " + perText);
        for (int i = 0; i < 100; i++) {
            assertEquals(1L, perText.get("tick-" + i), "tick-" + i);
        }
        assertTrue(!deliveries(base, "SharedTicksA").isEmpty() && !deliveries(base, "SharedTicksB").isEmpty());
    }

    @Test
    void durableSubscriptionMissesNothingAcrossARedeploy() throws Exception {
        URL base = URI.create("http://127.0.0.1:" + System.getProperty("gf.http.port") + "/durable/").toURL();
        deployer.deploy("durable");
        boolean deployed = true;
        try (JMSContext context = new PartitaConnectionFactory(brokerUrl()).createContext()) {
            Topic topic = context.createTopic("prices");
            probeUntil(context, topic, "price-probe-", () -> !deliveries(base, "DurablePricesListener").isEmpty());
            for (int i = 0; i < 10; i++) {
                context.createProducer().send(topic, "price-" + i);
            }
            await(() -> deliveries(base, "DurablePricesListener"), l -> l.stream().anyMatch(d -> d.text().equals("price-9")),
                    "DurablePricesListener before the redeploy");
            deployer.undeploy("durable");
            deployed = false;
            for (int i = 10; i < 20; i++) {
                context.createProducer().send(topic, "price-" + i);
            }
            deployer.deploy("durable");
            deployed = true;
            List<Delivery> after = await(() -> deliveries(base, "DurablePricesListener"), l -> l.size() >= 10,
                    "DurablePricesListener after the redeploy");
            assertEquals(IntStream.range(10, 20).mapToObj(i -> new Delivery("price-" + i, false, 1)).toList(),
                    after.stream().map(Delivery::strip).toList());
        } finally {
            if (deployed) {
                deployer.undeploy("durable");
            }
        }
    }

    // ---- helpers

    /** One recorded delivery; {@code bean} is the bean instance's identity. */
    record Delivery(String text, boolean redelivered, int count, String bean) {
        Delivery(String text, boolean redelivered, int count) {
            this(text, redelivered, count, "");
        }

        Delivery strip() {
            return new Delivery(text, redelivered, count);
        }

        static Delivery parse(String line) {
            String[] f = line.split("\t");
            if (f.length != 4) {
                throw new AssertionError("bad delivery line: " + line);
            }
            return new Delivery(f[0], Boolean.parseBoolean(f[1]), Integer.parseInt(f[2]), f[3]);
        }
    }

    private static List<Delivery> strip(List<Delivery> l) {
        return l.stream().map(Delivery::strip).toList();
    }

    private static List<Delivery> deliveries(URL base, String listener) {
        try {
            return get(base, "state?listener=" + listener).lines().filter(s -> !s.isEmpty()).map(Delivery::parse)
                    .toList();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T await(Supplier<T> read, Predicate<T> done, String what) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        T last = read.get();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; last seen: " + last);
            }
            Thread.sleep(200);
            last = read.get();
        }
        return last;
    }

    /** Sends {@code prefix<n>} every half second until {@code seen} holds (a subscription is live). */
    private static void probeUntil(JMSContext context, Topic topic, String prefix, ProbeCheck seen) throws Exception {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        for (int n = 0; !seen.test(); n++) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no probe on " + topic + " was received");
            }
            context.createProducer().send(topic, prefix + n);
            Thread.sleep(500);
        }
    }

    @FunctionalInterface
    private interface ProbeCheck {
        boolean test() throws Exception;
    }

    private static String get(URL base, String pathAndQuery) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(base.toString() + pathAndQuery)).timeout(Duration.ofMinutes(2)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), () -> pathAndQuery + " answered " + r.statusCode() + ": " + r.body());
        return r.body();
    }

    private static ByteBuffer header(ConsumerRecord r, String key) {
        for (Header h : r.headers()) {
            if (h.key().equals(key)) {
                return h.value();
            }
        }
        throw new AssertionError("no header " + key + " in " + r);
    }

    /** Reads at least {@code expected} records of a topic from the beginning with the plain log consumer. */
    private static List<ConsumerRecord> readLog(String topic, int expected) throws Exception {
        List<ConsumerRecord> out = new ArrayList<>();
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
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }
}
