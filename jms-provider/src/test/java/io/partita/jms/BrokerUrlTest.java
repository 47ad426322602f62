package io.partita.jms;

import io.partita.client.HostPort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Parsing {@code partita://} and {@code vm://} broker URLs. */
class BrokerUrlTest {

    @Test
    void tcpUrlWithSeveralBrokersAndOptions() {
        BrokerUrl u = BrokerUrl.parse("partita://a.example:9092,[::1]:9093,10.0.0.1:1?clientId=app%201&user=u"
                + "&password=p%26w&reconnect=false");
        assertEquals("partita", u.scheme());
        assertFalse(u.isVm());
        assertEquals(List.of(new HostPort("a.example", 9092), new HostPort("::1", 9093), new HostPort("10.0.0.1", 1)),
                u.brokers());
        assertEquals("app 1", u.clientId());
        assertEquals("u", u.user());
        assertEquals("p&w", u.password());
        assertFalse(u.reconnect());
        assertEquals("a.example:9092,[::1]:9093,10.0.0.1:1", u.bootstrapServers());
        assertFalse(u.toString().contains("p%26w"), u.toString());
        assertTrue(u.toString().contains("password=***"), u.toString());
    }

    @Test
    void defaults() {
        BrokerUrl u = BrokerUrl.parse(" partita://localhost:9092/ ");
        assertEquals(Map.of(), u.options());
        assertNull(u.clientId());
        assertNull(u.user());
        assertTrue(u.reconnect());
        assertEquals("partita://localhost:9092/", u.text());
    }

    @Test
    void vmUrl() {
        BrokerUrl u = BrokerUrl.parse("vm://embedded?dataDir=/tmp/partita%20data&clientId=c");
        assertTrue(u.isVm());
        assertEquals("embedded", u.vmName());
        assertEquals("/tmp/partita data", u.dataDir());
        assertEquals("c", u.clientId());
        assertEquals(List.of(), u.brokers());
    }

    @Test
    void unknownOptionIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BrokerUrl.parse("partita://h:1?clientId=a&bogus=1"));
        assertTrue(e.getMessage().contains("unknown option 'bogus'"), e.getMessage());
        assertTrue(e.getMessage().contains("clientId"), "lists the known options: " + e.getMessage());
        IllegalArgumentException vmOnly = assertThrows(IllegalArgumentException.class,
                () -> BrokerUrl.parse("partita://h:1?dataDir=/x"));
        assertTrue(vmOnly.getMessage().contains("'dataDir'"), vmOnly.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "localhost:9092", "tcp://h:1", "partita://", "partita://h", "partita://h:x",
            "partita://h:70000", "partita://h:1?clientId", "partita://h:1?a=1&a=2", "partita://h:1?reconnect=yes",
            "vm://", "vm://a/b", "partita://h:1?clientId=%zz"})
    void malformedUrlsAreRefused(String url) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BrokerUrl.parse(url));
        assertFalse(e.getMessage().isBlank());
    }

    @Test
    void errorsNameTheBadPart() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BrokerUrl.parse("tcp://h:1")).getMessage()
                .contains("unknown scheme 'tcp'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BrokerUrl.parse("partita://h:1?reconnect=yes"))
                .getMessage().contains("'yes'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BrokerUrl.parse("partita://h:1?a=1&a=2"))
                .getMessage().contains("'a' is given twice"));
    }

    @Test
    void transactionTimeoutOption() {
        assertEquals(60_000, BrokerUrl.parse("partita://h:1").transactionTimeoutMs());
        assertEquals(1500, BrokerUrl.parse("partita://h:1?transactionTimeout=1500").transactionTimeoutMs());
        assertEquals(250, BrokerUrl.parse("vm://b?transactionTimeout=250").transactionTimeoutMs());
        for (String bad : new String[] {"0", "-5", "1s", "", "2147483648"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> BrokerUrl.parse("partita://h:1?transactionTimeout=" + bad), bad);
            assertTrue(e.getMessage().contains("transactionTimeout") && e.getMessage().contains("'" + bad + "'"),
                    e.getMessage());
        }
    }

    @Test
    void vmBrokerSettingsAndStay() {
        BrokerUrl u = BrokerUrl.parse("vm://b1?stay=true&broker.num.io.threads=2&broker.authentication.allow.anonymous=false");
        assertTrue(u.stay());
        assertEquals(java.util.Map.of("num.io.threads", "2", "authentication.allow.anonymous", "false"),
                u.brokerSettings());
        assertFalse(BrokerUrl.parse("vm://b1").stay());
        IllegalArgumentException stay = assertThrows(IllegalArgumentException.class,
                () -> BrokerUrl.parse("vm://b1?stay=yes"));
        assertTrue(stay.getMessage().contains("'stay'") && stay.getMessage().contains("yes"), stay.getMessage());
        IllegalArgumentException tcp = assertThrows(IllegalArgumentException.class,
                () -> BrokerUrl.parse("partita://h:1?broker.num.io.threads=2"));
        assertTrue(tcp.getMessage().contains("broker.num.io.threads"), tcp.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BrokerUrl.parse("vm://b1?broker.=x"));
        IllegalArgumentException name = assertThrows(IllegalArgumentException.class,
                () -> BrokerUrl.parse("vm://bad name"));
        assertTrue(name.getMessage().contains("bad name"), name.getMessage());
    }
}
