package io.partita.ra.outbound;

import io.partita.jms.ContextRules;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Session;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;

/**
 * The Jakarta EE container's rules for a {@code JMSContext} that {@link PooledConnectionFactory}
 * builds over a {@link ConnectionHandle} and its {@link SessionHandle} (Jakarta Messaging 3.0
 * sections 12.2 and 12.3, and the {@code JMSContext} javadoc). What the handles refuse by
 * themselves ({@code setClientID}, {@code setExceptionListener}, {@code stop}, message listeners)
 * reaches the application as {@link IllegalStateRuntimeException}; these rules add:
 * <ul>
 *   <li>{@code createContext(int)} on the context: a {@link JMSRuntimeException} (it would open a
 *       second session on the connection);</li>
 *   <li>{@code commit}, {@code rollback}, {@code recover} and {@code acknowledge} while the context
 *       takes part in a transaction the server manages: {@link IllegalStateRuntimeException} (the
 *       transaction, not the context, settles its work);</li>
 *   <li>{@code JMSProducer.setAsync} with a listener: {@link IllegalStateRuntimeException}.</li>
 * </ul>
 * It leads the context to the provider's objects behind the handles. Stateless, so thread-safe.
 */
final class ContainerContextRules implements ContextRules {
    static final ContainerContextRules INSTANCE = new ContainerContextRules();

    private ContainerContextRules() {
    }

    @Override
    public void check(Operation operation, Session session) {
        switch (operation) {
            case CREATE_CONTEXT -> throw new JMSRuntimeException("JMSContext.createContext may not be called by an "
                    + "application in a Jakarta EE web or EJB container: it would open a second session on the "
                    + "connection (Jakarta Messaging 3.0, section 12.2); use the ConnectionFactory's createContext");
            case ASYNC_SEND -> throw JmsRestrictions.refusedRuntime("JMSProducer.setAsync");
            case COMMIT, ROLLBACK, RECOVER, ACKNOWLEDGE -> {
                if (session != null && handler(session) instanceof SessionHandle h && h.inManagedTransaction()) {
                    throw new IllegalStateRuntimeException("JMSContext." + operation.name().toLowerCase()
                            + " may not be called: the context takes part in a transaction the server manages, "
                            + "which commits or rolls back its work (Jakarta Messaging 3.0, section 12.3)");
                }
            }
            default -> throw new IllegalArgumentException("unknown operation " + operation);
        }
    }

    @Override
    public <T> T provider(Object object, Class<T> type) {
        Object target = object;
        if (object instanceof ConnectionHandle connection) {
            target = connection.provider();
        } else if (handler(object) instanceof SessionHandle session) {
            target = session.target();
        } else if (handler(object) instanceof ChildHandle child) {
            target = child.target();
        }
        return type.cast(target);
    }

    private static InvocationHandler handler(Object object) {
        return Proxy.isProxyClass(object.getClass()) ? Proxy.getInvocationHandler(object) : null;
    }

    @Override
    public String toString() {
        return "ContainerContextRules";
    }
}
