package io.partita.jms;

import io.partita.client.embedded.EmbeddedBrokerProvider;
import jakarta.jms.Connection;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Queue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code vm://} URLs: an in-process broker started on first use and stopped with its last connection. */
@Timeout(120)
class VmBrokerTest {
    @TempDir
    Path dir;

    private static String name() {
        return "vm-test-" + UUID.randomUUID();
    }

    private static String enc(Path p) {
        return java.net.URLEncoder.encode(p.toString(), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void sendsAndReceivesAndKeepsMessagesAcrossRestarts() throws Exception {
        String name = name();
        String url = "vm://" + name + "?dataDir=" + enc(dir.resolve("a"));
        try (JMSContext ctx = new PartitaConnectionFactory(url).createContext()) {
            Queue q = ctx.createQueue("orders");
            ctx.createProducer().send(q, "first");
            assertEquals("first", ctx.createConsumer(q).receiveBody(String.class, 30_000));
            ctx.createProducer().send(q, "kept");
        }
        assertTrue(Files.isDirectory(dir.resolve("a")));
        // the broker stopped with the last connection: the same name starts again on another directory
        try (JMSContext other = new PartitaConnectionFactory("vm://" + name + "?dataDir=" + enc(dir.resolve("b")))
                .createContext()) {
            other.createProducer().send(other.createQueue("elsewhere"), "x");
        }
        // and the first directory still holds the message not yet consumed
        try (JMSContext ctx = new PartitaConnectionFactory(url).createContext()) {
            assertEquals("kept", ctx.createConsumer(ctx.createQueue("orders")).receiveBody(String.class, 30_000));
        }
    }

    @Test
    void connectionsShareOneBrokerWhileAnyIsOpen() throws Exception {
        String name = name();
        String url = "vm://" + name + "?dataDir=" + enc(dir.resolve("a"));
        PartitaConnectionFactory cf = new PartitaConnectionFactory(url);
        Connection first = cf.createConnection();
        try (Connection second = cf.createConnection()) {
            first.close();
            JMSException clash = assertThrows(JMSException.class, () -> new PartitaConnectionFactory("vm://" + name
                    + "?dataDir=" + enc(dir.resolve("b"))).createConnection());
            assertTrue(clash.getMessage().contains(name), clash.getMessage());
            second.createSession().createProducer(second.createSession().createQueue("q")).send(
                    second.createSession().createTextMessage("still up"));
        }
        new PartitaConnectionFactory("vm://" + name + "?dataDir=" + enc(dir.resolve("b"))).createConnection().close();
    }

    @Test
    void stayKeepsTheBrokerUntilStopped() throws Exception {
        String name = name();
        new PartitaConnectionFactory("vm://" + name + "?stay=true&dataDir=" + enc(dir.resolve("a")))
                .createConnection().close();
        String elsewhere = "vm://" + name + "?dataDir=" + enc(dir.resolve("b"));
        assertThrows(JMSException.class, () -> new PartitaConnectionFactory(elsewhere).createConnection());
        assertTrue(PartitaConnectionFactory.stopVmBroker(name));
        assertFalse(PartitaConnectionFactory.stopVmBroker(name));
        new PartitaConnectionFactory(elsewhere).createConnection().close();
    }

    @Test
    void brokerSettingsComeFromTheUrlAndCredentialsAreChecked() throws Exception {
        Path users = AuthenticationTest.usersFile(dir, "app", "pw");
        String url = "vm://" + name() + "?dataDir=" + enc(dir.resolve("a"))
                + "&broker.authentication.users.file=" + enc(users)
                + "&broker.authentication.allow.anonymous=false&broker.authentication.failure.delay.ms=0";
        PartitaConnectionFactory cf = new PartitaConnectionFactory(url);
        try (Connection ok = cf.createConnection("app", "pw")) {
            assertThrows(JMSSecurityException.class, () -> cf.createConnection("app", "wrong"));
            assertThrows(JMSSecurityException.class, cf::createConnection);
        }
        JMSException bad = assertThrows(JMSException.class, () -> new PartitaConnectionFactory("vm://" + name()
                + "?dataDir=" + enc(dir.resolve("c")) + "&broker.num.io.threads=zero").createConnection());
        assertTrue(bad.getMessage().contains("num.io.threads"), bad.getMessage());
    }

    @Test
    void withoutTheBrokerJarTheErrorSaysWhichJarToAdd() throws Exception {
        ClassLoader original = Thread.currentThread().getContextClassLoader();
        String service = "META-INF/services/" + EmbeddedBrokerProvider.class.getName();
        ClassLoader hiding = new ClassLoader(original) {
            @Override
            public Enumeration<URL> getResources(String resource) throws IOException {
                return resource.equals(service) ? Collections.emptyEnumeration() : super.getResources(resource);
            }
        };
        Thread.currentThread().setContextClassLoader(hiding);
        try {
            JMSException e = assertThrows(JMSException.class,
                    () -> new PartitaConnectionFactory("vm://" + name() + "?dataDir=" + enc(dir)).createConnection());
            assertTrue(e.getMessage().contains("partita-broker"), e.getMessage());
        } finally {
            Thread.currentThread().setContextClassLoader(original);
        }
    }

    @Test
    void defaultDataDirectoryIsPerNameUnderTheTemporaryDirectory() {
        assertEquals(Path.of(System.getProperty("java.io.tmpdir"), "partita-vm", "orders"),
                VmBrokers.defaultDataDir("orders"));
    }
}
