package io.partita.ra;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Jakarta Connectors (and WildFly's deployment check) require equals and hashCode by configuration. */
class ResourceAdapterEqualityTest {
    private static PartitaResourceAdapter adapter(String url, String user, String password) {
        PartitaResourceAdapter a = new PartitaResourceAdapter();
        a.setBrokerURL(url);
        a.setUserName(user);
        a.setPassword(password);
        return a;
    }

    @Test
    void equalByConfiguration() {
        PartitaResourceAdapter a = adapter("partita://a:9092", "u", "p");
        PartitaResourceAdapter b = adapter("partita://a:9092", "u", "p");
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, adapter("partita://b:9092", "u", "p"));
        assertNotEquals(a, adapter("partita://a:9092", "v", "p"));
        assertNotEquals(a, adapter("partita://a:9092", "u", "q"));
        assertNotEquals(a, null);
    }
}
