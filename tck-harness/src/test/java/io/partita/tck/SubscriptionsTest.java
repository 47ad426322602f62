package io.partita.tck;

import io.partita.jms.PartitaConnectionFactory;
import jakarta.jms.InvalidDestinationRuntimeException;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Topic;
import org.junit.jupiter.api.DisplayName;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Section 6.11: topic subscriptions. */
class SubscriptionsTest {

    @Conformance
    @DisplayName("6.11.1 a non-durable subscription gets what is published after it is created")
    void nonDurable(Target target) {
        try (JMSContext c = new PartitaConnectionFactory(target.url("")).createContext()) {
            Topic t = c.createTopic(Names.unique("nondurable"));
            c.createProducer().send(t, "before");
            JMSConsumer sub = c.createConsumer(t);
            c.createProducer().send(t, "after");
            assertEquals("after", sub.receiveBody(String.class, 10_000));
            assertNull(sub.receiveBody(String.class, 200));
        }
    }

    @Conformance
    @DisplayName("6.11.3 a durable subscription keeps messages while no consumer is active; unsubscribe removes it")
    void durable(Target target) {
        String name = Names.unique("durable");
        PartitaConnectionFactory cf = new PartitaConnectionFactory(target.url("clientId=" + name));
        Topic t;
        try (JMSContext c = cf.createContext()) {
            t = c.createTopic(name);
            JMSConsumer sub = c.createDurableConsumer(t, "sub");
            assertThrows(JMSRuntimeException.class, () -> c.unsubscribe("sub"), "in use");
            sub.close();
            c.createProducer().send(t, "kept");
        }
        try (JMSContext c = cf.createContext()) {
            JMSConsumer sub = c.createDurableConsumer(t, "sub");
            assertEquals("kept", sub.receiveBody(String.class, 10_000));
            sub.close();
            c.unsubscribe("sub");
            assertThrows(InvalidDestinationRuntimeException.class, () -> c.unsubscribe("sub"));
        }
    }

    @Conformance
    @DisplayName("6.11.2, 6.11.4 consumers of a shared subscription divide its messages")
    void shared(Target target) {
        try (JMSContext a = new PartitaConnectionFactory(target.url("")).createContext();
             JMSContext b = new PartitaConnectionFactory(target.url("")).createContext()) {
            Topic t = a.createTopic(Names.unique("shared"));
            JMSConsumer ca = a.createSharedDurableConsumer(t, "workers");
            JMSConsumer cb = b.createSharedDurableConsumer(t, "workers");
            a.createProducer().send(t, "one").send(t, "two");
            int got = 0;
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (got < 2 && System.nanoTime() < deadline) {
                got += (ca.receiveBody(String.class, 20) != null ? 1 : 0) + (cb.receiveBody(String.class, 20) != null ? 1 : 0);
            }
            assertEquals(2, got);
            assertNull(ca.receiveBody(String.class, 100));
            assertNull(cb.receiveBody(String.class, 100));
            ca.close();
            cb.close();
            a.unsubscribe("workers");
        }
    }
    @Conformance
    @DisplayName("6.11.3, 8.3.2 a noLocal durable subscription keeps nothing published with its client id; changing noLocal replaces it")
    void durableNoLocal(Target target) {
        String name = Names.unique("durable-nolocal");
        PartitaConnectionFactory same = new PartitaConnectionFactory(target.url("clientId=" + name));
        PartitaConnectionFactory other = new PartitaConnectionFactory(target.url(""));
        Topic t;
        try (JMSContext c = same.createContext()) {
            t = c.createTopic(name);
            c.createDurableConsumer(t, "sub", null, true).close();
            c.createProducer().send(t, "own connection");
        }
        try (JMSContext c = same.createContext(); JMSContext o = other.createContext()) {
            c.createProducer().send(t, "same client id");
            o.createProducer().send(t, "other connection");
        }
        try (JMSContext c = same.createContext(); JMSContext o = other.createContext()) {
            JMSConsumer sub = c.createDurableConsumer(t, "sub", null, true);
            assertEquals("other connection", sub.receiveBody(String.class, 10_000));
            assertNull(sub.receiveBody(String.class, 300));
            sub.close();
            o.createProducer().send(t, "dropped when noLocal changes");
            JMSConsumer changed = c.createDurableConsumer(t, "sub", null, false);
            c.createProducer().send(t, "own, now kept");
            assertEquals("own, now kept", changed.receiveBody(String.class, 10_000));
            assertNull(changed.receiveBody(String.class, 300));
            changed.close();
            c.unsubscribe("sub");
        }
    }
}
