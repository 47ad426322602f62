package io.partita.broker;

import io.partita.broker.cli.PartitaCommand;
import io.partita.broker.config.BrokerConfig;
import io.partita.broker.config.ConfigException;
import io.partita.client.AuthenticationException;
import io.partita.client.Settings;
import io.partita.client.admin.NewTopic;
import io.partita.client.admin.PartitaAdmin;
import io.partita.client.consumer.ConsumerRecord;
import io.partita.client.consumer.PartitaConsumer;
import io.partita.client.producer.PartitaProducer;
import io.partita.client.producer.ProducerRecord;
import io.partita.client.producer.RecordMetadata;
import io.partita.protocol.TopicPartition;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.api.ApiVersionsResponse;
import io.partita.protocol.wire.api.ApiVersionsRequest;
import io.partita.protocol.wire.api.AuthenticateRequest;
import io.partita.protocol.wire.api.AuthenticateResponse;
import io.partita.protocol.wire.api.MetadataRequest;
import io.partita.protocol.wire.api.MetadataResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Authentication over TCP: users file lines made by {@code partita users hash}, right and wrong
 * passwords, unknown users, anonymous access allowed and refused, and a bad users file.
 */
@Timeout(120)
class AuthenticationTest {
    /** Few iterations keep the tests fast; the strength is not what is tested here. */
    private static final String ITERATIONS = "1000";

    @TempDir
    Path dir;

    private PartitaServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String hashLine(String user, String password) {
        InputStream original = System.in;
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        try {
            System.setIn(new ByteArrayInputStream((password + "\n").getBytes(StandardCharsets.UTF_8)));
            CommandLine cl = PartitaCommand.commandLine();
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            int code = cl.execute("users", "hash", user, "--iterations", ITERATIONS);
            assertEquals(0, code, err.toString());
        } finally {
            System.setIn(original);
        }
        return out.toString().strip();
    }

    private PartitaServer start(boolean allowAnonymous, String... usersFileLines) throws Exception {
        Path users = dir.resolve("users.properties");
        Files.write(users, List.of(usersFileLines), StandardCharsets.UTF_8);
        server = PartitaServer.start(BrokerTestSupport.config(dir.resolve("data"))
                .with(BrokerConfig.AUTHENTICATION_USERS_FILE, users)
                .with(BrokerConfig.AUTHENTICATION_ALLOW_ANONYMOUS, allowAnonymous)
                .with(BrokerConfig.AUTHENTICATION_FAILURE_DELAY_MS, 20));
        return server;
    }

    private Properties props(String user, String password, Object... more) {
        Map<String, Object> m = new HashMap<>();
        m.put(Settings.BOOTSTRAP_SERVERS, "127.0.0.1:" + server.port());
        m.put(Settings.REQUEST_TIMEOUT_MS, 10_000);
        if (user != null) {
            m.put(Settings.SECURITY_USER, user);
            m.put(Settings.SECURITY_PASSWORD, password);
        }
        for (int i = 0; i < more.length; i += 2) {
            m.put((String) more[i], more[i + 1]);
        }
        return Settings.of(m);
    }

