package io.partita.jms;

import io.partita.jms.provider.ProviderXid;
import jakarta.jms.Connection;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.TransactionInProgressException;
import jakarta.jms.TransactionInProgressRuntimeException;
import jakarta.jms.XAConnection;
import jakarta.jms.XAJMSContext;
import jakarta.jms.XASession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * XA sessions and contexts (Jakarta Messaging 3.0 sections 6.2.8 and 2.11) against a real broker
 * over TCP: two-phase and one-phase commit, rollback with redelivery, suspend and resume, a
 * read-only branch, the XAException codes of misuse, and a prepared branch recovered and committed
 * after the broker (a child JVM) was killed with SIGKILL.
 */
@Timeout(240)
class XaSessionTest {
    private static final long WAIT_MS = 30_000;
    private static final AtomicInteger IDS = new AtomicInteger();

    @TempDir
    static Path dir;
    @TempDir
    Path data;
    @TempDir
    Path logs;
    private static BrokerFixture broker;
    private static PartitaConnectionFactory factory;

    @BeforeAll
    static void start() throws Exception {
        broker = new BrokerFixture(dir, 1);
        factory = new PartitaConnectionFactory(broker.url() + "?prefetch=1");
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    static Xid xid() {
        int n = IDS.incrementAndGet();
        return new ProviderXid(0x4A4D5358, ("gtrid-" + n + "-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8),
                ("b" + n).getBytes(StandardCharsets.UTF_8));
    }

    private static Queue queue(String prefix) {
        return new PartitaQueue(prefix + "-" + UUID.randomUUID().toString().substring(0, 8));
    }

    private static void sendPlain(PartitaConnectionFactory f, Queue q, String... texts) throws Exception {
        try (Connection c = f.createConnection(); Session s = c.createSession(); MessageProducer p = s.createProducer(q)) {
            for (String t : texts) {
                p.send(s.createTextMessage(t));
            }
        }
    }

    private static List<String> drain(PartitaConnectionFactory f, Queue q) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = f.createConnection()) {
            c.start();
            Session s = c.createSession();
            MessageConsumer consumer = s.createConsumer(q);
            Message m;
            while ((m = consumer.receive(400)) != null) {
                out.add(((TextMessage) m).getText());
            }
        }
        return out;
    }

    private static int code(Executable call) {
        return assertThrows(XAException.class, call).errorCode;
    }

