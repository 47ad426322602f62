package io.partita.jms;

import jakarta.jms.Connection;
import jakarta.jms.IllegalStateException;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@link PartitaJMSContext#over}: contexts over an existing connection or session, and who closes what. */
@Timeout(120)
class ContextOverConnectionTest {
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

    private static String unique(String prefix) {
        return prefix + "-" + java.util.UUID.randomUUID();
    }

    @Test
    void contextOverABorrowedConnectionLeavesItOpen() throws Exception {
        try (Connection connection = factory.createConnection()) {
            Queue queue;
            try (JMSContext context = PartitaJMSContext.over((PartitaConnection) connection,
                    JMSContext.CLIENT_ACKNOWLEDGE, false)) {
                assertEquals(JMSContext.CLIENT_ACKNOWLEDGE, context.getSessionMode());
                queue = context.createQueue(unique("borrowed"));
                context.createProducer().send(queue, "one");
                JMSContext second = context.createContext(JMSContext.AUTO_ACKNOWLEDGE);
                second.close();
            }
            // the connection is still usable after the contexts closed
            Session session = connection.createSession();
            connection.start();
            jakarta.jms.TextMessage m = (jakarta.jms.TextMessage) session.createConsumer(queue).receive(30_000);
            assertEquals("one", m.getText());
        }
    }

    @Test
    void contextOwningItsConnectionClosesIt() throws Exception {
        Connection connection = factory.createConnection();
        JMSContext context = PartitaJMSContext.over((PartitaConnection) connection, JMSContext.AUTO_ACKNOWLEDGE, true);
        context.createProducer().send(context.createQueue(unique("owned")), "x");
        context.close();
        assertThrows(IllegalStateException.class, connection::createSession);
    }

    @Test
    void contextOverASessionUsesItsModeAndClosesOnlyWhatItOwns() throws Exception {
        try (Connection connection = factory.createConnection()) {
            Session session = connection.createSession(Session.DUPS_OK_ACKNOWLEDGE);
            JMSContext borrowed = PartitaJMSContext.over((PartitaSession) session, false, false);
            assertEquals(JMSContext.DUPS_OK_ACKNOWLEDGE, borrowed.getSessionMode());
            Queue queue = borrowed.createQueue(unique("session"));
            borrowed.createProducer().send(queue, "kept");
            borrowed.close();
            session.createProducer(queue).send(session.createTextMessage("still open"));

            JMSContext owning = PartitaJMSContext.over((PartitaSession) session, true, false);
            owning.close();
            assertThrows(IllegalStateException.class, () -> session.createProducer(queue));
            connection.createSession().close();   // the connection was not owned
        }
    }

    @Test
    void badModesAndClosedConnectionsAreRefused() throws Exception {
        Connection connection = factory.createConnection();
        PartitaConnection pc = (PartitaConnection) connection;
        JMSRuntimeException bad = assertThrows(JMSRuntimeException.class, () -> PartitaJMSContext.over(pc, 7, false));
        assertEquals(true, bad.getMessage().contains("7"), bad.getMessage());
        connection.close();
        assertThrows(IllegalStateRuntimeException.class,
                () -> PartitaJMSContext.over(pc, JMSContext.AUTO_ACKNOWLEDGE, false));
    }
}
