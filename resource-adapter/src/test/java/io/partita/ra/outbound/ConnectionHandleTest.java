package io.partita.ra.outbound;

import io.partita.ra.TestBroker;
import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TransactionInProgressException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rules of connection handles (Jakarta Messaging 3.0 section 12) and the pool contract of
 * {@link PartitaManagedConnection}, against a real broker on 127.0.0.1. The test plays the
 * server's part: it creates managed connections and hands out handles as a pool would.
 */
@Timeout(120)
class ConnectionHandleTest {
    @RegisterExtension
    static final TestBroker broker = new TestBroker();

    private final List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
    private PartitaManagedConnection managed;
    private Queue queue;

    @BeforeEach
    void createManagedConnection() throws Exception {
        PartitaManagedConnectionFactory factory = new PartitaManagedConnectionFactory();
        factory.setBrokerURL(broker.url());
        managed = (PartitaManagedConnection) factory.createManagedConnection(null, ConnectionRequest.DEFAULT);
        managed.addConnectionEventListener(new ConnectionEventListener() {
            @Override
            public void connectionClosed(ConnectionEvent event) {
                events.add(event);
            }

            @Override
            public void localTransactionStarted(ConnectionEvent event) {
                events.add(event);
            }

            @Override
            public void localTransactionCommitted(ConnectionEvent event) {
                events.add(event);
            }

            @Override
            public void localTransactionRolledback(ConnectionEvent event) {
                events.add(event);
            }

            @Override
            public void connectionErrorOccurred(ConnectionEvent event) {
                events.add(event);
            }
        });
        queue = new io.partita.jms.PartitaQueue("orders");
    }

    @AfterEach
    void destroy() throws Exception {
        managed.destroy();
    }

    private Connection handle() throws Exception {
        return (Connection) managed.getConnection(null, ConnectionRequest.DEFAULT);
    }

    @Test
    void forbiddenConnectionMethodsThrowIllegalState() throws Exception {
        Connection c = handle();
        assertThrows(jakarta.jms.IllegalStateException.class, () -> c.setClientID("x"));
        assertThrows(jakarta.jms.IllegalStateException.class, () -> c.setExceptionListener(e -> { }));
        assertThrows(jakarta.jms.IllegalStateException.class, c::stop);
        assertThrows(jakarta.jms.IllegalStateException.class, () -> c.createConnectionConsumer(queue, null, null, 1));
        assertNull(c.getExceptionListener());
        c.start();
    }

    @Test
    void oneSessionPerConnection() throws Exception {
        Connection c = handle();
        Session s = c.createSession();
        assertThrows(jakarta.jms.IllegalStateException.class, c::createSession);
        s.close();
        c.createSession(false, Session.DUPS_OK_ACKNOWLEDGE).close();
    }

    @Test
    void outsideATransactionOnlyAutoAndDupsOkMayBeAskedFor() throws Exception {
        Connection c = handle();
        JMSException e = assertThrows(JMSException.class, () -> c.createSession(Session.CLIENT_ACKNOWLEDGE));
        assertTrue(e.getMessage().contains("session mode 2"), e.getMessage());
        assertThrows(JMSException.class, () -> c.createSession(true, Session.AUTO_ACKNOWLEDGE));
    }

    @Test
    void forbiddenSessionAndProducerMethodsThrowIllegalState() throws Exception {
        Connection c = handle();
        Session s = c.createSession();
        assertThrows(jakarta.jms.IllegalStateException.class, () -> s.setMessageListener(m -> { }));
        assertThrows(jakarta.jms.IllegalStateException.class, s::getMessageListener);
        assertThrows(IllegalStateRuntimeException.class, s::run);
        MessageProducer p = s.createProducer(queue);
        assertThrows(jakarta.jms.IllegalStateException.class, () -> p.send(s.createTextMessage("x"),
                new CompletionListener() {
                    @Override
                    public void onCompletion(Message message) {
                    }

                    @Override
                    public void onException(Message message, Exception exception) {
                    }
                }));
        p.send(s.createTextMessage("sent through a handle")); // what is allowed still works
    }

