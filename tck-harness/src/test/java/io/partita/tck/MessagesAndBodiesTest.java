package io.partita.tck;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotWriteableException;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.StreamMessage;
import jakarta.jms.TextMessage;
import io.partita.jms.PartitaConnectionFactory;
import org.junit.jupiter.api.DisplayName;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Chapter 3.11: message bodies, sent and received through a broker. */
class MessagesAndBodiesTest {

    @Conformance
    @DisplayName("3.11 every body type arrives as it was sent")
    void everyBodyTypeRoundTrips(Target target) throws Exception {
        try (JMSContext c = new PartitaConnectionFactory(target.url("")).createContext()) {
            Queue q = c.createQueue(Names.unique("bodies"));
            BytesMessage bytes = c.createBytesMessage();
            bytes.writeInt(42);
            bytes.writeUTF("héllo");
            MapMessage map = c.createMapMessage();
            map.setLong("l", Long.MAX_VALUE);
            map.setBytes("b", new byte[] {1, 2});
            StreamMessage stream = c.createStreamMessage();
            stream.writeDouble(1.5);
            stream.writeString("s");
            ObjectMessage object = c.createObjectMessage(new java.util.ArrayList<>(List.of("x", "y")));
            for (Message m : List.of(c.createTextMessage("text"), bytes, map, stream, object, c.createMessage())) {
                c.createProducer().send(q, m);
            }
            JMSConsumer consumer = c.createConsumer(q);
            assertEquals("text", consumer.receiveBody(String.class, 10_000));
            BytesMessage b = (BytesMessage) consumer.receive(10_000);
            assertEquals(42, b.readInt());
            assertEquals("héllo", b.readUTF());
            MapMessage mm = (MapMessage) consumer.receive(10_000);
            assertEquals(Long.MAX_VALUE, mm.getLong("l"));
            assertArrayEquals(new byte[] {1, 2}, mm.getBytes("b"));
            StreamMessage sm = (StreamMessage) consumer.receive(10_000);
            assertEquals(1.5, sm.readDouble());
            assertEquals("s", sm.readString());
            assertEquals(List.of("x", "y"), ((ObjectMessage) consumer.receive(10_000)).getObject());
            Message plain = consumer.receive(10_000);
            assertFalse(plain instanceof TextMessage || plain instanceof BytesMessage || plain instanceof MapMessage
                    || plain instanceof StreamMessage || plain instanceof ObjectMessage, plain.getClass().getName());
            assertNull(plain.getBody(Object.class));
        }
    }

    @Conformance
    @DisplayName("3.11.3 a received body is read-only and converts by the table")
    void receivedBodiesAreReadOnlyAndConvert(Target target) throws Exception {
        try (JMSContext c = new PartitaConnectionFactory(target.url("")).createContext()) {
            Queue q = c.createQueue(Names.unique("readonly"));
            MapMessage map = c.createMapMessage();
            map.setString("n", "12");
            c.createProducer().send(q, map);
            MapMessage got = (MapMessage) c.createConsumer(q).receive(10_000);
            assertEquals(12, got.getInt("n"));
            assertThrows(MessageFormatException.class, () -> got.getChar("n"));
            assertThrows(MessageNotWriteableException.class, () -> got.setInt("x", 1));
        }
    }
}
