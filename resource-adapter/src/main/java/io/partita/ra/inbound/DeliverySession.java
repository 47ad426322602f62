package io.partita.ra.inbound;

import jakarta.jms.Connection;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageListener;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import jakarta.jms.XAConnection;
import jakarta.jms.XASession;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Method;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.transaction.xa.XAResource;

/**
 * One of an activation's {@code maxSession} concurrent deliveries: a session, its consumer and
 * the message endpoint (bean instance) it delivers to. Messages arrive on the provider's
 * delivery thread for the session, one at a time.
 *
 * <p>Each message: {@code beforeDelivery}, {@code onMessage}, {@code afterDelivery}, the last
 * always called once the first returned, whatever happened in between. For transacted delivery
 * the session is an {@link XASession} whose {@link XAResource} was given to
 * {@code createEndpoint}, so the server's transaction covers the receive and the bean's work, and
 * a rollback gives the message back. For non-transacted delivery a {@link RuntimeException} from
 * {@code onMessage} (or from the endpoint's calls) is passed to the provider after
 * {@code redeliveryDelay}, which gives the message back for redelivery.
 *
 * <p>Confined to the provider's delivery thread, except {@link #close()}.
 */
final class DeliverySession implements MessageListener {
    private static final Logger LOG = LoggerFactory.getLogger(DeliverySession.class);
    static final Method ON_MESSAGE;

    static {
        try {
            ON_MESSAGE = MessageListener.class.getMethod("onMessage", Message.class);
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final PartitaActivationSpec spec;
    private final boolean transacted;
    private Session session;
    private MessageConsumer consumer;
    private MessageEndpoint endpoint;

    DeliverySession(PartitaActivationSpec spec, boolean transacted) {
        this.spec = spec;
        this.transacted = transacted;
    }

    /** Opens the session and consumer and creates the endpoint; the connection is started later. */
    void open(Connection connection, Destination destination, MessageEndpointFactory factory)
            throws JMSException, ResourceException {
        XAResource xaResource = null;
        if (transacted) {
            XASession xa = ((XAConnection) connection).createXASession();
            session = xa;
            xaResource = xa.getXAResource();
        } else {
            session = connection.createSession(PartitaActivationSpec.DUPS_OK_ACKNOWLEDGE.equals(spec.getAcknowledgeMode())
                    ? Session.DUPS_OK_ACKNOWLEDGE : Session.AUTO_ACKNOWLEDGE);
        }
        consumer = createConsumer(destination);
        endpoint = factory.createEndpoint(xaResource);
        consumer.setMessageListener(this);
    }

    private MessageConsumer createConsumer(Destination destination) throws JMSException {
        String selector = spec.getMessageSelector();
        if (!spec.isTopic()) {
            return session.createConsumer(destination, selector);
        }
        Topic topic = (Topic) destination;
        boolean shared = spec.getShareSubscriptions();
        if (spec.isDurable()) {
            return shared ? session.createSharedDurableConsumer(topic, spec.getSubscriptionName(), selector)
                    : session.createDurableConsumer(topic, spec.getSubscriptionName(), selector, false);
        }
        return shared ? session.createSharedConsumer(topic, spec.getSubscriptionName(), selector)
                : session.createConsumer(topic, selector);
    }

    @Override
    public void onMessage(Message message) {
        deliver(endpoint, message);
    }

    /**
     * Delivers one message to {@code e} with the pairing and failure rules of the class comment.
     *
     * @throws RuntimeException for non-transacted delivery that failed, so the provider gives the
     *     message back
     */
    void deliver(MessageEndpoint e, Message message) {
        RuntimeException failure = null;
        boolean before = false;
        try {
            e.beforeDelivery(ON_MESSAGE);
            before = true;
            ((MessageListener) e).onMessage(message);
        } catch (ResourceException | NoSuchMethodException | RuntimeException ex) {
            failure = ex instanceof RuntimeException r ? r : new IllegalStateException(ex.getMessage(), ex);
        } finally {
            if (before) {
                try {
                    e.afterDelivery();
                } catch (ResourceException | RuntimeException ex) {
                    if (failure == null) {
                        failure = new IllegalStateException("afterDelivery failed: " + ex.getMessage(), ex);
                    } else {
                        failure.addSuppressed(ex);
                    }
                }
            }
        }
        if (failure != null) {
            LOG.warn("PRA201 delivery to {} failed; the message will be delivered again: {}", spec, failure.toString());
            if (!transacted) {
                long delay = spec.getRedeliveryDelay();
                if (delay > 0) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(delay));
                }
                throw failure; // the provider releases the message
            }
            // transacted: the server rolled the transaction back, which released the message
        }
    }

    /** Closes the consumer and session and releases the endpoint; never throws. */
    void close() {
        try {
            if (session != null) {
                session.close(); // waits for a running onMessage, closes the consumer
            }
        } catch (JMSException | RuntimeException e) {
            LOG.debug("closing a delivery session of {} failed", spec, e);
        }
        MessageEndpoint e = endpoint;
        endpoint = null;
        if (e != null) {
            e.release();
        }
    }
}