    @Test
    void closingAHandleTellsThePoolAndClosesItsObjects() throws Exception {
        Connection c = handle();
        Session s = c.createSession();
        MessageProducer p = s.createProducer(queue);
        c.close();
        assertEquals(1, events.size());
        assertEquals(ConnectionEvent.CONNECTION_CLOSED, events.get(0).getId());
        assertSame(c, events.get(0).getConnectionHandle());
        assertThrows(jakarta.jms.IllegalStateException.class, () -> p.send(s.createTextMessage("x")));
        assertThrows(jakarta.jms.IllegalStateException.class, c::createSession);
        c.close(); // closing twice is allowed and tells the pool nothing more
        assertEquals(1, events.size());
    }

    @Test
    void cleanupInvalidatesHandlesSoNothingLeaksToTheNextUser() throws Exception {
        Connection first = handle();
        Session s = first.createSession();
        MessageProducer p = s.createProducer(queue);
        managed.cleanup();
        assertThrows(jakarta.jms.IllegalStateException.class, () -> p.send(s.createTextMessage("x")));
        assertThrows(jakarta.jms.IllegalStateException.class, first::createSession);

        Connection next = handle();
        Session fresh = next.createSession(); // the previous user's open session is gone
        fresh.createProducer(queue).send(fresh.createTextMessage("next user"));
        next.close();
    }

    @Test
    void aLocalTransactionMakesTheSessionIgnoreItsArguments() throws Exception {
        Connection c = handle();
        managed.getLocalTransaction().begin();
        // inside the transaction the handle asks for a transacted session whatever the application passed
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        assertTrue(s.getTransacted(), "a session created inside a local transaction must be transacted");
        s.close();
        managed.getLocalTransaction().rollback();
        c.createSession().close();
    }

    @Test
    void aProviderFailureIsReportedToThePool() throws Exception {
        Connection c = handle();
        c.createSession().close();
        managed.fail(new JMSException("connection lost"));
        assertEquals(ConnectionEvent.CONNECTION_ERROR_OCCURRED, events.get(events.size() - 1).getId());
        assertThrows(jakarta.jms.IllegalStateException.class, c::createSession);
    }

    @Test
    void managedTransactionSessionsRefuseCommit() throws Exception {
        assertThrows(TransactionInProgressException.class, () -> {
            Connection c = handle();
            Session physical = managed.physical().createSession();
            Session s = SessionHandle.create(Session.class, physical, (ConnectionHandle) c, true);
            s.commit();
        });
    }

    /** A plain {@code Xid} for the test's own branches. */
    private record TestXid(int getFormatId, byte[] getGlobalTransactionId, byte[] getBranchQualifier)
            implements javax.transaction.xa.Xid {
    }

    @Test
    void aConnectionFirstUsedOutsideATransactionCanLaterBeEnlisted() throws Exception {
        // a pool may hand the connection out without a transaction first (no XAResource asked for) ...
        Connection c = handle();
        Session s = c.createSession();
        s.createProducer(new io.partita.jms.PartitaQueue("enlisted-later")).send(s.createTextMessage("plain"));
        c.close();
        managed.cleanup();
        // ... and enlist it in a transaction for a later user
        javax.transaction.xa.XAResource xa = managed.getXAResource();
        javax.transaction.xa.Xid xid = new TestXid(7, "enlisted-later".getBytes(), new byte[] {1});
        xa.start(xid, javax.transaction.xa.XAResource.TMNOFLAGS);
        Connection second = handle();
        Session inTx = second.createSession();
        inTx.createProducer(new io.partita.jms.PartitaQueue("enlisted-later")).send(inTx.createTextMessage("in-xa"));
        second.close();
        xa.end(xid, javax.transaction.xa.XAResource.TMSUCCESS);
        assertEquals(javax.transaction.xa.XAResource.XA_OK, xa.prepare(xid));
        xa.commit(xid, false);
        try (jakarta.jms.JMSContext context = new io.partita.jms.PartitaConnectionFactory(
                broker.url()).createContext()) {
            jakarta.jms.JMSConsumer consumer = context.createConsumer(context.createQueue("enlisted-later"));
            List<String> got = new java.util.ArrayList<>();
            for (int i = 0; i < 2; i++) {
                jakarta.jms.Message m = consumer.receive(30_000);
                assertTrue(m != null, "received only " + got);
                got.add(m.getBody(String.class));
            }
            assertEquals(java.util.Set.of("plain", "in-xa"), java.util.Set.copyOf(got));
        }
    }
}
