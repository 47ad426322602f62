package io.partita.ra.it.app;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.jms.CompletionListener;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;

import java.util.ArrayList;
import java.util.List;

/**
 * The simplified API through the adapter in a container: {@link #send} sends with
 * {@code createContext()} of the XA connection factory {@code jms/xaCf} (mapped by the
 * application's {@code web.xml}) in the container's transaction; {@link #refusedInTransaction}
 * and {@link #refusedOutsideTransaction} report what the container's rules make of the methods
 * Jakarta Messaging forbids there. Stateless and thread-safe.
 */
@Stateless
public class ContextOrders {
    @Resource(name = "jms/xaCf")
    private ConnectionFactory factory;

    /** Sends {@code text} to {@code queue} in the container's transaction, then throws if {@code fail}. */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public void send(String queue, String text, boolean fail) {
        try (JMSContext context = factory.createContext()) {
            context.createProducer().send(context.createQueue(queue), text);
        }
        if (fail) {
            throw new IllegalStateException("failing after sending " + text);
        }
    }

    /**
     * Inside a transaction, on a context asked for in {@code CLIENT_ACKNOWLEDGE} (which the
     * transaction overrides): one line {@code name=<simple name of what was thrown>} (or
     * {@code name=allowed}) per forbidden method, and {@code transacted=<getTransacted()>}.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public List<String> refusedInTransaction(String queue) {
        List<String> out = new ArrayList<>();
        try (JMSContext context = factory.createContext(JMSContext.CLIENT_ACKNOWLEDGE)) {
            out.add("transacted=" + context.getTransacted());
            check(out, "setClientID", () -> context.setClientID("x"));
            check(out, "setExceptionListener", () -> context.setExceptionListener(e -> { }));
            check(out, "stop", context::stop);
            check(out, "createContext", () -> context.createContext(JMSContext.AUTO_ACKNOWLEDGE).close());
            check(out, "commit", context::commit);
            check(out, "rollback", context::rollback);
            check(out, "recover", context::recover);
            check(out, "acknowledge", context::acknowledge);
            JMSConsumer consumer = context.createConsumer(context.createQueue(queue));
            check(out, "setMessageListener", () -> consumer.setMessageListener(m -> { }));
            check(out, "setAsync", () -> context.createProducer().setAsync(new CompletionListener() {
                @Override
                public void onCompletion(Message message) {
                }

                @Override
                public void onException(Message message, Exception exception) {
                }
            }));
        }
        return out;
    }

    /** Outside a transaction: {@code name=...} lines for the session modes a container refuses there. */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public List<String> refusedOutsideTransaction() {
        List<String> out = new ArrayList<>();
        check(out, "clientAcknowledge", () -> factory.createContext(JMSContext.CLIENT_ACKNOWLEDGE).close());
        check(out, "sessionTransacted", () -> factory.createContext(JMSContext.SESSION_TRANSACTED).close());
        check(out, "dupsOk", () -> factory.createContext(JMSContext.DUPS_OK_ACKNOWLEDGE).close());
        return out;
    }

    private static void check(List<String> out, String name, Runnable call) {
        try {
            call.run();
            out.add(name + "=allowed");
        } catch (RuntimeException e) {
            out.add(name + "=" + e.getClass().getSimpleName());
        }
    }
}
