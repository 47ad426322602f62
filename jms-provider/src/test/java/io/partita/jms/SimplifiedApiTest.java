package io.partita.jms;

import jakarta.jms.BytesMessage;
import jakarta.jms.CompletionListener;
import jakarta.jms.DeliveryMode;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.InvalidClientIDRuntimeException;
import jakarta.jms.InvalidDestinationRuntimeException;
import jakarta.jms.InvalidSelectorRuntimeException;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatRuntimeException;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The simplified API (Jakarta Messaging 3.0, chapter 5 and 7): JMSContext and JMSProducer over TCP. */
@Timeout(120)
class SimplifiedApiTest {
    @TempDir
    Path dir;

    private BrokerFixture broker;
    private PartitaConnectionFactory factory;

    @BeforeEach
    void start() throws Exception {
        broker = new BrokerFixture(dir, 1);
        factory = new PartitaConnectionFactory(broker.url());
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    @Test
    void producerSendsEveryBodyKindWithItsPropertiesAndHeaders() throws Exception {
        try (JMSContext context = factory.createContext()) {
            Queue queue = context.createQueue("simple");
            JMSProducer producer = context.createProducer()
                    .setProperty("region", "eu")
                    .setProperty("count", 3)
                    .setJMSType("greeting")
                    .setJMSCorrelationID("c-9")
                    .setPriority(6)
                    .setDeliveryMode(DeliveryMode.NON_PERSISTENT)
                    .setTimeToLive(10_000);
            producer.send(queue, "text body");
            producer.send(queue, Map.of("k", 1L));
            producer.send(queue, new byte[] {1, 2});
            producer.send(queue, (java.io.Serializable) List.of("x"));
            producer.send(queue, context.createMessage());
        }
        List<BrokerFixture.Stored> stored = broker.read("simple", 5);
        assertEquals("text body", ((TextMessage) stored.get(0).message()).getText());
        assertEquals(1L, ((MapMessage) stored.get(1).message()).getLong("k"));
        BytesMessage bytes = (BytesMessage) stored.get(2).message();
        byte[] b = new byte[2];
        bytes.readBytes(b);
        assertArrayEquals(new byte[] {1, 2}, b);
        assertEquals(List.of("x"), ((ObjectMessage) stored.get(3).message()).getObject());
        for (BrokerFixture.Stored s : stored) {
            Message m = s.message();
            assertEquals("eu", m.getStringProperty("region"));
            assertEquals(3, m.getIntProperty("count"));
            assertEquals("greeting", m.getJMSType());
            assertEquals("c-9", m.getJMSCorrelationID());
            assertEquals(6, m.getJMSPriority());
            assertEquals(DeliveryMode.NON_PERSISTENT, m.getJMSDeliveryMode());
            assertEquals(m.getJMSTimestamp() + 10_000, m.getJMSExpiration());
        }
    }

    @Test
    void producerPropertiesFollowTheMessageRules() {
        try (JMSContext context = factory.createContext()) {
            JMSProducer p = context.createProducer();
            assertThrows(IllegalArgumentException.class, () -> p.setProperty("", 1));
            assertThrows(IllegalArgumentException.class, () -> p.setProperty("NOT", 1));
            assertThrows(MessageFormatRuntimeException.class, () -> p.setProperty("o", new Object()));
            assertThrows(MessageFormatRuntimeException.class, () -> p.setProperty("JMSXGroupSeq", "1"));
            p.setProperty("n", "12").setProperty("f", 1.5f);
            assertEquals(12, p.getIntProperty("n"));
            assertEquals(1.5d, p.getDoubleProperty("f"));
            assertThrows(MessageFormatRuntimeException.class, () -> p.getIntProperty("f"));
            assertThrows(NumberFormatException.class, () -> p.getLongProperty("missing"));
            assertEquals(Set.of("n", "f"), p.getPropertyNames());
            assertThrows(UnsupportedOperationException.class, () -> p.getPropertyNames().add("x"));
            p.clearProperties();
            assertFalse(p.propertyExists("n"));
            assertThrows(JMSRuntimeException.class, () -> p.setPriority(11));
            assertThrows(JMSRuntimeException.class, () -> p.setDeliveryMode(5));
            assertThrows(JMSRuntimeException.class, () -> p.setDeliveryDelay(-1));
        }
    }

    @Test
    void asyncSendThroughTheProducer() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        try (JMSContext context = factory.createContext()) {
            context.createProducer().setAsync(new CompletionListener() {
                @Override
                public void onCompletion(Message message) {
                    done.countDown();
                }

                @Override
                public void onException(Message message, Exception exception) {
                }
            }).send(context.createTopic("async-simple"), "a");
            assertTrue(done.await(60, TimeUnit.SECONDS));
        }
        assertEquals(1, broker.read("async-simple", 1).size());
    }

    @Test
    void exceptionsAreTheRuntimeTwins() {
        try (JMSContext context = factory.createContext()) {
            assertThrows(InvalidDestinationRuntimeException.class, () -> context.createQueue("bad name"));
            assertThrows(InvalidDestinationRuntimeException.class,
                    () -> context.createProducer().send(null, "x"));
            assertThrows(InvalidSelectorRuntimeException.class,
                    () -> context.createConsumer(context.createQueue("q"), "a ="));
            assertThrows(MessageFormatRuntimeException.class,
                    () -> context.createProducer().send(context.createQueue("q"), (Message) null));
            assertThrows(IllegalStateRuntimeException.class, context::commit);
        }
    }

    @Test
    void clientIdBeforeFirstUseAndContextsShareTheConnection() throws Exception {
        JMSContext first = factory.createContext();
        first.setClientID("ctx-app");
        assertEquals("ctx-app", first.getClientID());
        first.createProducer().send(first.createQueue("shared"), "one");
        assertThrows(IllegalStateRuntimeException.class, () -> first.setClientID("again"));
        JMSContext second = first.createContext(JMSContext.CLIENT_ACKNOWLEDGE);
        assertEquals("ctx-app", second.getClientID());
        assertEquals(JMSContext.CLIENT_ACKNOWLEDGE, second.getSessionMode());
        first.close();
        second.createProducer().send(second.createQueue("shared"), "two, after the first context closed");
        second.close();
        assertThrows(IllegalStateRuntimeException.class, second::getClientID);
        assertThrows(IllegalStateRuntimeException.class, first::createProducer);
        assertEquals(2, broker.read("shared", 2).size());
    }

    @Test
    void invalidClientIdAndSessionMode() {
        try (JMSContext context = factory.createContext()) {
            assertThrows(InvalidClientIDRuntimeException.class, () -> context.setClientID(" "));
            assertThrows(JMSRuntimeException.class, () -> context.createContext(42));
        }
        assertThrows(JMSRuntimeException.class, () -> factory.createContext(42));
    }

    @Test
    void autoStartDefaultsToTrue() {
        try (JMSContext context = factory.createContext(JMSContext.DUPS_OK_ACKNOWLEDGE)) {
            assertTrue(context.getAutoStart());
            context.setAutoStart(false);
            assertFalse(context.getAutoStart());
            assertEquals(JMSContext.DUPS_OK_ACKNOWLEDGE, context.getSessionMode());
            assertFalse(context.getTransacted());
        }
    }
}
