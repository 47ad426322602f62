package io.partita.ra.inbound;

import io.partita.jms.message.PartitaTextMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The delivery of one message to an endpoint: pairing of before/after and what a failure means. */
class DeliverySessionTest {
    /** An endpoint that records the container calls and fails where told to. */
    private static final class Endpoint implements MessageEndpoint, MessageListener {
        final List<String> calls = new ArrayList<>();
        boolean failBefore;
        boolean failOnMessage;
        boolean failAfter;

        @Override
        public void beforeDelivery(Method method) throws ResourceException {
            calls.add("before " + method.getName());
            if (failBefore) {
                throw new ResourceException("no transaction");
            }
        }

        @Override
        public void onMessage(Message message) {
            calls.add("onMessage");
            if (failOnMessage) {
                throw new IllegalArgumentException("bean failed");
            }
        }

        @Override
        public void afterDelivery() throws ResourceException {
            calls.add("after");
            if (failAfter) {
                throw new ResourceException("commit failed");
            }
        }

        @Override
        public void release() {
            calls.add("release");
        }
    }

    private static DeliverySession session(boolean transacted) {
        PartitaActivationSpec spec = new PartitaActivationSpec();
        spec.setDestination("orders");
        return new DeliverySession(spec, transacted);
    }

    private static Message message() {
        return new PartitaTextMessage();
    }

    @Test
    void aDeliveryIsBeforeOnMessageAfter() {
        Endpoint e = new Endpoint();
        session(false).deliver(e, message());
        assertEquals(List.of("before onMessage", "onMessage", "after"), e.calls);
    }

    @Test
    void afterDeliveryFollowsAFailedOnMessageAndTheFailureMeansRedelivery() {
        Endpoint e = new Endpoint();
        e.failOnMessage = true;
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
                () -> session(false).deliver(e, message()));
        assertEquals("bean failed", thrown.getMessage());
        assertEquals(List.of("before onMessage", "onMessage", "after"), e.calls);
    }

    @Test
    void aFailedBeforeDeliveryIsNotPairedAndMeansRedelivery() {
        Endpoint e = new Endpoint();
        e.failBefore = true;
        assertThrows(IllegalStateException.class, () -> session(false).deliver(e, message()));
        assertEquals(List.of("before onMessage"), e.calls);
    }

    @Test
    void aFailedAfterDeliveryMeansRedelivery() {
        Endpoint e = new Endpoint();
        e.failAfter = true;
        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> session(false).deliver(e, message()));
        assertEquals(List.of("before onMessage", "onMessage", "after"), e.calls);
        assertEquals("afterDelivery failed: commit failed", thrown.getMessage());
    }

    @Test
    void transactedFailuresAreLeftToTheServersRollback() {
        Endpoint e = new Endpoint();
        e.failOnMessage = true;
        assertDoesNotThrow(() -> session(true).deliver(e, message()));
        assertEquals(List.of("before onMessage", "onMessage", "after"), e.calls);
    }
}
