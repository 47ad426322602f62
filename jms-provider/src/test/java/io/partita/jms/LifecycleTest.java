package io.partita.jms;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionMetaData;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidClientIDException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.InvalidSelectorException;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueSession;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import jakarta.jms.TopicConnection;
import jakarta.jms.TopicSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Connections and sessions against a real broker: client id rules (section 6.1.2), closed
 * objects (6.1.8, 6.2.15), session modes, the queue and topic domains, temporary destinations
 * and the checks made before a consumer is opened.
 */
@Timeout(120)
class LifecycleTest {
    @TempDir
    Path dir;

    private BrokerFixture broker;
    private PartitaConnectionFactory factory;
    private Connection connection;

    @BeforeEach
    void start() throws Exception {
        broker = new BrokerFixture(dir, 1);
        factory = new PartitaConnectionFactory(broker.url());
        connection = factory.createConnection();
    }

    @AfterEach
    void stop() throws Exception {
        connection.close();
        broker.close();
    }

    @Test
    void clientIdCanBeSetOnceBeforeUse() throws JMSException {
        assertNull(connection.getClientID());
        assertThrows(InvalidClientIDException.class, () -> connection.setClientID(""));
        connection.setClientID("app-1");
        assertEquals("app-1", connection.getClientID());
        IllegalStateException again = assertThrows(IllegalStateException.class, () -> connection.setClientID("b"));
        assertTrue(again.getMessage().contains("app-1"), again.getMessage());
    }

    @Test
    void clientIdCannotBeSetAfterTheConnectionIsUsed() throws JMSException {
        try (Connection c = factory.createConnection()) {
            c.createSession();
            assertThrows(IllegalStateException.class, () -> c.setClientID("late"));
        }
        try (Connection c = factory.createConnection()) {
            c.start();
            assertThrows(IllegalStateException.class, () -> c.setClientID("late"));
        }
    }

    @Test
    void clientIdFromTheUrlIsFixed() throws JMSException {
        try (Connection c = new PartitaConnectionFactory(broker.url() + "?clientId=fixed").createConnection()) {
            assertEquals("fixed", c.getClientID());
            assertThrows(IllegalStateException.class, () -> c.setClientID("other"));
        }
    }

    @Test
    void metaData() throws JMSException {
        ConnectionMetaData md = connection.getMetaData();
        assertEquals("3.0", md.getJMSVersion());
        assertEquals(3, md.getJMSMajorVersion());
        assertEquals(0, md.getJMSMinorVersion());
        assertEquals("Partita", md.getJMSProviderName());
        Set<String> jmsx = Set.copyOf(Collections.list(md.getJMSXPropertyNames()));
        assertTrue(jmsx.containsAll(List.of("JMSXGroupID", "JMSXGroupSeq", "JMSXDeliveryCount")), jmsx.toString());
    }

    @Test
    void closedConnectionRefusesEverythingButClose() throws JMSException {
        Session session = connection.createSession();
        MessageProducer producer = session.createProducer(session.createQueue("q"));
        connection.close();
        connection.close();
        assertThrows(IllegalStateException.class, connection::createSession);
        assertThrows(IllegalStateException.class, connection::start);
        assertThrows(IllegalStateException.class, connection::getClientID);
        assertThrows(IllegalStateException.class, connection::getMetaData);
        assertThrows(IllegalStateException.class, () -> connection.setExceptionListener(e -> { }));
        assertThrows(IllegalStateException.class, session::createMessage);
        assertThrows(IllegalStateException.class,
                () -> producer.send(new io.partita.jms.message.PartitaTextMessage("x")));
    }

    @Test
    void closedSessionAndProducerRefuseUse() throws JMSException {
        Session session = connection.createSession();
        MessageProducer producer = session.createProducer(session.createQueue("q"));
        producer.close();
        producer.close();
        assertThrows(IllegalStateException.class, producer::getDeliveryMode);
        assertThrows(IllegalStateException.class, () -> producer.send(session.createTextMessage("x")));
        session.close();
        session.close();
        assertThrows(IllegalStateException.class, session::createTextMessage);
        assertThrows(IllegalStateException.class, () -> session.createQueue("q"));
        assertThrows(IllegalStateException.class, () -> session.createProducer(null));
        assertThrows(IllegalStateException.class, session::getAcknowledgeMode);
    }

