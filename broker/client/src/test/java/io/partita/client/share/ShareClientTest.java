package io.partita.client.share;

import io.partita.client.Settings;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The share consumer's settings and the subscription naming the JMS layer relies on. */
class ShareClientTest {

    @Test
    void settingsHaveDefaultsAndBadOnesNameTheKeyAndValue() {
        ShareConsumerConfig c = ShareConsumerConfig.from(Settings.of(Map.of("bootstrap.servers", "127.0.0.1:9700")));
        assertEquals(500, c.fetchMaxWaitMs());
        assertEquals(500, c.maxPollRecords());
        assertEquals("partita-share-consumer", c.clientId());
        String e = assertThrows(IllegalArgumentException.class, () -> ShareConsumerConfig.from(Settings.of(Map.of(
                "bootstrap.servers", "h:1", "max.poll.records", "0")))).getMessage();
        assertTrue(e.contains("max.poll.records") && e.contains("'0'"), e);
        e = assertThrows(IllegalArgumentException.class, () -> ShareConsumerConfig.from(Settings.of(Map.of(
                "bootstrap.servers", "h:1", "fetch.max.wait.ms", "40000")))).getMessage();
        assertTrue(e.contains("fetch.max.wait.ms") && e.contains("request.timeout.ms"), e);
        e = assertThrows(IllegalArgumentException.class, () -> ShareConsumerConfig.from(Settings.of(Map.of(
                "bootstrap.servers", "h:1", "auto.offset.reset", "earliest")))).getMessage();
        assertTrue(e.contains("unknown share consumer setting 'auto.offset.reset'"), e);
    }

    @Test
    void jmsDestinationsMapToTheGroupNamesTheBrokerExpects() {
        ShareSubscription q = ShareSubscription.queue("orders", "a = 1");
        assertEquals("queue:orders", q.group());
        assertEquals("orders", q.topic());
        assertFalse(q.kind().subscription());

        ShareSubscription d = ShareSubscription.durable("cid", "watch", "prices", null);
        assertEquals("sub:cid:watch", d.group());
        assertTrue(d.kind().durable() && !d.kind().shared());

        ShareSubscription s = ShareSubscription.sharedDurable(null, "watch", "prices", null);
        assertEquals("sub::watch", s.group());
        assertTrue(s.kind().durable() && s.kind().shared());

        ShareSubscription n = ShareSubscription.sharedNonDurable("cid", "watch", "prices", null);
        assertEquals(d.group(), n.group(), "durable and shared non-durable subscriptions share one namespace");
        assertTrue(!n.kind().durable() && n.kind().shared());

        ShareSubscription a = ShareSubscription.nonDurable("prices", "p > 1");
        ShareSubscription b = ShareSubscription.nonDurable("prices", "p > 1");
        assertNotEquals(a.group(), b.group());
        assertTrue(a.group().startsWith("nondurable:"));

        assertThrows(NullPointerException.class, () -> ShareSubscription.durable(null, "x", "t", null));
        assertThrows(IllegalArgumentException.class, () -> ShareSubscription.subscriptionName("c", ""));
    }
}
