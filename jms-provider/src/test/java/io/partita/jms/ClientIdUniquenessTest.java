package io.partita.jms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partita.broker.PartitaServer;
import io.partita.broker.config.BrokerConfig;
import jakarta.jms.Connection;
import jakarta.jms.InvalidClientIDException;
import jakarta.jms.InvalidClientIDRuntimeException;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Client ids are unique across connections (section 6.1.2), checked by the broker over TCP: the
 * connections come from separate factories, as from separate JVMs, and in one case from a child
 * JVM that is then killed.
 */
@Timeout(120)
class ClientIdUniquenessTest {
    private static final long DEADLINE_MS = 30_000;

    @TempDir
    Path dir;
    @TempDir
    Path logs;

    private PartitaServer server;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = PartitaServer.start(config(0));
    }

    private BrokerConfig config(int port) {
        return BrokerConfig.of(Map.of(
                BrokerConfig.LISTENERS, "PLAINTEXT://127.0.0.1:" + port,
                BrokerConfig.LOG_DIRS, dir.toString(),
                BrokerConfig.NUM_PARTITIONS, "1",
                BrokerConfig.NUM_NETWORK_THREADS, "2",
                BrokerConfig.NUM_IO_THREADS, "2"));
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        server.close();
    }

    private String url() {
        return "partita://127.0.0.1:" + server.port();
    }

    private <T extends AutoCloseable> T keep(T c) {
        open.add(c);
        return c;
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    @Test
    void setClientIdRefusesAnIdInUseByAnotherConnection() throws Exception {
        Connection first = keep(new PartitaConnectionFactory(url()).createConnection());
        Connection second = keep(new PartitaConnectionFactory(url()).createConnection());
        first.setClientID("orders-app");
        InvalidClientIDException e = assertThrows(InvalidClientIDException.class, () -> second.setClientID("orders-app"));
        assertTrue(e.getMessage().contains("orders-app"), e.getMessage());
        assertEquals("CLIENT_ID_IN_USE", e.getErrorCode());
        assertEquals(null, second.getClientID(), "a refused id is not set");
        second.setClientID("billing-app");
        assertEquals("billing-app", second.getClientID());

        Connection third = keep(new PartitaConnectionFactory(url()).createConnection());
        first.close();
        third.setClientID("orders-app");   // free again once its holder closed
        assertEquals("orders-app", third.getClientID());
    }

    @Test
    void aConfiguredClientIdIsCheckedWhenTheConnectionIsCreated() throws Exception {
        PartitaConnectionFactory cf = new PartitaConnectionFactory(url() + "?clientId=configured");
        Connection first = keep(cf.createConnection());
        assertEquals("configured", first.getClientID());
        InvalidClientIDException e = assertThrows(InvalidClientIDException.class,
                () -> new PartitaConnectionFactory(url() + "?clientId=configured").createConnection());
        assertTrue(e.getMessage().contains("configured"), e.getMessage());
        assertThrows(InvalidClientIDRuntimeException.class, cf::createContext);
        Connection other = keep(new PartitaConnectionFactory(url()).createConnection());
        assertThrows(InvalidClientIDException.class, () -> other.setClientID("configured"));
        first.close();
        try (JMSContext context = cf.createContext()) {
            assertEquals("configured", context.getClientID());
        }
    }

    @Test
    void contextSetClientIdThrowsTheRuntimeException() {
        JMSContext first = keep(new PartitaConnectionFactory(url()).createContext());
        JMSContext second = keep(new PartitaConnectionFactory(url()).createContext());
        first.setClientID("ctx-app");
        assertThrows(InvalidClientIDRuntimeException.class, () -> second.setClientID("ctx-app"));
    }

    @Test
    void theIdIsFreeOnceTheHoldingProcessDies() throws Exception {
        Process holder = ChildJvm.startPiped(ClientIdHolder.class.getName(), url() + "?clientId=held");
        try {
            ChildJvm.awaitLine(holder, "HOLDING");
            assertThrows(InvalidClientIDException.class,
                    () -> new PartitaConnectionFactory(url() + "?clientId=held").createConnection());
        } finally {
            ChildJvm.kill(holder);
        }
        await("the id of the killed process to be released", () -> !server.clientIdClaims().isClaimed("held"));
        Connection c = keep(new PartitaConnectionFactory(url() + "?clientId=held").createConnection());
        assertEquals("held", c.getClientID());
    }

    @Test
    void aConnectionGetsItsIdBackAfterABrokerRestart() throws Exception {
        Connection holder = keep(new PartitaConnectionFactory(url() + "?clientId=survivor").createConnection());
        int port = server.port();
        server.close();
        assertTrue(!server.clientIdClaims().isClaimed("survivor"));
        server = PartitaServer.start(config(port));
        await("the connection to claim its id again", () -> server.clientIdClaims().isClaimed("survivor"));
        assertThrows(InvalidClientIDException.class,
                () -> new PartitaConnectionFactory(url() + "?clientId=survivor").createConnection());
        assertEquals("survivor", holder.getClientID());
        holder.close();
        Connection next = keep(new PartitaConnectionFactory(url() + "?clientId=survivor").createConnection());
        assertEquals("survivor", next.getClientID());
    }

    @Test
    void closingReleasesTheIdAtOnce() throws JMSException {
        PartitaConnectionFactory cf = new PartitaConnectionFactory(url() + "?clientId=serial");
        for (int i = 0; i < 5; i++) {
            try (Connection c = cf.createConnection()) {
                assertEquals("serial", c.getClientID());
            }
        }
    }
}
