package io.partita.tck;

import io.partita.jms.PartitaConnectionFactory;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.Queue;
import org.junit.jupiter.api.DisplayName;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Section 2.8: the simplified API (JMSContext, JMSProducer, JMSConsumer). */
class SimplifiedApiTest {

    @Conformance
    @DisplayName("2.8.2 JMSContext sends and receives bodies directly; contexts share a connection")
    void contextSendsAndReceives(Target target) {
        try (JMSContext c = new PartitaConnectionFactory(target.url("")).createContext()) {
            Queue q = c.createQueue(Names.unique("simple"));
            c.createProducer().setProperty("k", "v").send(q, "body");
            try (JMSContext second = c.createContext(JMSContext.AUTO_ACKNOWLEDGE)) {
                JMSConsumer consumer = second.createConsumer(q);
                assertEquals("body", consumer.receiveBody(String.class, 10_000));
            }
            assertThrows(IllegalStateRuntimeException.class, () -> c.setClientID("late"));
        }
    }
}
