package io.partita.tck;

import io.partita.jms.PartitaConnectionFactory;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionMetaData;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidClientIDException;
import jakarta.jms.InvalidClientIDRuntimeException;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.JMSSecurityRuntimeException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import org.junit.jupiter.api.DisplayName;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Chapter 6.1: connections. */
class ConnectionsTest {

    @Conformance
    @DisplayName("6.1 a connection factory authenticates the user it is given, at connection creation")
    void authentication(Target target) throws Exception {
        PartitaConnectionFactory anonymous = new PartitaConnectionFactory(target.anonymousUrl(""));
        try (Connection c = anonymous.createConnection(SuiteUsers.USER, SuiteUsers.PASSWORD)) {
            c.createSession().close();
        }
        try (JMSContext c = anonymous.createContext(SuiteUsers.USER, SuiteUsers.PASSWORD)) {
            c.createProducer().send(c.createQueue(Names.unique("auth")), "authenticated");
        }
        assertThrows(JMSSecurityException.class, () -> anonymous.createConnection(SuiteUsers.USER, "not-it"));
        assertThrows(JMSSecurityException.class, () -> anonymous.createConnection("nobody", SuiteUsers.PASSWORD));
        assertThrows(JMSSecurityException.class, anonymous::createConnection);
        assertThrows(JMSSecurityRuntimeException.class, anonymous::createContext);
        assertThrows(JMSSecurityRuntimeException.class,
                () -> anonymous.createContext(SuiteUsers.USER, "not-it", JMSContext.CLIENT_ACKNOWLEDGE));
    }

    @Conformance
    @DisplayName("6.1.2 the client id may be set once, before the connection is used")
    void clientIdRules(Target target) throws Exception {
        try (Connection c = new PartitaConnectionFactory(target.url("")).createConnection()) {
            assertThrows(InvalidClientIDException.class, () -> c.setClientID(""));
            c.setClientID("conformance");
            assertEquals("conformance", c.getClientID());
            assertThrows(IllegalStateException.class, () -> c.setClientID("again"));
        }
        try (Connection c = new PartitaConnectionFactory(target.url("clientId=fixed")).createConnection()) {
            assertThrows(IllegalStateException.class, () -> c.setClientID("other"));
        }
    }

    @Conformance
    @DisplayName("6.1.2 a client id in use by another connection is refused, set or configured, until that connection closes")
    void clientIdInUse(Target target) throws Exception {
        String id = Names.unique("client");
        PartitaConnectionFactory configured = new PartitaConnectionFactory(target.url("clientId=" + id));
        try (Connection holder = new PartitaConnectionFactory(target.url("")).createConnection();
             Connection other = new PartitaConnectionFactory(target.url("")).createConnection()) {
            holder.setClientID(id);
            assertThrows(InvalidClientIDException.class, () -> other.setClientID(id));
            assertThrows(InvalidClientIDException.class, configured::createConnection);
            assertThrows(InvalidClientIDRuntimeException.class, configured::createContext);
            try (JMSContext context = new PartitaConnectionFactory(target.url("")).createContext()) {
                assertThrows(InvalidClientIDRuntimeException.class, () -> context.setClientID(id));
            }
        }
        try (Connection again = configured.createConnection()) {
            assertEquals(id, again.getClientID());
        }
    }

    @Conformance
    @DisplayName("6.1.4-6.1.5 a connection delivers nothing until started and nothing while stopped")
    void startAndStop(Target target) throws Exception {
        try (Connection c = new PartitaConnectionFactory(target.url("")).createConnection()) {
            Session s = c.createSession();
            Queue q = s.createQueue(Names.unique("startstop"));
            s.createProducer(q).send(s.createTextMessage("x"));
            MessageConsumer consumer = s.createConsumer(q);
            assertNull(consumer.receive(200));
            c.start();
            assertNotNull(consumer.receive(10_000));
            c.stop();
            s.createProducer(q).send(s.createTextMessage("y"));
            assertNull(consumer.receive(200));
            c.start();
            assertNotNull(consumer.receive(10_000));
        }
    }

    @Conformance
    @DisplayName("6.1.8 closing a connection closes its sessions; a closed connection refuses calls")
    void closeClosesEverything(Target target) throws Exception {
        Connection c = new PartitaConnectionFactory(target.url("")).createConnection();
        Session s = c.createSession();
        ConnectionMetaData meta = c.getMetaData();
        assertEquals(3, meta.getJMSMajorVersion());
        c.close();
        c.close();
        assertThrows(IllegalStateException.class, s::createMessage);
        assertThrows(IllegalStateException.class, c::createSession);
    }
}