    @Test
    void sessionModes() throws JMSException {
        assertEquals(Session.AUTO_ACKNOWLEDGE, connection.createSession().getAcknowledgeMode());
        assertEquals(Session.CLIENT_ACKNOWLEDGE, connection.createSession(Session.CLIENT_ACKNOWLEDGE)
                .getAcknowledgeMode());
        Session dupsOk = connection.createSession(false, Session.DUPS_OK_ACKNOWLEDGE);
        assertEquals(Session.DUPS_OK_ACKNOWLEDGE, dupsOk.getAcknowledgeMode());
        assertFalse(dupsOk.getTransacted());
        assertThrows(IllegalStateException.class, dupsOk::commit);
        assertThrows(IllegalStateException.class, dupsOk::rollback);
        dupsOk.recover();
        JMSException bad = assertThrows(JMSException.class, () -> connection.createSession(7));
        assertTrue(bad.getMessage().contains("7"), bad.getMessage());
        Session transacted = connection.createSession(true, Session.AUTO_ACKNOWLEDGE);
        assertTrue(transacted.getTransacted());
        assertEquals(Session.SESSION_TRANSACTED, transacted.getAcknowledgeMode());
        assertThrows(IllegalStateException.class, transacted::recover);
        transacted.close();
    }

    @Test
    void queueAndTopicSessionsRefuseTheOtherDomain() throws JMSException {
        QueueSession qs = ((QueueConnection) connection).createQueueSession(false, Session.AUTO_ACKNOWLEDGE);
        Topic topic = new PartitaTopic("t");
        assertThrows(IllegalStateException.class, () -> qs.createTopic("t"));
        assertThrows(IllegalStateException.class, qs::createTemporaryTopic);
        assertThrows(IllegalStateException.class, () -> qs.createDurableSubscriber(topic, "s"));
        assertThrows(IllegalStateException.class, () -> qs.createSharedConsumer(topic, "s"));
        assertThrows(IllegalStateException.class, () -> qs.unsubscribe("s"));
        qs.createSender(qs.createQueue("q")).send(qs.createTextMessage("via queue session"));

        TopicSession ts = ((TopicConnection) connection).createTopicSession(false, Session.AUTO_ACKNOWLEDGE);
        assertThrows(IllegalStateException.class, () -> ts.createQueue("q"));
        assertThrows(IllegalStateException.class, ts::createTemporaryQueue);
        assertThrows(IllegalStateException.class, () -> ts.createBrowser(new PartitaQueue("q")));
        ts.createPublisher(ts.createTopic("t")).publish(ts.createTextMessage("via topic session"));
        assertEquals(1, broker.read("q", 1).size());
        assertEquals(1, broker.read("t", 1).size());
    }

    @Test
    void badDestinationNamesAreInvalidDestinations() throws JMSException {
        Session session = connection.createSession();
        InvalidDestinationException e = assertThrows(InvalidDestinationException.class,
                () -> session.createQueue("has space"));
        assertTrue(e.getMessage().contains("has space"), e.getMessage());
        assertThrows(InvalidDestinationException.class, () -> session.createTopic("__internal"));
        assertThrows(InvalidDestinationException.class, () -> session.createConsumer(null));
    }

    @Test
    void consumerArgumentsAreCheckedBeforeTheBrokerIsAsked() throws JMSException {
        Session session = connection.createSession();
        Queue queue = session.createQueue("q");
        Topic topic = session.createTopic("t");
        InvalidSelectorException selector = assertThrows(InvalidSelectorException.class,
                () -> session.createConsumer(queue, "price >"));
        assertTrue(selector.getMessage().contains("price >"), selector.getMessage());
        assertThrows(IllegalStateException.class, () -> session.createDurableConsumer(topic, "sub"),
                "an unshared durable subscription needs a client id");
        assertThrows(JMSException.class, () -> session.createSharedConsumer(topic, ""));
        assertThrows(InvalidDestinationException.class,
                () -> session.createDurableConsumer(session.createTemporaryTopic(), "sub"));
        try (Connection other = factory.createConnection()) {
            TemporaryQueue foreignTemp = other.createSession().createTemporaryQueue();
            assertThrows(InvalidDestinationException.class, () -> session.createConsumer(foreignTemp));
        }
        session.createConsumer(queue, "price > 5").close();
    }

    @Test
    void temporaryQueueCanBeSentToAndDeleted() throws JMSException {
        Session session = connection.createSession();
        TemporaryQueue temp = session.createTemporaryQueue();
        assertTrue(temp.getQueueName().startsWith("temp-queue."), temp.getQueueName());
        MessageProducer producer = session.createProducer(temp);
        TextMessage request = session.createTextMessage("ping");
        request.setJMSReplyTo(temp);
        producer.send(request);
        PartitaTemporaryQueue replyTo = (PartitaTemporaryQueue)
                broker.read(temp.getQueueName(), 1).get(0).message().getJMSReplyTo();
        assertEquals(temp, replyTo);
        assertThrows(IllegalStateException.class, replyTo::delete, "a copy from a message has no owner");
        temp.delete();
        InvalidDestinationException deleted = assertThrows(InvalidDestinationException.class,
                () -> producer.send(session.createTextMessage("after delete")));
        assertTrue(deleted.getMessage().contains(temp.getQueueName()), deleted.getMessage());
    }

    @Test
    void unreachableBrokerFailsCreateConnection() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        JMSException e = assertThrows(JMSException.class,
                () -> new PartitaConnectionFactory("partita://127.0.0.1:" + port).createConnection());
        assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
    }
}
