package io.partita.ra.outbound;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pool matching and factory equality; no connection is opened (they are opened on first use). */
class MatchingTest {
    private static PartitaManagedConnectionFactory factory(PartitaManagedConnectionFactory f, String url) {
        f.setBrokerURL(url);
        return f;
    }

    @Test
    void aConnectionMatchesItsFactoryAndCredentialsOnly() throws Exception {
        PartitaManagedConnectionFactory f = factory(new PartitaManagedConnectionFactory(), "partita://127.0.0.1:1");
        PartitaManagedConnection anonymous = (PartitaManagedConnection) f.createManagedConnection(null,
                ConnectionRequest.DEFAULT);
        PartitaManagedConnection alice = (PartitaManagedConnection) f.createManagedConnection(null,
                new ConnectionRequest("alice", "secret"));
        Set<PartitaManagedConnection> pool = Set.of(anonymous, alice);

        assertSame(anonymous, f.matchManagedConnections(pool, null, ConnectionRequest.DEFAULT));
        assertSame(alice, f.matchManagedConnections(pool, null, new ConnectionRequest("alice", "secret")));
        assertNull(f.matchManagedConnections(pool, null, new ConnectionRequest("alice", "wrong")));
        assertNull(f.matchManagedConnections(pool, null, new ConnectionRequest("bob", "secret")));

        PartitaManagedConnectionFactory otherUrl = factory(new PartitaManagedConnectionFactory(), "partita://127.0.0.1:2");
        assertNull(otherUrl.matchManagedConnections(pool, null, ConnectionRequest.DEFAULT));
        PartitaManagedConnectionFactory queueDefinition = factory(new PartitaQueueManagedConnectionFactory(),
                "partita://127.0.0.1:1");
        assertNull(queueDefinition.matchManagedConnections(pool, null, ConnectionRequest.DEFAULT));
    }

    @Test
    void aBrokenConnectionIsNeverMatchedAndIsReportedInvalid() throws Exception {
        PartitaManagedConnectionFactory f = factory(new PartitaManagedConnectionFactory(), "partita://127.0.0.1:1");
        PartitaManagedConnection mc = (PartitaManagedConnection) f.createManagedConnection(null, ConnectionRequest.DEFAULT);
        mc.fail(new jakarta.jms.JMSException("connection lost"));
        assertNull(f.matchManagedConnections(Set.of(mc), null, ConnectionRequest.DEFAULT));
        assertEquals(Set.of(mc), f.getInvalidConnections(Set.of(mc)));
        assertThrows(jakarta.resource.spi.IllegalStateException.class, () -> mc.getConnection(null, ConnectionRequest.DEFAULT));
    }

    @Test
    void factoriesAreEqualByClassAndProperties() {
        PartitaManagedConnectionFactory a = factory(new PartitaManagedConnectionFactory(), "partita://h:1");
        PartitaManagedConnectionFactory b = factory(new PartitaManagedConnectionFactory(), "partita://h:1");
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        b.setClientID("app");
        assertNotEquals(a, b);
        assertNotEquals(a, factory(new PartitaTopicManagedConnectionFactory(), "partita://h:1"));
    }

    @Test
    void theClientIdGoesIntoTheUrl() {
        PartitaManagedConnectionFactory f = factory(new PartitaManagedConnectionFactory(), "partita://h:1?reconnect=true");
        f.setClientID("billing app");
        assertEquals("partita://h:1?reconnect=true&clientId=billing+app", f.effectiveBrokerUrl());
    }

    @Test
    void aMalformedBrokerUrlIsRefusedWhenSet() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PartitaManagedConnectionFactory().setBrokerURL("http://h:1"));
        assertTrue(e.getMessage().contains("http"), e.getMessage());
    }
}
