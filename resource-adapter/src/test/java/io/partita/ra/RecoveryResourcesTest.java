package io.partita.ra;

import io.partita.jms.PartitaConnectionFactory;
import io.partita.ra.inbound.PartitaActivationSpec;
import jakarta.jms.XAConnection;
import jakarta.jms.XASession;
import jakarta.resource.spi.ActivationSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.ServerSocket;
import java.util.Arrays;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link PartitaResourceAdapter#getXAResources} against a real broker on 127.0.0.1: one resource
 * per spec, on the spec's broker, opened lazily (a spec whose broker is down still gets one), and
 * a resource finds and completes a branch another connection prepared.
 */
@Timeout(120)
class RecoveryResourcesTest {
    @RegisterExtension
    static final TestBroker broker = new TestBroker();

    private record TestXid(int getFormatId, byte[] getGlobalTransactionId, byte[] getBranchQualifier) implements Xid {
    }

    private static PartitaActivationSpec spec(String brokerUrl) {
        PartitaActivationSpec s = new PartitaActivationSpec();
        s.setDestination("orders");
        s.setBrokerURL(brokerUrl);
        return s;
    }

    @Test
    void aResourcePerSpecFindsAndCommitsAPreparedBranch() throws Exception {
        String live = broker.url();
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        PartitaResourceAdapter ra = new PartitaResourceAdapter();
        // the second spec's broker is down: its resource is still returned, connecting only when used
        XAResource[] resources = ra.getXAResources(new ActivationSpec[] {
                spec(live), spec("partita://127.0.0.1:" + closedPort)});
        assertEquals(2, resources.length);

        Xid xid = new TestXid(42, "recover-me".getBytes(), new byte[] {1});
        XAConnection c = new PartitaConnectionFactory(live).createXAConnection();
        try {
            XASession session = c.createXASession();
            XAResource xa = session.getXAResource();
            xa.start(xid, XAResource.TMNOFLAGS);
            session.createProducer(session.createQueue("recovered")).send(session.createTextMessage("prepared"));
            xa.end(xid, XAResource.TMSUCCESS);
            assertEquals(XAResource.XA_OK, xa.prepare(xid));
        } finally {
            c.close();
        }

        Xid[] inDoubt = resources[0].recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN);
        assertEquals(1, inDoubt.length, Arrays.toString(inDoubt));
        assertArrayEquals(xid.getGlobalTransactionId(), inDoubt[0].getGlobalTransactionId());
        resources[0].commit(inDoubt[0], false);
        assertEquals(0, resources[0].recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN).length);
        ra.stop();
    }
}
