package io.partita.tck;

import io.partita.jms.PartitaConnectionFactory;
import jakarta.jms.Connection;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.InvalidSelectorException;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import org.junit.jupiter.api.DisplayName;

import static org.junit.jupiter.api.Assertions.assertThrows;

/** Chapter 10: the exceptions the specification names. */
class ExceptionsTest {

    @Conformance
    @DisplayName("10.2 InvalidDestinationException, InvalidSelectorException and JMSException where required")
    void namedExceptions(Target target) throws Exception {
        try (Connection c = new PartitaConnectionFactory(target.url("")).createConnection();
             Connection other = new PartitaConnectionFactory(target.url("")).createConnection()) {
            Session s = c.createSession();
            assertThrows(InvalidDestinationException.class, () -> s.createConsumer(null));
            assertThrows(InvalidDestinationException.class, () -> s.createQueue("bad name!"));
            assertThrows(InvalidSelectorException.class, () -> s.createConsumer(s.createQueue("q"), "a = = b"));
            assertThrows(InvalidDestinationException.class, () -> s.unsubscribe(Names.unique("never-made")));
            TemporaryQueue foreign = other.createSession().createTemporaryQueue();
            assertThrows(JMSException.class, () -> s.createConsumer(foreign));
        }
    }
}
