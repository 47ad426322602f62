package io.partita.ra.outbound;

import jakarta.jms.CompletionListener;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.JMSException;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Arrays;

/**
 * The application's view of a producer, consumer or browser created through a {@link SessionHandle}:
 * a proxy over the provider's object with the same Jakarta Messaging interfaces, which refuses what
 * a server forbids (message listeners, asynchronous send with a {@link CompletionListener}) and
 * every call once its session handle is closed. Closing it closes the provider's object.
 *
 * <p>Thread-safety is that of the wrapped object (a session's objects belong to one thread).
 */
final class ChildHandle implements InvocationHandler {
    private final Object target;
    private final SessionHandle session;
    private volatile boolean closed;

    private ChildHandle(Object target, SessionHandle session) {
        this.target = target;
        this.session = session;
    }

    /** A proxy for {@code target} implementing every interface its class does. */
    static Object wrap(Object target, SessionHandle session) {
        ChildHandle handler = new ChildHandle(target, session);
        return Proxy.newProxyInstance(ChildHandle.class.getClassLoader(), target.getClass().getInterfaces(), handler);
    }

    /** The provider's producer, consumer or browser behind the handle. */
    Object target() {
        return target;
    }

    /** Closes the provider's object; further calls fail. */
    void close() throws Exception {
        if (!closed) {
            closed = true;
            ((AutoCloseable) target).close();
        }
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        if (method.getDeclaringClass() == Object.class) {
            return switch (name) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> "handle of " + target;
            };
        }
        if (name.equals("close")) {
            session.childClosed(proxy);
            try {
                close();
            } catch (Exception e) {
                throw e instanceof JMSException ? e : new JMSException(e.toString());
            }
            return null;
        }
        if (closed || session.isClosed()) {
            String what = target.getClass().getInterfaces()[0].getSimpleName();
            if (Arrays.asList(method.getExceptionTypes()).contains(JMSException.class)) {
                throw new jakarta.jms.IllegalStateException(what + " is closed");
            }
            throw new IllegalStateRuntimeException(what + " is closed");
        }
        if (name.equals("setMessageListener") || name.equals("getMessageListener")
                || (name.equals("send") || name.equals("publish")) && hasCompletionListener(method)) {
            throw JmsRestrictions.refused(method);
        }
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static boolean hasCompletionListener(Method method) {
        Class<?>[] types = method.getParameterTypes();
        return types.length > 0 && types[types.length - 1] == CompletionListener.class;
    }
}
