package io.partita.jms;

import io.partita.broker.PartitaServer;
import io.partita.broker.config.BrokerConfig;
import io.partita.broker.security.PasswordHash;
import jakarta.jms.Connection;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.JMSSecurityRuntimeException;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Credentials reach the broker and are checked when a connection or context is created. */
@Timeout(120)
class AuthenticationTest {
    @TempDir
    Path dir;

    private PartitaServer server;
    private String url;

    /** Writes a users file holding {@code user = password} pairs, hashed as {@code partita users hash} does. */
    static Path usersFile(Path dir, String... userThenPassword) throws Exception {
        StringBuilder b = new StringBuilder("# test users\n");
        for (int i = 0; i < userThenPassword.length; i += 2) {
            b.append(userThenPassword[i]).append(" = ").append(PasswordHash.create(
                    userThenPassword[i + 1].toCharArray(), PasswordHash.MIN_ITERATIONS, new SecureRandom()).format())
                    .append('\n');
        }
        Path f = dir.resolve("users-" + UUID.randomUUID() + ".properties");
        Files.writeString(f, b.toString());
        return f;
    }

    @BeforeEach
    void start() throws Exception {
        server = PartitaServer.start(BrokerConfig.of(Map.of(
                BrokerConfig.LISTENERS, "PLAINTEXT://127.0.0.1:0",
                BrokerConfig.LOG_DIRS, dir.resolve("data").toString(),
                BrokerConfig.NUM_PARTITIONS, "1",
                BrokerConfig.AUTHENTICATION_USERS_FILE, usersFile(dir, "alice", "s3cret", "bob", "pw").toString(),
                BrokerConfig.AUTHENTICATION_ALLOW_ANONYMOUS, "false",
                BrokerConfig.AUTHENTICATION_FAILURE_DELAY_MS, "0")));
        url = "partita://127.0.0.1:" + server.port();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void rightCredentialsSendAndReceive() throws Exception {
        PartitaConnectionFactory cf = new PartitaConnectionFactory(url);
        try (Connection c = cf.createConnection("alice", "s3cret")) {
            Session s = c.createSession();
            Queue q = s.createQueue("auth-" + UUID.randomUUID());
            s.createProducer(q).send(s.createTextMessage("hello"));
            c.start();
            assertEquals("hello", ((TextMessage) s.createConsumer(q).receive(30_000)).getText());
        }
        try (JMSContext ctx = cf.createContext("bob", "pw")) {
            ctx.createProducer().send(ctx.createQueue("auth-" + UUID.randomUUID()), "x");
        }
    }

    @Test
    void wrongPasswordUnknownUserAndAnonymousAreRefusedAtCreation() {
        PartitaConnectionFactory cf = new PartitaConnectionFactory(url);
        JMSSecurityException wrong = assertThrows(JMSSecurityException.class,
                () -> cf.createConnection("alice", "Tr0ub4dor"));
        assertTrue(wrong.getMessage().contains("alice"), wrong.getMessage());
        assertFalse(wrong.getMessage().contains("Tr0ub4dor"), "the password must not be shown: " + wrong.getMessage());
        assertEquals("SASL_AUTHENTICATION_FAILED", wrong.getErrorCode());
        assertThrows(JMSSecurityException.class, () -> cf.createConnection("mallory", "s3cret"));
        JMSSecurityException anonymous = assertThrows(JMSSecurityException.class, cf::createConnection);
        assertEquals("AUTHENTICATION_REQUIRED", anonymous.getErrorCode());
        assertThrows(JMSSecurityException.class, () -> cf.createQueueConnection("bob", "s3cret"));
        assertThrows(JMSSecurityRuntimeException.class, () -> cf.createContext("alice", "wrong"));
        assertThrows(JMSSecurityRuntimeException.class, cf::createContext);
        assertThrows(JMSSecurityException.class, () -> cf.createConnection(null, "s3cret"));
        // An empty user name (what application servers pass when none is configured) is anonymous access.
        JMSSecurityException empty = assertThrows(JMSSecurityException.class, () -> cf.createConnection("", ""));
        assertEquals("AUTHENTICATION_REQUIRED", empty.getErrorCode());
        JMSSecurityException emptyXa = assertThrows(JMSSecurityException.class, () -> cf.createXAConnection("", ""));
        assertEquals("AUTHENTICATION_REQUIRED", emptyXa.getErrorCode());
    }

    @Test
    void urlCredentialsAreUsedAndOverriddenByExplicitOnes() throws Exception {
        PartitaConnectionFactory good = new PartitaConnectionFactory(url + "?user=alice&password=s3cret");
        good.createConnection().close();
        good.createContext().close();
        assertThrows(JMSSecurityException.class, () -> good.createConnection("alice", "nope"));
        PartitaConnectionFactory bad = new PartitaConnectionFactory(url + "?user=alice&password=nope");
        assertThrows(JMSSecurityException.class, bad::createConnection);
        bad.createConnection("bob", "pw").close();
    }
}
