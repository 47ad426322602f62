package io.partita.tck;

import io.partita.jms.PartitaConnectionFactory;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.DisplayName;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Chapter 7: sending messages. */
class ProducersTest {

    @Conformance
    @DisplayName("7.1, 6.2.9.1 an anonymous producer names the destination on each send; order is kept per delivery mode")
    void anonymousProducerAndOrder(Target target) throws Exception {
        try (Connection c = new PartitaConnectionFactory(target.url("")).createConnection()) {
            c.start();
            Session s = c.createSession();
            Queue q = s.createQueue(Names.unique("anon"));
            MessageProducer p = s.createProducer(null);
            assertNull(p.getDestination());
            assertThrows(UnsupportedOperationException.class, () -> p.send(s.createTextMessage("no destination")));
            for (int i = 0; i < 20; i++) {
                p.send(q, s.createTextMessage("m" + i), DeliveryMode.PERSISTENT, 4, 0);
            }
            MessageConsumer consumer = s.createConsumer(q);
            for (int i = 0; i < 20; i++) {
                assertEquals("m" + i, ((TextMessage) consumer.receive(10_000)).getText());
            }
        }
    }

    @Conformance
    @DisplayName("7.1 a producer with a destination refuses another one")
    void producerWithDestination(Target target) throws Exception {
        try (Connection c = new PartitaConnectionFactory(target.url("")).createConnection()) {
            Session s = c.createSession();
            MessageProducer p = s.createProducer(s.createQueue(Names.unique("fixed")));
            assertThrows(UnsupportedOperationException.class,
                    () -> p.send(s.createQueue("other"), s.createTextMessage("x")));
            assertThrows(InvalidDestinationException.class, () -> s.createProducer(null).send(null,
                    s.createTextMessage("x")));
        }
    }
}
