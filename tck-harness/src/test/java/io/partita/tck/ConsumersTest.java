package io.partita.tck;

import io.partita.jms.PartitaConnectionFactory;
import jakarta.jms.Connection;
import jakarta.jms.IllegalStateException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import org.junit.jupiter.api.DisplayName;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Chapter 8: receiving messages. */
class ConsumersTest {

    @Conformance
    @DisplayName("8.2 synchronous receive waits, times out and returns null when nothing comes")
    void synchronousReceive(Target target) throws Exception {
        try (Connection c = new PartitaConnectionFactory(target.url("")).createConnection()) {
            c.start();
            Session s = c.createSession();
            Queue q = s.createQueue(Names.unique("sync"));
            MessageConsumer consumer = s.createConsumer(q);
            assertNull(consumer.receiveNoWait());
            assertNull(consumer.receive(100));
            s.createProducer(q).send(s.createTextMessage("x"));
            assertEquals("x", ((TextMessage) consumer.receive(10_000)).getText());
            consumer.close();
            assertThrows(IllegalStateException.class, consumer::receiveNoWait);
        }
    }

    @Conformance
    @DisplayName("8.7 a message listener receives in order on one thread; receive is then refused")
    void asynchronousDelivery(Target target) throws Exception {
        try (Connection c = new PartitaConnectionFactory(target.url("")).createConnection()) {
            Session s = c.createSession();
            Queue q = s.createQueue(Names.unique("async"));
            MessageConsumer consumer = s.createConsumer(q);
            List<String> got = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch done = new CountDownLatch(5);
            consumer.setMessageListener(m -> {
                try {
                    got.add(((TextMessage) m).getText());
                } catch (Exception e) {
                    got.add(e.toString());
                }
                done.countDown();
            });
            assertThrows(IllegalStateException.class, consumer::receiveNoWait);
            for (int i = 0; i < 5; i++) {
                s.createProducer(q).send(s.createTextMessage("m" + i));
            }
            c.start();
            assertTrue(done.await(30, TimeUnit.SECONDS));
            assertEquals(List.of("m0", "m1", "m2", "m3", "m4"), got);
        }
    }

    @Conformance
    @DisplayName("8.8 closing a consumer returns its unacknowledged messages to the queue")
    void closeReleases(Target target) throws Exception {
        try (Connection c = new PartitaConnectionFactory(target.url("")).createConnection()) {
            c.start();
            Session s = c.createSession(Session.CLIENT_ACKNOWLEDGE);
            Queue q = s.createQueue(Names.unique("release"));
            s.createProducer(q).send(s.createTextMessage("x"));
            MessageConsumer first = s.createConsumer(q);
            first.receive(10_000);
            first.close();
            Message again = s.createConsumer(q).receive(10_000);
            assertTrue(again.getJMSRedelivered());
            again.acknowledge();
        }
    }
    @Conformance
    @DisplayName("8.3.1 a noLocal topic consumer gets nothing its own connection published, message ids disabled or not")
    void noLocal(Target target) throws Exception {
        try (Connection mine = new PartitaConnectionFactory(target.url("")).createConnection();
             Connection theirs = new PartitaConnectionFactory(target.url("")).createConnection()) {
            mine.start();
            Session s = mine.createSession();
            Topic t = s.createTopic(Names.unique("nolocal"));
            MessageConsumer noLocal = s.createConsumer(t, null, true);
            MessageProducer own = s.createProducer(t);
            own.send(s.createTextMessage("own, with id"));
            own.setDisableMessageID(true);
            own.send(s.createTextMessage("own, without id"));
            Session other = theirs.createSession();
            MessageProducer foreign = other.createProducer(t);
            foreign.setDisableMessageID(true);
            foreign.send(other.createTextMessage("foreign"));
            assertEquals("foreign", ((TextMessage) noLocal.receive(10_000)).getText());
            assertNull(noLocal.receive(300));
            assertTrue(((jakarta.jms.TopicSubscriber) noLocal).getNoLocal());
        }
    }
}
