package io.partita.broker.group;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partita.protocol.wire.Errors;
import org.junit.jupiter.api.Test;

/** The claim rules, in the orders that network timing can produce. */
class ClientIdClaimsTest {

    @Test
    void aMovedClaimOutlivesTheConnectionItLeft() {
        ClientIdClaims claims = new ClientIdClaims();
        claims.connectionOpened("c1");
        claims.connectionOpened("c2");
        assertEquals(Errors.NONE, claims.claim("app", "jms-1", "c1").error());
        assertEquals(Errors.NONE, claims.claim("app", "jms-1", "c2").error());
        claims.connectionClosed("c1");
        assertTrue(claims.isClaimed("app"));
        assertEquals(Errors.CLIENT_ID_IN_USE, claims.claim("app", "jms-2", "c1").error());
        claims.connectionClosed("c2");
        assertFalse(claims.isClaimed("app"));
    }

    @Test
    void aClaimArrivingAfterItsConnectionClosedHoldsNothing() {
        ClientIdClaims claims = new ClientIdClaims();
        claims.connectionOpened("c1");
        claims.connectionClosed("c1");
        assertEquals(Errors.NONE, claims.claim("app", "jms-1", "c1").error());
        assertFalse(claims.isClaimed("app"));
        assertEquals(0, claims.size());
    }

    @Test
    void closingAConnectionDropsEveryClaimMadeThroughIt() {
        ClientIdClaims claims = new ClientIdClaims();
        claims.connectionOpened("c1");
        claims.connectionOpened("c2");
        claims.claim("a", "jms-1", "c1");
        claims.claim("b", "jms-2", "c1");
        claims.claim("c", "jms-3", "c2");
        claims.connectionClosed("c1");
        assertEquals(1, claims.size());
        assertTrue(claims.isClaimed("c"));
    }
}
