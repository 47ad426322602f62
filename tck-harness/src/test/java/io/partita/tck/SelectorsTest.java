package io.partita.tck;

import io.partita.jms.PartitaConnectionFactory;
import jakarta.jms.InvalidSelectorRuntimeException;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.Queue;
import org.junit.jupiter.api.DisplayName;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Section 3.8: message selection. */
class SelectorsTest {

    @Conformance
    @DisplayName("3.8.1 a queue consumer gets only what its selector matches; the rest stays for others")
    void selectorsFilterAndLeaveTheRest(Target target) throws Exception {
        try (JMSContext c = new PartitaConnectionFactory(target.url("")).createContext()) {
            Queue q = c.createQueue(Names.unique("select"));
            for (int i = 0; i < 6; i++) {
                c.createProducer().setProperty("n", i).setProperty("color", i % 2 == 0 ? "red" : "blue")
                        .send(q, "m" + i);
            }
            JMSConsumer reds = c.createConsumer(q, "color = 'red' AND n BETWEEN 1 AND 4");
            assertEquals("m2", reds.receiveBody(String.class, 10_000));
            assertEquals("m4", reds.receiveBody(String.class, 10_000));
            assertNull(reds.receiveBody(String.class, 200));
            JMSConsumer rest = c.createConsumer(q, "JMSPriority = 4 AND color IN ('red', 'blue')");
            for (String expected : new String[] {"m0", "m1", "m3", "m5"}) {
                assertEquals(expected, rest.receiveBody(String.class, 10_000));
            }
        }
    }

    @Conformance
    @DisplayName("3.8.1 a bad selector fails at consumer creation")
    void badSelectorIsRefused(Target target) {
        try (JMSContext c = new PartitaConnectionFactory(target.url("")).createContext()) {
            Queue q = c.createQueue(Names.unique("bad"));
            assertThrows(InvalidSelectorRuntimeException.class, () -> c.createConsumer(q, "n ="));
        }
    }
}
