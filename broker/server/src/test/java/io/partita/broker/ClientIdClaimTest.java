package io.partita.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.api.ClientIdClaimRequest;
import io.partita.protocol.wire.api.ClientIdClaimResponse;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** ClientIdClaim over real TCP connections to a real broker: one holder per client id, for the life of its connection. */
@Timeout(60)
class ClientIdClaimTest {
    private static final long DEADLINE_MS = 30_000;

    @TempDir
    Path dir;

    private PartitaServer server;

    @BeforeEach
    void start() throws Exception {
        server = PartitaServer.start(BrokerTestSupport.config(dir));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static Errors claim(TestWireClient c, String clientId, String owner) throws IOException {
        ClientIdClaimResponse r = c.call(new ClientIdClaimRequest(clientId, owner, false));
        return r.error();
    }

    private static Errors release(TestWireClient c, String clientId, String owner) throws IOException {
        ClientIdClaimResponse r = c.call(new ClientIdClaimRequest(clientId, owner, true));
        return r.error();
    }

    @Test
    void aSecondOwnerIsRefusedWhileTheFirstHoldsTheId() throws Exception {
        try (TestWireClient a = new TestWireClient(server.port()); TestWireClient b = new TestWireClient(server.port())) {
            assertEquals(Errors.NONE, claim(a, "app", "owner-a"));
            assertEquals(Errors.NONE, claim(a, "app", "owner-a"), "claiming again is harmless");
            ClientIdClaimResponse refused = b.call(new ClientIdClaimRequest("app", "owner-b", false));
            assertEquals(Errors.CLIENT_ID_IN_USE, refused.error());
            assertTrue(refused.errorMessage().contains("'app'"), refused.errorMessage());
            assertEquals(Errors.NONE, claim(b, "other", "owner-b"), "other ids are free");
            assertEquals(Errors.NONE, release(b, "app", "owner-b"), "a release by another owner does nothing");
            assertEquals(Errors.CLIENT_ID_IN_USE, claim(b, "app", "owner-b"));
            assertEquals(Errors.NONE, release(a, "app", "owner-a"));
            assertEquals(Errors.NONE, claim(b, "app", "owner-b"), "released ids are free");
            assertEquals(Errors.CLIENT_ID_IN_USE, claim(a, "app", "owner-a"));
        }
    }

    @Test
    void closingTheConnectionReleasesTheId() throws Exception {
        try (TestWireClient b = new TestWireClient(server.port())) {
            try (TestWireClient a = new TestWireClient(server.port())) {
                assertEquals(Errors.NONE, claim(a, "app", "owner-a"));
                assertEquals(Errors.CLIENT_ID_IN_USE, claim(b, "app", "owner-b"));
            }
            BrokerTestSupport.await("the claim of a closed connection to go", DEADLINE_MS,
                    () -> claimQuietly(b, "app", "owner-b") == Errors.NONE);
        }
    }

    @Test
    void theOwnerTakesItsClaimToANewConnection() throws Exception {
        try (TestWireClient other = new TestWireClient(server.port())) {
            TestWireClient first = new TestWireClient(server.port());
            assertEquals(Errors.NONE, claim(first, "app", "owner-a"));
            try (TestWireClient second = new TestWireClient(server.port())) {
                // The owner reconnected while the broker still holds its first connection.
                assertEquals(Errors.NONE, claim(second, "app", "owner-a"));
                first.close();
                assertEquals(Errors.CLIENT_ID_IN_USE, claim(other, "app", "owner-b"));
            }
            BrokerTestSupport.await("the claim to go with the second connection", DEADLINE_MS,
                    () -> claimQuietly(other, "app", "owner-b") == Errors.NONE);
        }
    }

    @Test
    void anEmptyIdIsInvalid() throws Exception {
        try (TestWireClient a = new TestWireClient(server.port())) {
            assertEquals(Errors.INVALID_REQUEST, claim(a, "", "owner-a"));
        }
    }

    private static Errors claimQuietly(TestWireClient c, String clientId, String owner) {
        try {
            return claim(c, clientId, owner);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
