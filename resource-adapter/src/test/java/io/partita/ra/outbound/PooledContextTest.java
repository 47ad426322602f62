package io.partita.ra.outbound;

import io.partita.ra.TestBroker;
import io.partita.jms.PartitaConnectionFactory;
import jakarta.jms.CompletionListener;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.JMSSecurityRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.resource.spi.ConnectionEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code JMSContext} through the adapter ({@link PooledConnectionFactory#createContext}) against a
 * real broker on 127.0.0.1, with {@link TestPool} playing the server's connection manager and
 * transaction manager: sending and receiving, the methods a container forbids and their exact
 * exceptions, the session mode ignored inside a transaction and refused outside one, the managed
 * connection given back to the pool on close, and nothing of one user left for the next.
 */
@Timeout(120)
class PooledContextTest {
    private static final long WAIT_MS = 30_000;

    @RegisterExtension
    static final TestBroker broker = new TestBroker();

    private TestPool pool;
    private PooledConnectionFactory factory;
    private JMSContext reader;

    @BeforeEach
    void createFactory() throws Exception {
        PartitaManagedConnectionFactory mcf = new PartitaManagedConnectionFactory();
        mcf.setBrokerURL(url());
        pool = new TestPool();
        factory = (PooledConnectionFactory) mcf.createConnectionFactory(pool);
        reader = new PartitaConnectionFactory(url()).createContext();
    }

    @AfterEach
    void closePool() throws Exception {
        reader.close();
        pool.close();
    }

    private static String url() {
        return broker.url();
    }

    private static Queue queue(String prefix) {
        return new io.partita.jms.PartitaQueue(prefix + "-" + UUID.randomUUID());
    }

    /** The body of the next message on {@code queue}, read by a plain (unpooled) context. */
    private String next(JMSConsumer consumer) {
        Message m = consumer.receive(WAIT_MS);
        assertNotNull(m, "no message within " + WAIT_MS + " ms");
        return assertDoesNotThrowBody(m);
    }

    private static String assertDoesNotThrowBody(Message m) {
        try {
            return m.getBody(String.class);
        } catch (jakarta.jms.JMSException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void sendsAndReceivesThroughAPooledConnection() {
        Queue queue = queue("ctx-roundtrip");
        try (JMSContext context = factory.createContext()) {
            assertEquals(JMSContext.AUTO_ACKNOWLEDGE, context.getSessionMode());
            assertFalse(context.getTransacted());
            context.createProducer().setProperty("n", 7).send(queue, "hello");
            JMSConsumer consumer = context.createConsumer(queue);
            Message m = consumer.receive(WAIT_MS);
            assertNotNull(m);
            assertEquals("hello", assertDoesNotThrowBody(m));
            context.createProducer().send(queue, "body");
            assertEquals("body", consumer.receiveBody(String.class, WAIT_MS));
        }
        assertEquals(1, pool.created());
    }

    @Test
    void closeGivesTheConnectionBackToThePool() {
        JMSContext first = factory.createContext();
        first.createProducer().send(queue("ctx-close"), "x");
        assertEquals(0, pool.idle());
        first.close();
        assertEquals(1, pool.events().size());
        assertEquals(ConnectionEvent.CONNECTION_CLOSED, pool.events().get(0).getId());
        assertEquals(1, pool.idle());
        assertThrows(IllegalStateRuntimeException.class, () -> first.createProducer());
        first.close(); // closing twice tells the pool nothing more
        assertEquals(1, pool.events().size());

        try (JMSContext second = factory.createContext(JMSContext.DUPS_OK_ACKNOWLEDGE)) {
            assertEquals(JMSContext.DUPS_OK_ACKNOWLEDGE, second.getSessionMode());
            second.createProducer().send(queue("ctx-close"), "y");
        }
        assertEquals(1, pool.created(), "the second context must reuse the pooled connection");
    }

    @Test
    void nothingOfOneUserReachesTheNext() {
        Queue queue = queue("ctx-leak");
        JMSContext first = factory.createContext();
        JMSConsumer forgotten = first.createConsumer(queue); // left open by the application
        JMSProducer producer = first.createProducer();
        first.close();
        assertThrows(IllegalStateRuntimeException.class, () -> forgotten.receiveNoWait());
        assertThrows(IllegalStateRuntimeException.class, () -> producer.send(queue, "late"));

        try (JMSContext second = factory.createContext()) {
            assertEquals(1, pool.created());
            // the first user's consumer is gone: it neither holds nor takes what arrives now
            second.createProducer().send(queue, "for the next user");
            assertEquals("for the next user", next(second.createConsumer(queue)));
        }
    }

    @Test
    void aContextOutlivingItsDestroyedConnectionStillCloses() throws Exception {
        JMSContext context = factory.createContext();
        JMSConsumer consumer = context.createConsumer(queue("ctx-destroyed"));
        pool.close(); // the server destroys the managed connection (a failure, a shutdown)
        assertThrows(IllegalStateRuntimeException.class, consumer::receiveNoWait);
        context.close();
        assertThrows(IllegalStateRuntimeException.class, context::createProducer);
    }

    @Test
    void methodsAContainerForbidsThrowTheSpecifiedExceptions() {
        Queue queue = queue("ctx-refused");
        try (JMSContext context = factory.createContext()) {
            assertEquals(IllegalStateRuntimeException.class,
                    assertThrows(JMSRuntimeException.class, () -> context.setClientID("x")).getClass());
            assertEquals(IllegalStateRuntimeException.class,
                    assertThrows(JMSRuntimeException.class, () -> context.setExceptionListener(e -> { })).getClass());
            assertEquals(IllegalStateRuntimeException.class,
                    assertThrows(JMSRuntimeException.class, context::stop).getClass());
            JMSRuntimeException second = assertThrows(JMSRuntimeException.class,
                    () -> context.createContext(JMSContext.AUTO_ACKNOWLEDGE));
            assertEquals(JMSRuntimeException.class, second.getClass());
            assertTrue(second.getMessage().contains("createContext"), second.getMessage());
            JMSConsumer consumer = context.createConsumer(queue);
            assertEquals(IllegalStateRuntimeException.class,
                    assertThrows(JMSRuntimeException.class, () -> consumer.setMessageListener(m -> { })).getClass());
            assertEquals(IllegalStateRuntimeException.class, assertThrows(JMSRuntimeException.class,
                    () -> context.createProducer().setAsync(new CompletionListener() {
                        @Override
                        public void onCompletion(Message message) {
                        }

                        @Override
                        public void onException(Message message, Exception exception) {
                        }
                    })).getClass());
            assertNull(context.getExceptionListener());
            // what is allowed still works
            context.createProducer().send(queue, "allowed");
            assertEquals("allowed", next(consumer));
        }
    }

    @Test
    void outsideATransactionOnlyAutoAndDupsOkMayBeAskedFor() {
        for (int mode : new int[] {JMSContext.CLIENT_ACKNOWLEDGE, JMSContext.SESSION_TRANSACTED}) {
            JMSRuntimeException e = assertThrows(JMSRuntimeException.class, () -> factory.createContext(mode));
            assertTrue(e.getMessage().contains("session mode " + mode), e.getMessage());
            // the connection allocated for the refused context went back to the pool
            assertEquals(1, pool.idle());
        }
        assertEquals(1, pool.created());
    }

    @Test
    void insideATransactionTheModeIsIgnoredAndTheTransactionSettlesTheWork() {
        Queue queue = queue("ctx-tx");
        JMSConsumer consumer = reader.createConsumer(queue);

        pool.begin("rolled-back");
        try (JMSContext context = factory.createContext(JMSContext.CLIENT_ACKNOWLEDGE)) {
            assertTrue(context.getTransacted(), "the context must take part in the transaction");
            assertEquals(JMSContext.SESSION_TRANSACTED, context.getSessionMode());
            context.createProducer().send(queue, "rolled back");
            for (Runnable refused : new Runnable[] {context::commit, context::rollback, context::recover,
                    context::acknowledge}) {
                assertEquals(IllegalStateRuntimeException.class,
                        assertThrows(JMSRuntimeException.class, refused::run).getClass());
            }
        }
        assertEquals(0, pool.idle(), "an enlisted connection stays with its transaction until it ends");
        endTransaction(false);
        assertEquals(1, pool.idle());

        pool.begin("committed");
        try (JMSContext context = factory.createContext(JMSContext.SESSION_TRANSACTED)) {
            context.createProducer().send(queue, "committed");
        }
        endTransaction(true);
        // the rolled-back message never shows: the first one there is the committed one
        assertEquals("committed", next(consumer));
        assertEquals(1, pool.created());
    }

    @Test
    void credentialsTheBrokerRefusesFailWithASecurityException() {
        for (Runnable create : new Runnable[] {() -> factory.createContext("alice", "wrong"),
                () -> factory.createContext("alice", "wrong", JMSContext.DUPS_OK_ACKNOWLEDGE)}) {
            JMSSecurityRuntimeException e = assertThrows(JMSSecurityRuntimeException.class, create::run);
            assertTrue(e.getMessage().contains("alice"), e.getMessage());
        }
        try (JMSContext context = factory.createContext()) {
            context.createProducer().send(queue("ctx-user"), "as the default user");
        }
    }

    private void endTransaction(boolean commit) {
        try {
            pool.end(commit);
        } catch (Exception e) {
            throw new AssertionError("ending the transaction failed", e);
        }
    }
}
