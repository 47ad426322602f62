package io.partita.ra.outbound;

import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.JMSException;

import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * The exceptions for methods that Jakarta Messaging 3.0 (section 12.2, "Restrictions on the use
 * of the API in the Jakarta EE web or EJB container") forbids to applications in a server: a
 * {@link jakarta.jms.IllegalStateException} where the method may throw {@code JMSException}, an
 * {@link IllegalStateRuntimeException} where it may not. Stateless.
 */
final class JmsRestrictions {
    private JmsRestrictions() {
    }

    static jakarta.jms.IllegalStateException refused(String method) {
        return new jakarta.jms.IllegalStateException(message(method));
    }

    /** The exception to throw for {@code method}, of the kind its signature allows. */
    static Exception refused(Method method) {
        boolean checked = Arrays.asList(method.getExceptionTypes()).contains(JMSException.class);
        String name = method.getDeclaringClass().getSimpleName() + "." + method.getName();
        return checked ? refused(name) : new IllegalStateRuntimeException(message(name));
    }

    /** The exception of a refused method of the simplified API, which declares no {@code JMSException}. */
    static IllegalStateRuntimeException refusedRuntime(String method) {
        return new IllegalStateRuntimeException(message(method));
    }

    private static String message(String method) {
        return method + " may not be called by an application in a Jakarta EE web or EJB container "
                + "(Jakarta Messaging 3.0, section 12.2)";
    }
}
