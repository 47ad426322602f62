package io.partita.tck;

import io.partita.jms.PartitaConnectionFactory;
import jakarta.jms.Connection;
import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSException;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueSession;
import jakarta.jms.Session;
import org.junit.jupiter.api.DisplayName;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Chapter 6.2: sessions. */
class SessionsTest {

    @Conformance
    @DisplayName("6.2 a session reports its mode; commit and rollback belong to transacted sessions")
    void modes(Target target) throws Exception {
        try (Connection c = new PartitaConnectionFactory(target.url("")).createConnection()) {
            Session s = c.createSession(Session.CLIENT_ACKNOWLEDGE);
            assertEquals(Session.CLIENT_ACKNOWLEDGE, s.getAcknowledgeMode());
            assertFalse(s.getTransacted());
            assertThrows(IllegalStateException.class, s::commit);
            assertThrows(IllegalStateException.class, s::rollback);
            assertThrows(JMSException.class, () -> c.createSession(99));
        }
    }

    @Conformance
    @DisplayName("2.9 a QueueSession refuses the topic methods")
    void legacyDomains(Target target) throws Exception {
        try (QueueConnection c = new PartitaConnectionFactory(target.url("")).createQueueConnection()) {
            QueueSession s = c.createQueueSession(false, Session.AUTO_ACKNOWLEDGE);
            assertThrows(IllegalStateException.class, () -> s.createTopic("t"));
            assertThrows(IllegalStateException.class, () -> s.unsubscribe("x"));
        }
    }
}
