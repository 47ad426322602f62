package io.partita.tck;

import io.partita.jms.PartitaConnectionFactory;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import org.junit.jupiter.api.DisplayName;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Section 3.4.13 (JMSDeliveryTime) and delivery delay. */
class DeliveryDelayTest {

    @Conformance
    @DisplayName("3.4.13 a delayed message is not received before its delivery time; others pass it")
    void delayedMessageWaits(Target target) throws Exception {
        try (JMSContext c = new PartitaConnectionFactory(target.url("")).createContext()) {
            Queue q = c.createQueue(Names.unique("delay"));
            c.createProducer().setDeliveryDelay(1_000).send(q, "late");
            c.createProducer().send(q, "now");
            JMSConsumer consumer = c.createConsumer(q);
            assertEquals("now", consumer.receiveBody(String.class, 10_000));
            Message late = consumer.receive(10_000);
            assertNotNull(late);
            assertTrue(System.currentTimeMillis() >= late.getJMSDeliveryTime(),
                    "received at or after its delivery time " + late.getJMSDeliveryTime());
            assertEquals(late.getJMSTimestamp() + 1_000, late.getJMSDeliveryTime());
        }
    }
}