    @Test
    void twoPhaseCommitAppliesSendsAndReceivesTogether() throws Exception {
        Queue in = queue("xa-in");
        Queue out = queue("xa-out");
        sendPlain(factory, in, "order");
        try (XAConnection c = factory.createXAConnection()) {
            c.start();
            XASession session = c.createXASession();
            assertTrue(session.getTransacted());
            assertEquals(Session.SESSION_TRANSACTED, session.getAcknowledgeMode());
            XAResource xa = session.getXAResource();
            MessageConsumer consumer = session.createConsumer(in);
            MessageProducer producer = session.createProducer(out);
            Xid xid = xid();
            xa.start(xid, XAResource.TMNOFLAGS);
            TextMessage m = (TextMessage) consumer.receive(WAIT_MS);
            assertNotNull(m);
            producer.send(session.createTextMessage("shipped " + m.getText()));
            xa.end(xid, XAResource.TMSUCCESS);
            assertEquals(XAResource.XA_OK, xa.prepare(xid));
            assertTrue(Arrays.asList(xa.recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN)).contains(xid));
            assertEquals(List.of(), drain(factory, out), "nothing visible while prepared");
            assertEquals(List.of(), drain(factory, in), "the received message stays held by the branch");
            xa.commit(xid, false);
            assertEquals(List.of("shipped order"), drain(factory, out));
            assertEquals(List.of(), drain(factory, in));
            assertFalse(Arrays.asList(xa.recover(XAResource.TMSTARTRSCAN)).contains(xid));
        }
    }

    @Test
    void rollbackDiscardsSendsAndRedeliversAndOnePhaseCommitWorks() throws Exception {
        Queue in = queue("xa-rb-in");
        Queue out = queue("xa-rb-out");
        sendPlain(factory, in, "job");
        try (XAConnection c = factory.createXAConnection()) {
            c.start();
            XASession session = c.createXASession();
            XAResource xa = session.getXAResource();
            MessageConsumer consumer = session.createConsumer(in);
            MessageProducer producer = session.createProducer(out);
            Xid first = xid();
            xa.start(first, XAResource.TMNOFLAGS);
            assertNotNull(consumer.receive(WAIT_MS));
            producer.send(session.createTextMessage("discarded"));
            xa.end(first, XAResource.TMSUCCESS);
            xa.rollback(first);

            Xid second = xid();
            xa.start(second, XAResource.TMNOFLAGS);
            Message again = consumer.receive(WAIT_MS);
            assertNotNull(again);
            assertTrue(again.getJMSRedelivered());
            assertEquals(2, again.getIntProperty("JMSXDeliveryCount"));
            producer.send(session.createTextMessage("kept"));
            xa.end(second, XAResource.TMSUSPEND);
            xa.start(second, XAResource.TMRESUME);
            producer.send(session.createTextMessage("kept too"));
            xa.end(second, XAResource.TMSUCCESS);
            xa.commit(second, true);
            assertEquals(List.of("kept", "kept too"), drain(factory, out));
            assertEquals(List.of(), drain(factory, in));
        }
    }

    /**
     * An application server starts the branch in the listener (beforeDelivery) and ends it there
     * (afterDelivery): the message belongs to that branch, so a rollback delivers it again and a
     * commit consumes it.
     */
    @Test
    void aListenerThatBeginsAndEndsTheBranchReceivesInIt() throws Exception {
        Queue in = queue("xa-listener");
        sendPlain(factory, in, "first");
        java.util.concurrent.BlockingQueue<String> seen = new java.util.concurrent.LinkedBlockingQueue<>();
        try (XAConnection c = factory.createXAConnection()) {
            XASession session = c.createXASession();
            XAResource xa = session.getXAResource();
            session.createConsumer(in).setMessageListener(m -> {
                Xid xid = xid();
                try {
                    xa.start(xid, XAResource.TMNOFLAGS);
                    boolean redelivered = m.getJMSRedelivered();
                    seen.add(((TextMessage) m).getText() + "/" + m.getIntProperty("JMSXDeliveryCount"));
                    xa.end(xid, XAResource.TMSUCCESS);
                    if (redelivered) {
                        xa.commit(xid, true);
                    } else {
                        xa.rollback(xid);
                    }
                } catch (Exception e) {
                    seen.add("failed: " + e);
                }
            });
            c.start();
            assertEquals("first/1", seen.poll(WAIT_MS, java.util.concurrent.TimeUnit.MILLISECONDS));
            assertEquals("first/2", seen.poll(WAIT_MS, java.util.concurrent.TimeUnit.MILLISECONDS));
        }
        assertEquals(List.of(), drain(factory, in), "committed with the second branch");
        assertEquals(List.of(), new ArrayList<>(seen));
    }

    @Test
    void outsideABranchAnXaSessionSendsAndAcknowledgesAtOnce() throws Exception {
        Queue q = queue("xa-local");
        try (XAConnection c = factory.createXAConnection()) {
            c.start();
            XASession session = c.createXASession();
            session.createProducer(q).send(session.createTextMessage("now"));
            assertEquals("now", ((TextMessage) session.createConsumer(q).receive(WAIT_MS)).getText());
            assertThrows(TransactionInProgressException.class, session::commit);
            assertThrows(TransactionInProgressException.class, session::rollback);
        }
        assertEquals(List.of(), drain(factory, q));
    }

    @Test
    void readOnlyBranchAndMisuseCodes() throws Exception {
        try (XAConnection c = factory.createXAConnection(); XAConnection other = factory.createXAConnection()) {
            XASession session = c.createXASession();
            XAResource xa = session.getXAResource();
            XAResource xa2 = other.createXASession().getXAResource();
            assertTrue(xa.isSameRM(xa));
            assertFalse(xa.isSameRM(xa2), "a branch cannot be joined from another resource");
            assertEquals(0, xa.getTransactionTimeout());
            assertTrue(xa.setTransactionTimeout(30));
            assertEquals(30, xa.getTransactionTimeout());
            assertEquals(XAException.XAER_INVAL, code(() -> xa.setTransactionTimeout(-1)));

            Xid readOnly = xid();
            xa.start(readOnly, XAResource.TMNOFLAGS);
            xa.end(readOnly, XAResource.TMSUCCESS);
            assertEquals(XAResource.XA_RDONLY, xa.prepare(readOnly));
            assertEquals(XAException.XAER_NOTA, code(() -> xa.commit(readOnly, false)), "read-only is complete");

            Xid x = xid();
            xa.start(x, XAResource.TMNOFLAGS);
            assertEquals(XAException.XAER_PROTO, code(() -> xa.start(xid(), XAResource.TMNOFLAGS)),
                    "already associated");
            assertEquals(XAException.XAER_PROTO, code(() -> xa.prepare(x)), "prepare while associated");
            assertEquals(XAException.XAER_INVAL, code(() -> xa.end(x, XAResource.TMSTARTRSCAN)));
            session.createProducer(queue("xa-codes")).send(session.createTextMessage("m"));
            xa.end(x, XAResource.TMSUCCESS);
            assertEquals(XAException.XAER_DUPID, code(() -> xa.start(x, XAResource.TMNOFLAGS)));
            assertEquals(XAException.XAER_PROTO, code(() -> xa.commit(x, false)), "two-phase commit before prepare");
            assertEquals(XAResource.XA_OK, xa.prepare(x));
            assertEquals(XAException.XAER_PROTO, code(() -> xa.commit(x, true)), "one-phase commit of a prepared branch");
            assertEquals(XAException.XAER_PROTO, code(() -> xa.forget(x)), "nothing was heuristically completed");
            xa2.commit(x, false); // completion works from any resource
            assertEquals(XAException.XAER_NOTA, code(() -> xa.commit(x, false)));
            assertEquals(XAException.XAER_NOTA, code(() -> xa.rollback(xid())));
            assertEquals(XAException.XAER_NOTA, code(() -> xa.forget(xid())));
            assertEquals(XAException.XAER_NOTA, code(() -> xa2.start(xid(), XAResource.TMJOIN)),
                    "joining a branch this resource did not start");
            assertEquals(XAException.XAER_INVAL, code(() -> xa.recover(XAResource.TMSUCCESS)));
            assertEquals(XAException.XAER_INVAL, code(() -> xa.start(null, XAResource.TMNOFLAGS)));
            assertEquals(0, xa.recover(XAResource.TMENDRSCAN).length, "a scan without TMSTARTRSCAN lists nothing");
        }
    }

    @Test
    void xaContextSendsInTheBranch() throws Exception {
        Queue q = queue("xa-ctx");
        try (XAJMSContext context = factory.createXAContext()) {
            assertTrue(context.getTransacted());
            assertEquals(JMSContext.SESSION_TRANSACTED, context.getSessionMode());
            assertThrows(TransactionInProgressRuntimeException.class, context::commit);
            assertThrows(TransactionInProgressRuntimeException.class, context::rollback);
            XAResource xa = context.getXAResource();
            Xid x = xid();
            xa.start(x, XAResource.TMNOFLAGS);
            context.getContext().createProducer().send(q, "from a context");
            xa.end(x, XAResource.TMSUCCESS);
            assertEquals(List.of(), drain(factory, q));
            xa.commit(x, true);
        }
        assertEquals(List.of("from a context"), drain(factory, q));
    }

    @Test
    void preparedBranchSurvivesBrokerSigkillAndCommitsAfterRecover() throws Exception {
        int port = ChildJvm.freePort();
        PartitaConnectionFactory f = new PartitaConnectionFactory("partita://127.0.0.1:" + port + "?prefetch=1");
        Queue in = new PartitaQueue("recover-in");
        Queue out = new PartitaQueue("recover-out");
        Process child = ChildJvm.startBroker(port, data, logs.resolve("broker.log"));
        try {
            ChildJvm.awaitListening(child, port);
            sendPlain(f, in, "a", "b");
            Xid xid = xid();
            try (XAConnection c = f.createXAConnection()) {
                c.start();
                XASession session = c.createXASession();
                XAResource xa = session.getXAResource();
                MessageConsumer consumer = session.createConsumer(in);
                xa.start(xid, XAResource.TMNOFLAGS);
                assertEquals("a", ((TextMessage) consumer.receive(WAIT_MS)).getText());
                session.createProducer(out).send(session.createTextMessage("done a"));
                xa.end(xid, XAResource.TMSUCCESS);
                assertEquals(XAResource.XA_OK, xa.prepare(xid));
                ChildJvm.kill(child);
            }
            child = ChildJvm.startBroker(port, data, logs.resolve("broker.log"));
            ChildJvm.awaitListening(child, port);
            try (XAConnection c = f.createXAConnection()) {
                XAResource xa = c.createXASession().getXAResource();
                List<Xid> inDoubt = Arrays.asList(xa.recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN));
                assertEquals(List.of(xid), inDoubt);
                assertEquals(List.of("b"), drain(f, in), "the prepared branch still holds 'a'");
                assertEquals(List.of(), drain(f, out));
                xa.commit(inDoubt.get(0), false);
            }
            assertEquals(List.of("done a"), drain(f, out));
            assertEquals(List.of(), drain(f, in), "'a' was accepted by the commit, 'b' by the drain");
        } finally {
            ChildJvm.kill(child);
        }
    }
}
