package io.partita.jms;

import io.partita.jms.message.PartitaBytesMessage;
import io.partita.jms.message.PartitaMapMessage;
import io.partita.jms.message.PartitaMessage;
import io.partita.jms.message.PartitaObjectMessage;
import io.partita.jms.message.PartitaStreamMessage;
import io.partita.jms.message.PartitaTextMessage;
import io.partita.protocol.partition.Murmur2;
import jakarta.jms.BytesMessage;
import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.StreamMessage;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code MessageProducer.send} over TCP to a real broker: what the broker stores is read back with
 * the plain log consumer and decoded (Jakarta Messaging 3.0, sections 4.4.10, 7.2 and 7.3).
 */
@Timeout(120)
class ProducerIntegrationTest {
    private static final int PARTITIONS = 3;

    @TempDir
    Path dir;

    private BrokerFixture broker;
    private Connection connection;
    private Session session;

    @BeforeEach
    void start() throws Exception {
        broker = new BrokerFixture(dir, PARTITIONS);
        connection = new PartitaConnectionFactory(broker.url()).createConnection();
        session = connection.createSession(Session.AUTO_ACKNOWLEDGE);
    }

    @AfterEach
    void stop() throws Exception {
        if (connection != null) {
            connection.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void persistentSendSetsTheHeadersAndStoresThem() throws Exception {
        Queue queue = session.createQueue("orders");
        MessageProducer producer = session.createProducer(queue);
        producer.setPriority(7);
        producer.setTimeToLive(60_000);
        producer.setDeliveryDelay(5_000);
        TextMessage m = session.createTextMessage("first order");
        m.setStringProperty("customer", "acme");
        m.setIntProperty("lines", 3);
        m.setJMSCorrelationID("c-1");
        m.setJMSType("order");
        m.setJMSReplyTo(session.createQueue("replies"));
        long before = System.currentTimeMillis();
        producer.send(m);
        long after = System.currentTimeMillis();

        assertTrue(m.getJMSMessageID().startsWith("ID:"), m.getJMSMessageID());
        assertTrue(m.getJMSTimestamp() >= before && m.getJMSTimestamp() <= after);
        assertEquals(queue, m.getJMSDestination());
        assertEquals(DeliveryMode.PERSISTENT, m.getJMSDeliveryMode());
        assertEquals(7, m.getJMSPriority());
        assertEquals(m.getJMSTimestamp() + 60_000, m.getJMSExpiration());
        assertEquals(m.getJMSTimestamp() + 5_000, m.getJMSDeliveryTime());

        List<BrokerFixture.Stored> stored = broker.read("orders", 1);
        assertEquals(1, stored.size());
        TextMessage r = (TextMessage) stored.get(0).message();
        assertEquals("first order", r.getText());
        assertEquals(m.getJMSMessageID(), r.getJMSMessageID());
        assertEquals(m.getJMSTimestamp(), r.getJMSTimestamp());
        assertEquals(m.getJMSExpiration(), r.getJMSExpiration());
        assertEquals(m.getJMSDeliveryTime(), r.getJMSDeliveryTime());
        assertEquals(7, r.getJMSPriority());
        assertEquals(DeliveryMode.PERSISTENT, r.getJMSDeliveryMode());
        assertEquals(queue, r.getJMSDestination());
        assertEquals(new PartitaQueue("replies"), r.getJMSReplyTo());
        assertEquals("c-1", r.getJMSCorrelationID());
        assertEquals("order", r.getJMSType());
        assertEquals("acme", r.getStringProperty("customer"));
        assertEquals(3, r.getIntProperty("lines"));
        assertNull(stored.get(0).record().key());
    }

    @Test
    void allFiveBodyTypesAreStoredAsSent() throws Exception {
        Topic topic = session.createTopic("bodies");
        MessageProducer producer = session.createProducer(topic);
        BytesMessage bytes = session.createBytesMessage();
        bytes.writeUTF("bytes");
        MapMessage map = session.createMapMessage();
        map.setDouble("price", 9.5);
        StreamMessage stream = session.createStreamMessage();
        stream.writeLong(42);
        stream.writeString("s");
        ObjectMessage object = session.createObjectMessage(new ArrayList<>(List.of("o")));
        Message plain = session.createMessage();
        for (Message m : List.of(session.createTextMessage("text"), bytes, map, stream, object, plain)) {
            producer.send(m);
        }
        List<BrokerFixture.Stored> stored = broker.read("bodies", 6);
        assertEquals(6, stored.size());
        assertEquals("text", ((PartitaTextMessage) stored.get(0).message()).getText());
        assertEquals("bytes", ((PartitaBytesMessage) stored.get(1).message()).readUTF());
        assertEquals(9.5, ((PartitaMapMessage) stored.get(2).message()).getDouble("price"));
        PartitaStreamMessage s = (PartitaStreamMessage) stored.get(3).message();
        assertEquals(42, s.readLong());
        assertEquals("s", s.readString());
        assertEquals(List.of("o"), ((PartitaObjectMessage) stored.get(4).message()).getObject());
        assertEquals(PartitaMessage.class, stored.get(5).message().getClass());
        assertNull(stored.get(5).record().value());
    }

    @Test
    void messagesWithoutAGroupKeepToOnePartitionInSendOrder() throws Exception {
        MessageProducer producer = session.createProducer(session.createQueue("ordered"));
        for (int i = 0; i < 60; i++) {
            TextMessage m = session.createTextMessage("m" + i);
            m.setIntProperty("seq", i);
            producer.send(m);
        }
        List<BrokerFixture.Stored> stored = broker.read("ordered", 60);
        Set<Integer> partitions = new HashSet<>();
        for (int i = 0; i < stored.size(); i++) {
            partitions.add(stored.get(i).record().partition());
            assertEquals(i, stored.get(i).message().getIntProperty("seq"));
        }
        assertEquals(1, partitions.size(), "one producer without groups uses one partition: " + partitions);
    }

    @Test
    void groupIdIsTheRecordKeyAndPicksTheMurmur2Partition() throws Exception {
        MessageProducer producer = session.createProducer(session.createQueue("grouped"));
        for (String group : List.of("alpha", "beta", "gamma", "delta", "alpha")) {
            TextMessage m = session.createTextMessage(group);
            m.setStringProperty("JMSXGroupID", group);
            producer.send(m);
        }
        for (BrokerFixture.Stored s : broker.read("grouped", 5)) {
            byte[] key = s.record().key();
            String group = s.message().getStringProperty("JMSXGroupID");
            assertArrayEquals(group.getBytes(StandardCharsets.UTF_8), key);
            assertEquals(Murmur2.toPositive(Murmur2.hash(key)) % PARTITIONS, s.record().partition(), group);
        }
    }

    @Test
    void nonPersistentMessagesAreStoredAsNonPersistent() throws Exception {
        MessageProducer producer = session.createProducer(session.createTopic("fast"));
        producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
        for (int i = 0; i < 10; i++) {
            producer.send(session.createTextMessage("n" + i));
        }
        List<BrokerFixture.Stored> stored = broker.read("fast", 10);
        for (int i = 0; i < 10; i++) {
            assertEquals(DeliveryMode.NON_PERSISTENT, stored.get(i).message().getJMSDeliveryMode());
            assertEquals("n" + i, ((TextMessage) stored.get(i).message()).getText());
        }
    }

    @Test
    void disabledIdAndTimestampAreNotSet() throws Exception {
        MessageProducer producer = session.createProducer(session.createQueue("bare"));
        producer.setDisableMessageID(true);
        producer.setDisableMessageTimestamp(true);
        Message m = session.createMessage();
        producer.send(m);
        assertNull(m.getJMSMessageID());
        assertEquals(0, m.getJMSTimestamp());
        PartitaMessage r = broker.read("bare", 1).get(0).message();
        assertNull(r.getJMSMessageID());
        assertEquals(0, r.getJMSTimestamp());
        assertEquals(0, r.getJMSExpiration());
    }

    @Test
    void asyncSendsCompleteInSendOrderOnTheCompletionThread() throws Exception {
        MessageProducer producer = session.createProducer(session.createQueue("async"));
        int n = 200;
        List<String> completed = Collections.synchronizedList(new ArrayList<>());
        Set<Thread> threads = Collections.synchronizedSet(new HashSet<>());
        CountDownLatch done = new CountDownLatch(n);
        AtomicReference<Exception> failure = new AtomicReference<>();
        for (int i = 0; i < n; i++) {
            producer.send(session.createTextMessage("a" + i), new CompletionListener() {
                @Override
                public void onCompletion(Message message) {
                    try {
                        completed.add(((TextMessage) message).getText());
                    } catch (JMSException e) {
                        failure.set(e);
                    }
                    threads.add(Thread.currentThread());
                    done.countDown();
                }

                @Override
                public void onException(Message message, Exception exception) {
                    failure.set(exception);
                    done.countDown();
                }
            });
        }
        assertTrue(done.await(60, TimeUnit.SECONDS));
        assertNull(failure.get());
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            expected.add("a" + i);
        }
        assertEquals(expected, completed);
        assertEquals(1, threads.size());
        assertTrue(threads.iterator().next() != Thread.currentThread());
        assertEquals(n, broker.read("async", n).size());
    }

    @Test
    void sessionCloseWaitsForPendingAsyncSends() throws Exception {
        MessageProducer producer = session.createProducer(session.createQueue("closing"));
        List<Message> completed = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 50; i++) {
            producer.send(session.createTextMessage("c" + i), new CompletionListener() {
                @Override
                public void onCompletion(Message message) {
                    completed.add(message);
                }

                @Override
                public void onException(Message message, Exception exception) {
                }
            });
        }
        session.close();
        assertEquals(50, completed.size());
    }

