package io.partita.jms;

import io.partita.jms.jndi.PartitaObjectFactory;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSException;
import jakarta.jms.QueueConnectionFactory;
import jakarta.jms.TopicConnectionFactory;
import jakarta.jms.XAConnectionFactory;
import jakarta.jms.XAQueueConnectionFactory;
import jakarta.jms.XATopicConnectionFactory;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import javax.naming.Reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The connection factory as a configurable, serializable, referenceable value (no broker needed). */
class ConnectionFactoryConfigTest {

    @Test
    void oneClassIsEveryKindOfFactory() {
        PartitaConnectionFactory f = new PartitaConnectionFactory("partita://127.0.0.1:1");
        assertInstanceOf(ConnectionFactory.class, f);
        assertInstanceOf(QueueConnectionFactory.class, f);
        assertInstanceOf(TopicConnectionFactory.class, f);
        assertInstanceOf(XAConnectionFactory.class, f);
        assertInstanceOf(XAQueueConnectionFactory.class, f);
        assertInstanceOf(XATopicConnectionFactory.class, f);
    }

    @Test
    void beanStyleConfiguration() {
        PartitaConnectionFactory f = new PartitaConnectionFactory();
        assertNull(f.getBrokerURL());
        f.setBrokerURL("partita://h:1?clientId=c");
        assertEquals("partita://h:1?clientId=c", f.getBrokerURL());
        assertThrows(IllegalArgumentException.class, () -> f.setBrokerURL("partita://h:1?nope=1"));
        assertEquals("partita://h:1?clientId=c", f.getBrokerURL(), "a refused URL leaves the old one");
        assertThrows(IllegalArgumentException.class, () -> new PartitaConnectionFactory("nonsense"));
    }

    @Test
    void unconfiguredFactoryRefusesToConnect() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new PartitaConnectionFactory().createConnection());
        assertTrue(e.getMessage().contains("setBrokerURL"), e.getMessage());
    }

    @Test
    void vmUrlWithABadBrokerSettingFailsNamingIt() {
        PartitaConnectionFactory f = new PartitaConnectionFactory("vm://embedded-" + java.util.UUID.randomUUID()
                + "?dataDir=" + System.getProperty("java.io.tmpdir") + "/partita-cf-test&broker.no.such.key=1");
        JMSException e = assertThrows(JMSException.class, f::createConnection);
        assertTrue(e.getMessage().contains("no.such.key"), e.getMessage());
    }

    @Test
    void xaConnectionToNoBrokerFailsNamingTheAddress() {
        PartitaConnectionFactory f = new PartitaConnectionFactory("partita://127.0.0.1:1");
        JMSException e = assertThrows(JMSException.class, f::createXAConnection);
        assertTrue(e.getMessage().contains("127.0.0.1:1"), e.getMessage());
        assertThrows(jakarta.jms.JMSRuntimeException.class, f::createXAContext);
    }

    @Test
    void serializesWithItsUrl() throws Exception {
        PartitaConnectionFactory f = new PartitaConnectionFactory("partita://h:1,h:2?clientId=c");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(f);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            PartitaConnectionFactory copy = (PartitaConnectionFactory) in.readObject();
            assertEquals(f, copy);
            assertEquals("partita://h:1,h:2?clientId=c", copy.getBrokerURL());
        }
    }

    @Test
    void referenceResolvesThroughTheObjectFactory() throws Exception {
        PartitaConnectionFactory f = new PartitaConnectionFactory("partita://h:1?user=u");
        Reference ref = f.getReference();
        Object back = new PartitaObjectFactory().getObjectInstance(ref, null, null, null);
        assertEquals(f, back);
        Reference empty = new PartitaConnectionFactory().getReference();
        assertThrows(javax.naming.NamingException.class,
                () -> new PartitaObjectFactory().getObjectInstance(empty, null, null, null));
    }
}
