package io.partita.ra.outbound;

import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TransactionInProgressException;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The application's view of the one session of a {@link ConnectionHandle}: a proxy implementing
 * {@link Session}, {@link jakarta.jms.QueueSession} or {@link jakarta.jms.TopicSession} over the
 * managed connection's physical session. It refuses what a server forbids
 * ({@code setMessageListener}, {@code getMessageListener}, {@code run}), refuses
 * {@code commit}, {@code rollback} and {@code recover} while the session takes part in a
 * transaction the server manages, and tracks the producers, consumers and browsers made through
 * it so that closing it (or the pool's clean-up) closes them all: nothing leaks to the next user
 * of the pooled connection.
 *
 * <p>Used by one application thread at a time, as a session is; closing may come from the pool's
 * thread, hence the concurrent child map.
 */
final class SessionHandle implements InvocationHandler {
    private final Session target;
    private final ConnectionHandle owner;
    private final boolean managedTransaction;
    private final Map<Object, ChildHandle> children = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private SessionHandle(Session target, ConnectionHandle owner, boolean managedTransaction) {
        this.target = target;
        this.owner = owner;
        this.managedTransaction = managedTransaction;
    }

    /**
     * A session proxy of type {@code type} over {@code target}.
     *
     * @param managedTransaction whether the session takes part in a transaction the server manages
     */
    static <T extends Session> T create(Class<T> type, Session target, ConnectionHandle owner,
            boolean managedTransaction) {
        SessionHandle handler = new SessionHandle(target, owner, managedTransaction);
        owner.sessionOpened(handler);
        return type.cast(Proxy.newProxyInstance(SessionHandle.class.getClassLoader(), new Class<?>[] {type}, handler));
    }

    boolean isClosed() {
        return closed;
    }

    /** The provider's session behind the handle. */
    Session target() {
        return target;
    }

    /** Whether the session takes part in a transaction the server manages. */
    boolean inManagedTransaction() {
        return managedTransaction;
    }

    void childClosed(Object child) {
        children.remove(child);
    }

    /** Closes the children and marks the handle closed; the physical session is the owner's business. */
    void invalidate() {
        closed = true;
        List<ChildHandle> open = new ArrayList<>(children.values());
        children.clear();
        for (ChildHandle child : open) {
            try {
                child.close();
            } catch (Exception ignored) {
                // the physical session is closed or reused next; a failed close leaves nothing behind
            }
        }
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        if (method.getDeclaringClass() == Object.class) {
            return switch (name) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> "session handle of " + target;
            };
        }
        if (name.equals("close")) {
            if (!closed) {
                invalidate();
                owner.sessionClosed(this);
            }
            return null;
        }
        if (closed) {
            throw new jakarta.jms.IllegalStateException("session is closed");
        }
        switch (name) {
            case "setMessageListener", "getMessageListener", "run" -> throw JmsRestrictions.refused(method);
            case "commit", "rollback" -> {
                if (managedTransaction) {
                    throw new TransactionInProgressException("Session." + name
                            + " may not be called: the session takes part in a transaction the server manages");
                }
            }
            case "recover" -> {
                if (managedTransaction) {
                    throw new jakarta.jms.IllegalStateException(
                            "Session.recover may not be called: the session takes part in a transaction the server manages");
                }
            }
            default -> {
            }
        }
        Object result;
        try {
            Method m = method.getDeclaringClass().isInstance(target) ? method
                    : target.getClass().getMethod(name, method.getParameterTypes());
            result = m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        } catch (NoSuchMethodException e) {
            throw new JMSException(name + " is not offered by the provider's session " + target.getClass().getName());
        }
        if (result instanceof MessageProducer || result instanceof MessageConsumer || result instanceof QueueBrowser) {
            Object child = ChildHandle.wrap(result, this);
            children.put(child, (ChildHandle) Proxy.getInvocationHandler(child));
            return child;
        }
        return result;
    }
}