    @Test
    void aFailedAsyncSendReachesOnException() throws Exception {
        MessageProducer producer = session.createProducer(session.createQueue("big"));
        BytesMessage huge = session.createBytesMessage();
        huge.writeBytes(new byte[2 << 20]);
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<Exception> failure = new AtomicReference<>();
        AtomicReference<Message> failed = new AtomicReference<>();
        producer.send(huge, new CompletionListener() {
            @Override
            public void onCompletion(Message message) {
                done.countDown();
            }

            @Override
            public void onException(Message message, Exception exception) {
                failed.set(message);
                failure.set(exception);
                done.countDown();
            }
        });
        assertTrue(done.await(60, TimeUnit.SECONDS));
        assertInstanceOf(JMSException.class, failure.get());
        assertTrue(failure.get().getMessage().contains("max.request.size"), failure.get().getMessage());
        assertEquals(huge, failed.get());
        JMSException sync = assertThrows(JMSException.class, () -> producer.send(huge));
        assertTrue(sync.getMessage().contains("max.request.size"), sync.getMessage());
    }

    @Test
    void completionListenerCannotCloseItsOwnSession() throws Exception {
        MessageProducer producer = session.createProducer(session.createQueue("reentrant"));
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<Exception> thrown = new AtomicReference<>();
        producer.send(session.createTextMessage("x"), new CompletionListener() {
            @Override
            public void onCompletion(Message message) {
                try {
                    session.close();
                } catch (Exception e) {
                    thrown.set(e);
                }
                try {
                    connection.close();
                } catch (Exception e) {
                    thrown.compareAndSet(null, e);
                }
                done.countDown();
            }

            @Override
            public void onException(Message message, Exception exception) {
                done.countDown();
            }
        });
        assertTrue(done.await(60, TimeUnit.SECONDS));
        assertInstanceOf(IllegalStateException.class, thrown.get());
        producer.send(session.createTextMessage("still open"));
    }

