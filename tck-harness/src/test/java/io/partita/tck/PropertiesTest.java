package io.partita.tck;

import io.partita.jms.PartitaConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotWriteableException;
import jakarta.jms.Queue;
import org.junit.jupiter.api.DisplayName;

import java.util.Collections;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Section 3.5: message properties across the broker. */
class PropertiesTest {

    @Conformance
    @DisplayName("3.5.4 typed properties arrive and convert by the table; received ones are read-only")
    void propertiesArriveAndConvert(Target target) throws Exception {
        try (JMSContext c = new PartitaConnectionFactory(target.url("")).createContext()) {
            Queue q = c.createQueue(Names.unique("props"));
            c.createProducer().setProperty("b", true).setProperty("i", 12).setProperty("d", 2.5)
                    .setProperty("s", "34").send(q, "p");
            Message got = c.createConsumer(q).receive(10_000);
            assertTrue(got.getBooleanProperty("b"));
            assertEquals(12L, got.getLongProperty("i"));
            assertEquals("2.5", got.getStringProperty("d"));
            assertEquals(34, got.getIntProperty("s"));
            assertThrows(MessageFormatException.class, () -> got.getIntProperty("d"));
            Set<String> names = new HashSet<>(Collections.list((java.util.Enumeration<String>) got.getPropertyNames()));
            assertTrue(names.containsAll(Set.of("b", "i", "d", "s")), names.toString());
            assertThrows(MessageNotWriteableException.class, () -> got.setIntProperty("x", 1));
        }
    }

    @Conformance
    @DisplayName("3.5.9 JMSXDeliveryCount is set by the provider")
    void deliveryCountIsSet(Target target) throws Exception {
        try (JMSContext c = new PartitaConnectionFactory(target.url("")).createContext()) {
            Queue q = c.createQueue(Names.unique("count"));
            c.createProducer().send(q, "x");
            assertEquals(1, c.createConsumer(q).receive(10_000).getIntProperty("JMSXDeliveryCount"));
        }
    }
}
