package io.partita.jms;

import io.partita.jms.jndi.PartitaObjectFactory;
import io.partita.protocol.message.DestinationKind;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.Queue;
import jakarta.jms.Topic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import javax.naming.Reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Queues, topics and temporary destinations as values. */
class DestinationTest {

    @Test
    void namesToStringAndKinds() {
        PartitaQueue q = new PartitaQueue("orders");
        PartitaTopic t = new PartitaTopic("prices.eu-1_x");
        assertEquals("orders", q.getQueueName());
        assertEquals("orders", q.toString());
        assertEquals("prices.eu-1_x", t.getTopicName());
        assertEquals("prices.eu-1_x", t.toString());
        assertEquals(DestinationKind.QUEUE, q.kind());
        assertEquals(DestinationKind.TOPIC, t.kind());
        assertTrue(q.isQueue());
        assertFalse(t.isQueue());
        assertFalse(q.isTemporary());
    }

    @Test
    void equalityIsKindAndName() {
        assertEquals(new PartitaQueue("a"), new PartitaQueue("a"));
        assertEquals(new PartitaQueue("a").hashCode(), new PartitaQueue("a").hashCode());
        assertNotEquals(new PartitaQueue("a"), new PartitaTopic("a"));
        assertNotEquals(new PartitaQueue("a"), new PartitaQueue("b"));
        assertNotEquals(new PartitaQueue("a"), PartitaDestination.of(DestinationKind.TEMPORARY_QUEUE, "a"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a b", "a/b", "ä", ".", "..", "__consumer_offsets", "__x"})
    void badNamesAreRefused(String name) {
        InvalidDestinationException e = assertThrows(InvalidDestinationException.class,
                () -> PartitaDestination.checkName(name));
        assertTrue(e.getMessage().contains(name), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new PartitaQueue(name));
        assertThrows(IllegalArgumentException.class, () -> new PartitaTopic(name));
    }

    @Test
    void nullAndOverlongNamesAreRefused() throws InvalidDestinationException {
        assertThrows(InvalidDestinationException.class, () -> PartitaDestination.checkName(null));
        InvalidDestinationException e = assertThrows(InvalidDestinationException.class,
                () -> PartitaDestination.checkName("x".repeat(250)));
        assertTrue(e.getMessage().contains("249"), e.getMessage());
        PartitaDestination.checkName("x".repeat(249));
    }

    @Test
    void destinationsSerialize() throws Exception {
        for (PartitaDestination d : new PartitaDestination[] {new PartitaQueue("q"), new PartitaTopic("t")}) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(d);
            }
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                assertEquals(d, in.readObject());
            }
        }
    }

    @Test
    void referencesResolveThroughTheObjectFactory() throws Exception {
        PartitaObjectFactory factory = new PartitaObjectFactory();
        Reference qr = new PartitaQueue("orders").getReference();
        Reference tr = new PartitaTopic("prices").getReference();
        assertEquals(PartitaObjectFactory.class.getName(), qr.getFactoryClassName());
        Object q = factory.getObjectInstance(qr, null, null, null);
        Object t = factory.getObjectInstance(tr, null, null, null);
        assertInstanceOf(Queue.class, q);
        assertInstanceOf(Topic.class, t);
        assertEquals(new PartitaQueue("orders"), q);
        assertEquals(new PartitaTopic("prices"), t);
        assertEquals(null, factory.getObjectInstance("not a reference", null, null, null));
    }

    @Test
    void temporaryDestinationWithoutOwnerCannotBeDeleted() {
        PartitaDestination d = PartitaDestination.of(DestinationKind.TEMPORARY_TOPIC, "temp-topic.x.1");
        assertTrue(d.isTemporary());
        assertFalse(d.isQueue());
        jakarta.jms.IllegalStateException e = assertThrows(jakarta.jms.IllegalStateException.class,
                () -> ((PartitaTemporaryTopic) d).delete());
        assertTrue(e.getMessage().contains("temp-topic.x.1"), e.getMessage());
    }
}
