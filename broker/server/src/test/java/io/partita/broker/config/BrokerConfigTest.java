package io.partita.broker.config;

import io.partita.broker.cli.PartitaCommand;
import io.partita.broker.log.FlushMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class BrokerConfigTest {
    @TempDir
    Path dir;

    @Test
    void defaultsAreThoseDocumented() {
        BrokerConfig c = BrokerConfig.defaults();
        assertEquals(0, c.brokerId());
        assertEquals(new BrokerConfig.Listener("127.0.0.1", 9700), c.listener());
        assertEquals(List.of(Path.of("partita-data")), c.logDirs());
        assertEquals(1, c.numPartitions());
        assertEquals(1, c.defaultReplicationFactor());
        assertEquals(1, c.minInsyncReplicas());
        assertTrue(c.autoCreateTopicsEnable());
        assertEquals(100 * 1024 * 1024, c.socketRequestMaxBytes());
        assertEquals(FlushMode.GROUP_COMMIT, c.logConfig().flushMode());
        assertEquals(168L * 3_600_000, c.logConfig().retentionMs());
        assertTrue(c.zookeeperConnect().isEmpty());
    }

    @Test
    void anUnknownKeyFailsNamingKeyAndValue() {
        ConfigException e = assertThrows(ConfigException.class, () -> BrokerConfig.of(Map.of("num.partition", "3")));
        assertTrue(e.getMessage().contains("'num.partition'"), e.getMessage());
        assertTrue(e.getMessage().contains("'3'"), e.getMessage());
    }

    @Test
    void aBadValueFailsNamingKeyAndValue() {
        for (Map.Entry<String, String> bad : Map.of(
                "num.partitions", "three",
                "num.io.threads", "0",
                "auto.create.topics.enable", "yes",
                "listeners", "SSL://host:1",
                "log.flush.mode", "sometimes",
                "log.segment.bytes", "12").entrySet()) {
            ConfigException e = assertThrows(ConfigException.class, () -> BrokerConfig.of(Map.of(bad.getKey(), bad.getValue())),
                    bad.toString());
            assertTrue(e.getMessage().contains("'" + bad.getKey() + "'"), e.getMessage());
            assertTrue(e.getMessage().contains("'" + bad.getValue() + "'"), e.getMessage());
        }
    }

    @Test
    void overridesWinOverTheFileAndMillisecondsOverHours() throws Exception {
        Path file = dir.resolve("server.properties");
        Files.writeString(file, "num.partitions=4\nlog.retention.hours=1\nlog.roll.ms=5000\nzookeeper.connect=zk:2181\n",
                StandardCharsets.UTF_8);
        BrokerConfig c = BrokerConfig.load(file, BrokerConfig.parseOverrides(List.of("num.partitions=6",
                "listeners=PLAINTEXT://0.0.0.0:0")));
        assertEquals(6, c.numPartitions());
        assertEquals(3_600_000L, c.logConfig().retentionMs());
        assertEquals(5_000L, c.logConfig().segmentMs());
        assertTrue(c.listener().wildcard());
        assertEquals("zk:2181", c.zookeeperConnect().orElseThrow());
        assertEquals(42L, c.with("log.retention.ms", 42).logConfig().retentionMs());
        assertEquals(-1L, c.with("log.retention.hours", -1).logConfig().retentionMs());
        assertThrows(ConfigException.class, () -> BrokerConfig.parseOverrides(List.of("no-equals-sign")));
    }

    @Test
    void serverCommandRefusesABadConfigurationWithAMessage() {
        StringWriter err = new StringWriter();
        int status = PartitaCommand.commandLine().setErr(new PrintWriter(err))
                .execute("server", "--override", "log.dirs=" + dir, "--override", "no.such.key=1");
        assertNotEquals(0, status);
        assertTrue(err.toString().contains("'no.such.key'"), err.toString());
    }

    @Test
    void theConfigurationDocumentListsEveryKeyWithItsDefault() throws Exception {
        Path doc = Path.of("../../docs/configuration.md");
        String text = Files.readString(doc, StandardCharsets.UTF_8);
        int begin = text.indexOf(ConfigDocs.BEGIN);
        int end = text.indexOf(ConfigDocs.END);
        assertTrue(begin >= 0 && end > begin, "markers in " + doc.toAbsolutePath());
        assertEquals(ConfigDocs.table(), text.substring(begin + ConfigDocs.BEGIN.length() + 1, end),
                "docs/configuration.md is stale; regenerate it with ConfigDocs.main");
        for (ConfigKey key : BrokerConfig.definitions()) {
            assertTrue(text.contains("| `" + key.name() + "` | "
                    + (key.defaultValue() == null ? "(not set)" : "`" + key.defaultValue() + "`") + " |"), key.name());
        }
    }
}
