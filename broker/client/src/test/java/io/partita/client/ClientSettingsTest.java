package io.partita.client;

import io.partita.client.consumer.ConsumerConfig;
import io.partita.client.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClientSettingsTest {
    private static String error(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void producerDefaultsAreIdempotentWithAcksAll() {
        ProducerConfig c = ProducerConfig.from(Settings.of(Map.of("bootstrap.servers", "127.0.0.1:9700")));
        assertEquals(-1, c.acks());
        assertTrue(c.idempotence());
        assertEquals(16_384, c.batchSize());
        assertEquals(5, c.lingerMs());
        assertEquals(32L << 20, c.bufferMemory());
        assertEquals(new HostPort("127.0.0.1", 9700), c.bootstrapServers().get(0));
    }

    @Test
    void acksZeroTurnsIdempotenceOffUnlessAskedForWhichIsRefused() {
        ProducerConfig c = ProducerConfig.from(Settings.of(Map.of("bootstrap.servers", "h:1", "acks", "0")));
        assertFalse(c.idempotence());
        String e = error(() -> ProducerConfig.from(Settings.of(Map.of("bootstrap.servers", "h:1", "acks", "0",
                "enable.idempotence", "true"))));
        assertTrue(e.contains("enable.idempotence") && e.contains("acks"), e);
    }

    @Test
    void badInputNamesTheKeyAndTheValue() {
        String unknown = error(() -> ProducerConfig.from(Settings.of(Map.of("bootstrap.servers", "h:1", "lingerms", "5"))));
        assertTrue(unknown.contains("'lingerms'") && unknown.contains("linger.ms"), unknown);
        String bad = error(() -> ProducerConfig.from(Settings.of(Map.of("bootstrap.servers", "h:1", "linger.ms", "soon"))));
        assertTrue(bad.contains("'soon'") && bad.contains("linger.ms"), bad);
        String negative = error(() -> ProducerConfig.from(Settings.of(Map.of("bootstrap.servers", "h:1", "batch.size", "-1"))));
        assertTrue(negative.contains("'-1'") && negative.contains("batch.size"), negative);
        String acks = error(() -> ProducerConfig.from(Settings.of(Map.of("bootstrap.servers", "h:1", "acks", "2"))));
        assertTrue(acks.contains("'2'") && acks.contains("acks"), acks);
        String missing = error(() -> ConsumerConfig.from(Settings.of(Map.of())));
        assertTrue(missing.contains("bootstrap.servers"), missing);
        String address = error(() -> ConsumerConfig.from(Settings.of(Map.of("bootstrap.servers", "localhost"))));
        assertTrue(address.contains("'localhost'"), address);
        String port = error(() -> ConsumerConfig.from(Settings.of(Map.of("bootstrap.servers", "h:70000"))));
        assertTrue(port.contains("70000"), port);
        String reset = error(() -> ConsumerConfig.from(Settings.of(Map.of("bootstrap.servers", "h:1",
                "auto.offset.reset", "smallest"))));
        assertTrue(reset.contains("'smallest'") && reset.contains("earliest"), reset);
        String wait = error(() -> ConsumerConfig.from(Settings.of(Map.of("bootstrap.servers", "h:1",
                "fetch.max.wait.ms", "40000"))));
        assertTrue(wait.contains("fetch.max.wait.ms") && wait.contains("request.timeout.ms"), wait);
    }

    @Test
    void hostPortsParseIpv6InBrackets() {
        assertEquals(new HostPort("::1", 9700), HostPort.parse("[::1]:9700", "x"));
        assertEquals("[::1]:9700", new HostPort("::1", 9700).toString());
        ConsumerConfig c = ConsumerConfig.from(Settings.of(Map.of("bootstrap.servers", "a:1, b:2")));
        assertEquals(2, c.bootstrapServers().size());
    }

    @Test
    void consumerGroupSettingsHaveKafkasDefaultsAndCheckedValues() {
        ConsumerConfig c = ConsumerConfig.from(Settings.of(Map.of("bootstrap.servers", "h:1")));
        assertEquals(null, c.groupId());
        assertEquals(45_000, c.sessionTimeoutMs());
        assertEquals(3_000, c.heartbeatIntervalMs());
        assertEquals(300_000, c.maxPollIntervalMs());
        assertTrue(c.enableAutoCommit());
        assertEquals(5_000, c.autoCommitIntervalMs());
        assertEquals(java.util.List.of("range"), c.assignmentStrategies());
        ConsumerConfig g = ConsumerConfig.from(Settings.of(Map.of("bootstrap.servers", "h:1", "group.id", "orders",
                "partition.assignment.strategy", "Sticky, roundrobin")));
        assertEquals("orders", g.groupId());
        assertEquals(java.util.List.of("sticky", "roundrobin"), g.assignmentStrategies());
        String heartbeat = error(() -> ConsumerConfig.from(Settings.of(Map.of("bootstrap.servers", "h:1",
                "session.timeout.ms", "1000", "heartbeat.interval.ms", "1000"))));
        assertTrue(heartbeat.contains("heartbeat.interval.ms") && heartbeat.contains("session.timeout.ms"), heartbeat);
        String strategy = error(() -> ConsumerConfig.from(Settings.of(Map.of("bootstrap.servers", "h:1",
                "partition.assignment.strategy", "range,fastest"))));
        assertTrue(strategy.contains("'fastest'") && strategy.contains("roundrobin"), strategy);
        String autoCommit = error(() -> ConsumerConfig.from(Settings.of(Map.of("bootstrap.servers", "h:1",
                "enable.auto.commit", "yes"))));
        assertTrue(autoCommit.contains("'yes'") && autoCommit.contains("enable.auto.commit"), autoCommit);
    }
}