    @Test
    void anonymousProducerNamesTheDestinationPerSend() throws Exception {
        MessageProducer anonymous = session.createProducer(null);
        assertNull(anonymous.getDestination());
        anonymous.send(session.createQueue("anon-a"), session.createTextMessage("a"));
        anonymous.send(session.createTopic("anon-b"), session.createTextMessage("b"));
        assertThrows(UnsupportedOperationException.class, () -> anonymous.send(session.createTextMessage("x")));
        assertThrows(jakarta.jms.InvalidDestinationException.class,
                () -> anonymous.send(null, session.createTextMessage("x")));
        MessageProducer fixed = session.createProducer(session.createQueue("anon-a"));
        assertThrows(UnsupportedOperationException.class,
                () -> fixed.send(session.createQueue("anon-b"), session.createTextMessage("x")));
        assertEquals("a", ((TextMessage) broker.read("anon-a", 1).get(0).message()).getText());
        assertEquals("b", ((TextMessage) broker.read("anon-b", 1).get(0).message()).getText());
    }

    @Test
    void foreignMessagesAreConvertedAndGetTheirHeaders() throws Exception {
        MessageProducer producer = session.createProducer(session.createQueue("foreign"));
        ForeignTextMessage foreign = new ForeignTextMessage("from elsewhere");
        foreign.properties.put("origin", "other");
        producer.send(foreign);
        assertNotNull(foreign.getJMSMessageID());
        assertEquals(new PartitaQueue("foreign"), foreign.getJMSDestination());
        TextMessage r = (TextMessage) broker.read("foreign", 1).get(0).message();
        assertEquals("from elsewhere", r.getText());
        assertEquals("other", r.getStringProperty("origin"));
        assertEquals(foreign.getJMSMessageID(), r.getJMSMessageID());
    }

    @Test
    void badSendArgumentsAreRefused() throws Exception {
        MessageProducer producer = session.createProducer(session.createQueue("args"));
        assertThrows(jakarta.jms.MessageFormatException.class, () -> producer.send(null));
        assertThrows(JMSException.class, () -> producer.send(session.createMessage(), 3, 4, 0));
        assertThrows(JMSException.class, () -> producer.send(session.createMessage(), DeliveryMode.PERSISTENT, 10, 0));
        assertThrows(JMSException.class, () -> producer.setPriority(-1));
        assertThrows(JMSException.class, () -> producer.setDeliveryMode(0));
        assertThrows(JMSException.class, () -> producer.setDeliveryDelay(-5));
        assertThrows(IllegalArgumentException.class, () -> producer.send(session.createMessage(),
                (CompletionListener) null));
    }

    /** A TextMessage of some other provider: only the interface, backed by plain fields. */
    private static final class ForeignTextMessage extends ForeignMessageBase implements TextMessage {
        private String text;

        ForeignTextMessage(String text) {
            this.text = text;
        }

        @Override
        public void setText(String string) {
            text = string;
        }

        @Override
        public String getText() {
            return text;
        }
    }
}