    @Test
    void theHashCommandPrintsALineTheBrokerAcceptsAndTheRightPasswordWorks() throws Exception {
        String line = hashLine("alice", "correct horse €");
        assertTrue(line.startsWith("alice = PBKDF2WithHmacSHA256:" + ITERATIONS + ":"), line);
        assertFalse(line.contains("correct horse"), "the password itself is never printed");
        start(false, "# operators' comment", "", line, hashLine("bob", "other"));

        try (PartitaAdmin admin = new PartitaAdmin(props("alice", "correct horse €"))) {
            admin.createTopics(List.of(new NewTopic("secured", 1, (short) 1, Map.of()))).get(30, TimeUnit.SECONDS);
        }
        RecordMetadata written;
        try (PartitaProducer producer = new PartitaProducer(props("bob", "other"))) {
            written = producer.send(new ProducerRecord("secured", "k".getBytes(StandardCharsets.UTF_8),
                    "v".getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
        }
        assertEquals(0, written.offset());
        try (PartitaConsumer consumer = new PartitaConsumer(props("alice", "correct horse €",
                "auto.offset.reset", "earliest"))) {
            TopicPartition tp = new TopicPartition("secured", 0);
            consumer.assign(List.of(tp));
            List<ConsumerRecord> got = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (got.isEmpty() && System.nanoTime() < deadline) {
                got.addAll(consumer.poll(Duration.ofMillis(500)));
            }
            assertEquals(1, got.size());
            assertEquals("v", new String(got.get(0).value(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void aWrongPasswordOrAnUnknownUserFailsWithAnAuthenticationExceptionNamingUserAndBroker() throws Exception {
        start(false, hashLine("alice", "secret"));
        String broker = "127.0.0.1:" + server.port();

        try (PartitaAdmin admin = new PartitaAdmin(props("alice", "Secret"))) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> admin.listTopics().get(30, TimeUnit.SECONDS));
            AuthenticationException a = assertInstanceOf(AuthenticationException.class, e.getCause());
            assertEquals("alice", a.user());
            assertEquals(broker, a.broker());
            assertEquals(Errors.SASL_AUTHENTICATION_FAILED, a.error());
            assertFalse(a.retriable());
            assertTrue(a.getMessage().contains("'alice'") && a.getMessage().contains(broker), a.getMessage());
            assertFalse(a.getMessage().contains("Secret"), "the password is never in a message");
            // Later requests fail the same way at once, without asking the broker again.
            ExecutionException again = assertThrows(ExecutionException.class,
                    () -> admin.listTopics().get(1, TimeUnit.SECONDS));
            assertInstanceOf(AuthenticationException.class, again.getCause());
        }
        try (PartitaProducer producer = new PartitaProducer(props("mallory", "secret", "max.block.ms", 20_000))) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> producer.send(new ProducerRecord("t",
                    "v".getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS));
            AuthenticationException a = assertInstanceOf(AuthenticationException.class, e.getCause());
            assertEquals("mallory", a.user());
            assertEquals(Errors.SASL_AUTHENTICATION_FAILED, a.error(), "unknown users look like wrong passwords");
        }
    }

    @Test
    void anonymousAccessRefusedFailsClientsWithoutCredentialsAndClosesRawConnections() throws Exception {
        start(false, hashLine("alice", "secret"));
        try (PartitaAdmin admin = new PartitaAdmin(props(null, null))) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> admin.listTopics().get(30, TimeUnit.SECONDS));
            AuthenticationException a = assertInstanceOf(AuthenticationException.class, e.getCause());
            assertNull(a.user());
            assertEquals(Errors.AUTHENTICATION_REQUIRED, a.error());
        }
        try (TestWireClient raw = new TestWireClient(server.port())) {
            ApiVersionsResponse versions = raw.call(new ApiVersionsRequest());
            assertEquals(Errors.NONE, versions.error(), "ApiVersions is allowed before authenticating");
            raw.send(new MetadataRequest(null, false));
            raw.forgetLast();
            assertTrue(raw.isClosedByPeer(), "any other request before authenticating closes the connection");
        }
        try (TestWireClient raw = new TestWireClient(server.port())) {
            AuthenticateResponse ok = raw.call(new AuthenticateRequest("alice", bytes("secret")));
            assertEquals(Errors.NONE, ok.error());
            MetadataResponse m = raw.call(new MetadataRequest(null, false));
            assertEquals(1, m.brokers().size());
            raw.send(new AuthenticateRequest("alice", bytes("secret")));
            raw.forgetLast();
            assertTrue(raw.isClosedByPeer(), "a connection authenticates once");
        }
        try (TestWireClient raw = new TestWireClient(server.port())) {
            AuthenticateResponse bad = raw.call(new AuthenticateRequest("alice", bytes("guess")));
            assertEquals(Errors.SASL_AUTHENTICATION_FAILED, bad.error());
            assertTrue(raw.isClosedByPeer(), "a failed authentication closes the connection");
        }
    }

    @Test
    void anonymousAccessAllowedStillChecksCredentialsThatAreGiven() throws Exception {
        start(true, hashLine("alice", "secret"));
        try (PartitaAdmin admin = new PartitaAdmin(props(null, null))) {
            admin.createTopics(List.of(new NewTopic("open", 1, (short) 1, Map.of()))).get(30, TimeUnit.SECONDS);
            assertTrue(admin.listTopics().get(30, TimeUnit.SECONDS).contains("open"));
        }
        try (TestWireClient raw = new TestWireClient(server.port())) {
            MetadataResponse m = raw.call(new MetadataRequest(null, false));
            assertEquals(1, m.topics().size(), "no Authenticate needed");
        }
        try (PartitaAdmin admin = new PartitaAdmin(props("alice", "secret"))) {
            assertTrue(admin.listTopics().get(30, TimeUnit.SECONDS).contains("open"));
        }
        try (PartitaAdmin admin = new PartitaAdmin(props("alice", "wrong"))) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> admin.listTopics().get(30, TimeUnit.SECONDS));
            assertEquals(Errors.SASL_AUTHENTICATION_FAILED,
                    assertInstanceOf(AuthenticationException.class, e.getCause()).error());
        }
    }

    @Test
    void aUsersFileWithABadLineStopsStartUpNamingTheLine() throws Exception {
        Path users = dir.resolve("users.properties");
        Files.write(users, List.of("# users", hashLine("alice", "secret"), "bob = PBKDF2WithHmacSHA256:1000:!!:AAAA"),
                StandardCharsets.UTF_8);
        BrokerConfig config = BrokerTestSupport.config(dir.resolve("data")).with(BrokerConfig.AUTHENTICATION_USERS_FILE, users);
        ConfigException e = assertThrows(ConfigException.class, () -> PartitaServer.start(config));
        assertTrue(e.getMessage().contains(users + ", line 3") && e.getMessage().contains("'bob'"), e.getMessage());

        Files.write(users, List.of("carol PBKDF2WithHmacSHA256"), StandardCharsets.UTF_8);
        e = assertThrows(ConfigException.class, () -> PartitaServer.start(config));
        assertTrue(e.getMessage().contains("line 1"), e.getMessage());

        BrokerConfig noUsers = BrokerTestSupport.config(dir.resolve("data"))
                .with(BrokerConfig.AUTHENTICATION_ALLOW_ANONYMOUS, false);
        e = assertThrows(ConfigException.class, () -> PartitaServer.start(noUsers));
        assertTrue(e.getMessage().contains("authentication.users.file"), e.getMessage());
    }

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }
}
