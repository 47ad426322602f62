package io.partita.tck;

import io.partita.jms.PartitaConnectionFactory;
import jakarta.jms.Connection;
import jakarta.jms.IllegalStateException;
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
import org.junit.jupiter.api.DisplayName;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sections 6.2.7 (transactions), 6.2.8 (distributed transactions) and 2.11 (XA interfaces). */
class TransactionsTest {
    private static final AtomicInteger XIDS = new AtomicInteger();

    /** A Xid of this suite's own. */
    private record SuiteXid(int getFormatId, byte[] getGlobalTransactionId, byte[] getBranchQualifier) implements Xid {
        static SuiteXid next() {
            return new SuiteXid(0x54434b, Names.unique("gtrid").getBytes(StandardCharsets.UTF_8),
                    ("b" + XIDS.incrementAndGet()).getBytes(StandardCharsets.UTF_8));
        }
    }

    @Conformance
    @DisplayName("6.2.7 commit makes a transaction's sends visible and its receives acknowledged, together")
    void commit(Target target) throws Exception {
        try (Connection c = new PartitaConnectionFactory(target.url("prefetch=1")).createConnection()) {
            c.start();
            Session tx = c.createSession(true, Session.SESSION_TRANSACTED);
            Session plain = c.createSession(Session.AUTO_ACKNOWLEDGE);
            Queue in = tx.createQueue(Names.unique("tx-in"));
            Queue out = tx.createQueue(Names.unique("tx-out"));
            plain.createProducer(in).send(plain.createTextMessage("request"));
            MessageConsumer consumer = tx.createConsumer(in);
            TextMessage request = (TextMessage) consumer.receive(10_000);
            assertEquals("request", request.getText());
            tx.createProducer(out).send(tx.createTextMessage("reply"));
            MessageConsumer outReader = plain.createConsumer(out);
            assertNull(outReader.receive(300), "a send is invisible until commit");
            tx.commit();
            assertEquals("reply", ((TextMessage) outReader.receive(10_000)).getText());
            consumer.close();
            assertNull(plain.createConsumer(in).receive(300), "the received message was acknowledged by the commit");
        }
    }

    @Conformance
    @DisplayName("6.2.7 rollback discards sends and redelivers received messages with JMSRedelivered set")
    void rollback(Target target) throws Exception {
        try (Connection c = new PartitaConnectionFactory(target.url("prefetch=1")).createConnection()) {
            c.start();
            Session tx = c.createSession(Session.SESSION_TRANSACTED);
            Session plain = c.createSession(Session.AUTO_ACKNOWLEDGE);
            Queue in = tx.createQueue(Names.unique("rb-in"));
            Queue out = tx.createQueue(Names.unique("rb-out"));
            plain.createProducer(in).send(plain.createTextMessage("work"));
            MessageConsumer consumer = tx.createConsumer(in);
            Message first = consumer.receive(10_000);
            assertFalse(first.getJMSRedelivered());
            tx.createProducer(out).send(tx.createTextMessage("discarded"));
            tx.rollback();
            Message again = consumer.receive(10_000);
            assertNotNull(again, "redelivered after rollback");
            assertTrue(again.getJMSRedelivered());
            assertEquals(2, again.getIntProperty("JMSXDeliveryCount"));
            tx.commit();
            assertNull(plain.createConsumer(out).receive(300), "the rolled back send never arrives");
        }
    }

    @Conformance
    @DisplayName("6.2.7 commit and rollback of a non-transacted session throw IllegalStateException; close rolls back")
    void nonTransactedAndClose(Target target) throws Exception {
        try (Connection c = new PartitaConnectionFactory(target.url("prefetch=1")).createConnection()) {
            c.start();
            Session plain = c.createSession(Session.AUTO_ACKNOWLEDGE);
            assertFalse(plain.getTransacted());
            assertThrows(IllegalStateException.class, plain::commit);
            assertThrows(IllegalStateException.class, plain::rollback);
            Session tx = c.createSession(true, 0);
            assertTrue(tx.getTransacted());
            assertEquals(Session.SESSION_TRANSACTED, tx.getAcknowledgeMode());
            assertThrows(IllegalStateException.class, tx::recover);
            Queue q = tx.createQueue(Names.unique("close"));
            tx.createProducer(q).send(tx.createTextMessage("uncommitted"));
            tx.close();
            assertNull(plain.createConsumer(q).receive(300), "closing a transacted session rolls it back");
        }
    }

    @Conformance
    @DisplayName("2.8 a transacted JMSContext commits and rolls back")
    void transactedContext(Target target) throws Exception {
        PartitaConnectionFactory f = new PartitaConnectionFactory(target.url("prefetch=1"));
        try (JMSContext context = f.createContext(JMSContext.SESSION_TRANSACTED)) {
            assertTrue(context.getTransacted());
            Queue q = context.createQueue(Names.unique("ctx"));
            context.createProducer().send(q, "one");
            context.rollback();
            context.createProducer().send(q, "two");
            context.commit();
            assertEquals("two", context.createConsumer(q).receiveBody(String.class, 10_000));
            context.commit();
        }
    }

    @Conformance
    @DisplayName("6.2.8 XA: two-phase and one-phase commit through the XAResource; XASession.commit is refused")
    void xa(Target target) throws Exception {
        PartitaConnectionFactory f = new PartitaConnectionFactory(target.url("prefetch=1"));
        try (XAConnection c = f.createXAConnection(); Connection reader = f.createConnection()) {
            c.start();
            reader.start();
            XASession session = c.createXASession();
            assertTrue(session.getTransacted());
            assertThrows(TransactionInProgressException.class, session::commit);
            XAResource xa = session.getXAResource();
            Queue q = session.createQueue(Names.unique("xa"));
            MessageProducer producer = session.createProducer(q);
            Session plain = reader.createSession();
            MessageConsumer consumer = plain.createConsumer(q);

            Xid twoPhase = SuiteXid.next();
            xa.start(twoPhase, XAResource.TMNOFLAGS);
            producer.send(session.createTextMessage("two-phase"));
            xa.end(twoPhase, XAResource.TMSUCCESS);
            assertEquals(XAResource.XA_OK, xa.prepare(twoPhase));
            assertNull(consumer.receive(300), "invisible while prepared");
            xa.commit(twoPhase, false);
            assertEquals("two-phase", ((TextMessage) consumer.receive(10_000)).getText());

            Xid onePhase = SuiteXid.next();
            xa.start(onePhase, XAResource.TMNOFLAGS);
            producer.send(session.createTextMessage("one-phase"));
            xa.end(onePhase, XAResource.TMSUCCESS);
            xa.commit(onePhase, true);
            assertEquals("one-phase", ((TextMessage) consumer.receive(10_000)).getText());

            Xid rolledBack = SuiteXid.next();
            xa.start(rolledBack, XAResource.TMNOFLAGS);
            producer.send(session.createTextMessage("rolled back"));
            xa.end(rolledBack, XAResource.TMSUCCESS);
            xa.rollback(rolledBack);
            assertNull(consumer.receive(300));
        }
        try (XAJMSContext context = f.createXAContext()) {
            assertThrows(TransactionInProgressRuntimeException.class, context::commit);
            assertNotNull(context.getXAResource());
        }
    }
}
