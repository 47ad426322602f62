package io.partita.ra.it.scenario;

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
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.Queue;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;

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
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The test side of the message-driven bean scenarios, the same in every application server: a
 * broker on a free port of 127.0.0.1 in the test JVM, the messages each scenario sends, and what
 * it expects the beans of {@code io.partita.ra.it.app} to have recorded (read over HTTP from the
 * application's {@code /state} servlet). Every wait is on a condition with a generous deadline.
 *
 * <p>One instance per test class; not thread-safe. {@link #close()} stops the broker.
 */
public final class MdbScenarios implements AutoCloseable {
    /** The broker's {@code share.max.delivery.attempts}: deliveries before dead-lettering. */
    public static final int MAX_DELIVERIES = 4;
    private static final Duration DEADLINE = Duration.ofMinutes(3);

    private final PartitaServer broker;
    private final HttpClient http = HttpClient.newHttpClient();

    private MdbScenarios(PartitaServer broker) {
        this.broker = broker;
    }

    /** Starts the broker (one partition per topic, {@value #MAX_DELIVERIES} deliveries at most). */
    public static MdbScenarios start() {
        try {
            Path dir = Files.createTempDirectory("partita-ra-mdb-it");
            return new MdbScenarios(PartitaServer.start(BrokerConfig.of(Map.of(
                    BrokerConfig.LISTENERS, "PLAINTEXT://127.0.0.1:0",
                    BrokerConfig.LOG_DIRS, dir.toString(),
                    BrokerConfig.NUM_PARTITIONS, "1",
                    BrokerConfig.NUM_NETWORK_THREADS, "2",
                    BrokerConfig.NUM_IO_THREADS, "2",
                    BrokerConfig.SHARE_MAX_DELIVERY_ATTEMPTS, String.valueOf(MAX_DELIVERIES)))));
        } catch (Exception e) {
            throw new IllegalStateException("the test broker did not start", e);
        }
    }

    /** The broker's port on 127.0.0.1. */
    public int brokerPort() {
        return broker.port();
    }

    /** {@code partita://127.0.0.1:<port>}. */
    public String brokerUrl() {
        return "partita://127.0.0.1:" + broker.port();
    }

    /** What the beans' activations use: the broker with {@code prefetch=1}, so messages spread over sessions. */
    public String beanBrokerUrl() {
        return brokerUrl() + "?prefetch=1";
    }

    @Override
    public void close() {
        broker.close();
    }

    // ---- scenarios

    /** Scenario 1: {@code /send} sends with the injected pooled factory; {@code OrdersListener} receives. */
    public void beanReceivesWhatTheServletSent(URL app) throws Exception {
        assertEquals("sent to-the-bean", get(app, "send?text=to-the-bean"));
        List<Delivery> got = await(() -> deliveries(app, "OrdersListener"), l -> !l.isEmpty(), "OrdersListener");
        assertEquals(List.of(new Delivery("to-the-bean", false, 1)), strip(got));
    }

    /**
     * Scenario 2: 1,000 messages to {@code ParallelListener} ({@code maxSession=8}); its gate opens
     * only when 8 distinct bean instances are inside at once; each message is processed once.
     */
    public void eightSessionsDeliverAThousandMessagesInParallelEachOnce(URL app) throws Exception {
        List<String> texts = IntStream.range(0, 1000).mapToObj(i -> "parallel-" + i).toList();
        try (JMSContext context = new PartitaConnectionFactory(brokerUrl()).createContext()) {
            Queue queue = context.createQueue("parallel");
            JMSProducer producer = context.createProducer();
            for (String t : texts) {
                producer.send(queue, t);
            }
        }
        List<Delivery> got = await(() -> deliveries(app, "ParallelListener"), l -> l.size() >= 1000, "ParallelListener");
        assertEquals("opened=true peak=8 distinctWhenOpened=8 timedOut=false", get(app, "state?gate=parallel"));
        Map<String, Long> perText = got.stream().collect(Collectors.groupingBy(Delivery::text, Collectors.counting()));
        assertEquals(new HashSet<>(texts), perText.keySet());
        assertTrue(perText.values().stream().allMatch(n -> n == 1), () -> "delivered more than once: "
                + perText.entrySet().stream().filter(e -> e.getValue() > 1).toList());
        assertTrue(got.stream().noneMatch(Delivery::redelivered), "a message was redelivered");
        Set<String> beans = got.stream().map(Delivery::bean).collect(Collectors.toSet());
        assertTrue(beans.size() >= 8, "bean instances: " + beans);
    }

    /**
     * Scenario 4: {@code PoisonListener} throws for {@code poison-pill}, which comes again with
     * {@code JMSRedelivered} and a rising {@code JMSXDeliveryCount} until the broker moves it to
     * {@code DLQ} after {@value #MAX_DELIVERIES} deliveries; the next message is unaffected.
     */
    public void failingMessageIsRedeliveredThenDeadLettered(URL app) throws Exception {
        try (JMSContext context = new PartitaConnectionFactory(brokerUrl()).createContext()) {
            Queue queue = context.createQueue("poison");
            context.createProducer().send(queue, "poison-pill");
            context.createProducer().send(queue, "fine-after-poison");
        }
        List<Delivery> got = await(() -> deliveries(app, "PoisonListener"),
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
        List<Delivery> poison = deliveries(app, "PoisonListener").stream()
                .filter(d -> d.text().equals("poison-pill")).map(Delivery::strip).toList();
        List<Delivery> expected = new ArrayList<>();
        for (int n = 1; n <= MAX_DELIVERIES; n++) {
            expected.add(new Delivery("poison-pill", n > 1, n));
        }
        assertEquals(expected, poison);
        assertEquals(List.of(new Delivery("fine-after-poison", false, 1)), got.stream()
                .filter(d -> d.text().equals("fine-after-poison")).map(Delivery::strip).toList());
    }

    /**
     * Scenario 5, shared: {@code SharedTicksA} and {@code SharedTicksB} share the subscription
     * {@code ticks-shared}; each message goes to one of them, and both get some (their gate holds
     * the first delivery of each until the other has one).
     */
    public void sharedSubscriptionDividesMessagesBetweenTwoBeans(URL app) throws Exception {
        try (JMSContext context = new PartitaConnectionFactory(brokerUrl()).createContext()) {
            Topic topic = context.createTopic("ticks");
            // the subscription exists from the first bean's activation on: probe until both beans had one
            probeUntil(context, topic, "probe-tick-", () -> get(app, "state?gate=ticks").startsWith("opened=true"));
            for (int i = 0; i < 100; i++) {
                context.createProducer().send(topic, "tick-" + i);
            }
        }
        Supplier<List<Delivery>> both = () -> {
            List<Delivery> all = new ArrayList<>(deliveries(app, "SharedTicksA"));
            all.addAll(deliveries(app, "SharedTicksB"));
            return all;
        };
        List<Delivery> got = await(both, l -> l.stream().filter(d -> d.text().startsWith("tick-")).count() >= 100,
                "SharedTicksA and SharedTicksB");
        Map<String, Long> perText = got.stream().collect(Collectors.groupingBy(Delivery::text, Collectors.counting()));
        assertTrue(perText.values().stream().allMatch(n -> n == 1), () -> "a message went to both beans: " + perText);
        for (int i = 0; i < 100; i++) {
            assertEquals(1L, perText.get("tick-" + i), "tick-" + i);
        }
        assertTrue(!deliveries(app, "SharedTicksA").isEmpty() && !deliveries(app, "SharedTicksB").isEmpty());
    }

    /** Deploys or undeploys the application of {@link #durableSubscriptionMissesNothingAcrossARedeploy}. */
    public interface Redeployer {
        void deploy() throws Exception;

        void undeploy() throws Exception;

        /** Deploys and undeploys Arquillian's unmanaged deployment {@code name}. */
        static Redeployer of(org.jboss.arquillian.container.test.api.Deployer deployer, String name) {
            return new Redeployer() {
                @Override
                public void deploy() {
                    deployer.deploy(name);
                }

                @Override
                public void undeploy() {
                    deployer.undeploy(name);
                }
            };
        }
    }

    /**
     * Scenario 5, durable: {@code DurablePricesListener} (alone in its application at {@code app})
     * gets the messages published while its application was undeployed once it is back, and
     * nothing twice. Leaves the application undeployed.
     */
    public void durableSubscriptionMissesNothingAcrossARedeploy(URL app, Redeployer deployer) throws Exception {
        deployer.deploy();
        boolean deployed = true;
        try (JMSContext context = new PartitaConnectionFactory(brokerUrl()).createContext()) {
            Topic topic = context.createTopic("prices");
            probeUntil(context, topic, "probe-price-", () -> !deliveries(app, "DurablePricesListener").isEmpty());
            for (int i = 0; i < 10; i++) {
                context.createProducer().send(topic, "price-" + i);
            }
            await(() -> deliveries(app, "DurablePricesListener"), l -> l.stream().anyMatch(d -> d.text().equals("price-9")),
                    "DurablePricesListener before the redeploy");
            deployer.undeploy();
            deployed = false;
            for (int i = 10; i < 20; i++) {
                context.createProducer().send(topic, "price-" + i);
            }
            deployer.deploy();
            deployed = true;
            List<Delivery> after = await(() -> deliveries(app, "DurablePricesListener"), l -> l.size() >= 10,
                    "DurablePricesListener after the redeploy");
            assertEquals(IntStream.range(10, 20).mapToObj(i -> new Delivery("price-" + i, false, 1)).toList(),
                    strip(after));
        } finally {
            if (deployed) {
                deployer.undeploy();
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

    private List<Delivery> deliveries(URL app, String listener) {
        try {
            return get(app, "state?listener=" + listener).lines().filter(s -> !s.isEmpty()).map(Delivery::parse)
                    .toList();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Polls {@code done} until it holds, failing naming {@code what} after the scenarios' deadline. */
    public static void await(BooleanSupplier done, String what) throws InterruptedException {
        await(done::getAsBoolean, Boolean::booleanValue, what);
    }

    static <T> T await(Supplier<T> read, Predicate<T> done, String what) throws InterruptedException {
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

    @FunctionalInterface
    private interface Check {
        boolean test() throws Exception;
    }

    /** Publishes {@code prefix<n>} every half second until {@code seen} holds (the subscription is live). */
    private static void probeUntil(JMSContext context, Topic topic, String prefix, Check seen) throws Exception {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        for (int n = 0; !seen.test(); n++) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no probe on " + topic + " was received");
            }
            context.createProducer().send(topic, prefix + n);
            Thread.sleep(500);
        }
    }

    /** GETs {@code pathAndQuery} relative to {@code app} and returns the body of a 200 answer. */
    public String get(URL app, String pathAndQuery) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(app.toString() + pathAndQuery)).timeout(Duration.ofMinutes(2)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), () -> pathAndQuery + " answered " + r.statusCode() + ": " + r.body());
        return r.body();
    }

    static ByteBuffer header(ConsumerRecord r, String key) {
        for (Header h : r.headers()) {
            if (h.key().equals(key)) {
                return h.value();
            }
        }
        throw new AssertionError("no header " + key + " in " + r);
    }

    /** Reads at least {@code expected} records of a topic from the beginning with the plain log consumer. */
    private List<ConsumerRecord> readLog(String topic, int expected) throws Exception {
        List<ConsumerRecord> out = new ArrayList<>();
        try (PartitaConsumer consumer = new PartitaConsumer(Settings.of(Map.of(
                Settings.BOOTSTRAP_SERVERS, "127.0.0.1:" + broker.port(),
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
