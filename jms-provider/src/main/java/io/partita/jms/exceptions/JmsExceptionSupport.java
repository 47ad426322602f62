package io.partita.jms.exceptions;

import io.partita.client.PartitaClientException;
import io.partita.jms.provider.ProviderException;
import io.partita.protocol.wire.Errors;
import jakarta.jms.IllegalStateException;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.InvalidClientIDException;
import jakarta.jms.InvalidClientIDRuntimeException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.InvalidDestinationRuntimeException;
import jakarta.jms.InvalidSelectorException;
import jakarta.jms.InvalidSelectorRuntimeException;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.JMSSecurityRuntimeException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageFormatRuntimeException;
import jakarta.jms.MessageNotWriteableException;
import jakarta.jms.MessageNotWriteableRuntimeException;
import jakarta.jms.ResourceAllocationException;
import jakarta.jms.ResourceAllocationRuntimeException;
import jakarta.jms.TransactionInProgressException;
import jakarta.jms.TransactionInProgressRuntimeException;
import jakarta.jms.TransactionRolledBackException;
import jakarta.jms.TransactionRolledBackRuntimeException;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The one place where errors from below (the provider, the Partita client, the JDK) become the
 * exception types the Jakarta Messaging specification names, and where the classic API's checked
 * {@link JMSException}s become the simplified API's unchecked twins. Stateless and thread-safe.
 */
public final class JmsExceptionSupport {
    private JmsExceptionSupport() {
    }

    /**
     * The {@link JMSException} for {@code cause}: itself if it is one, else the most specific type
     * its error code maps to, with {@code cause} linked.
     */
    public static JMSException create(Throwable cause) {
        Throwable t = unwrap(cause);
        if (t instanceof JMSException j) {
            return j;
        }
        String message = t.getMessage() != null ? t.getMessage() : t.toString();
        JMSException j;
        Errors error = null;
        if (t instanceof ProviderException pe) {
            error = pe.error();
        } else if (t instanceof PartitaClientException ce) {
            error = ce.error();
        }
        if (error != null) {
            j = switch (error) {
                case INVALID_TOPIC, UNKNOWN_TOPIC_OR_PARTITION, TOPIC_DELETION_IN_PROGRESS, SUBSCRIPTION_NOT_FOUND,
                        INVALID_GROUP_ID ->
                        new InvalidDestinationException(message, error.name());
                case INVALID_SELECTOR -> new InvalidSelectorException(message, error.name());
                case CLIENT_ID_IN_USE -> new InvalidClientIDException(message, error.name());
                case SASL_AUTHENTICATION_FAILED, AUTHENTICATION_REQUIRED, TOPIC_AUTHORIZATION_FAILED, GROUP_AUTHORIZATION_FAILED,
                        CLUSTER_AUTHORIZATION_FAILED, TRANSACTIONAL_ID_AUTHORIZATION_FAILED ->
                        new JMSSecurityException(message, error.name());
                case MESSAGE_TOO_LARGE, RECORD_LIST_TOO_LARGE -> new ResourceAllocationException(message, error.name());
                case INVALID_TXN_STATE, SUBSCRIPTION_IN_USE, INVALID_RECORD_STATE ->
                        new IllegalStateException(message, error.name());
                default -> new JMSException(message, error.name());
            };
        } else if (t instanceof java.lang.IllegalStateException) {
            j = new IllegalStateException(message);
        } else {
            j = new JMSException(message);
        }
        j.initCause(t);
        if (t instanceof Exception e) {
            j.setLinkedException(e);
        }
        return j;
    }

    /** The unchecked twin of {@code e} for the simplified API, keeping message, code and cause. */
    public static JMSRuntimeException toRuntime(JMSException e) {
        String m = e.getMessage();
        String c = e.getErrorCode();
        JMSRuntimeException r;
        if (e instanceof IllegalStateException) {
            r = new IllegalStateRuntimeException(m, c, e);
        } else if (e instanceof InvalidClientIDException) {
            r = new InvalidClientIDRuntimeException(m, c, e);
        } else if (e instanceof InvalidDestinationException) {
            r = new InvalidDestinationRuntimeException(m, c, e);
        } else if (e instanceof InvalidSelectorException) {
            r = new InvalidSelectorRuntimeException(m, c, e);
        } else if (e instanceof JMSSecurityException) {
            r = new JMSSecurityRuntimeException(m, c, e);
        } else if (e instanceof MessageFormatException) {
            r = new MessageFormatRuntimeException(m, c, e);
        } else if (e instanceof MessageNotWriteableException) {
            r = new MessageNotWriteableRuntimeException(m, c, e);
        } else if (e instanceof ResourceAllocationException) {
            r = new ResourceAllocationRuntimeException(m, c, e);
        } else if (e instanceof TransactionInProgressException) {
            r = new TransactionInProgressRuntimeException(m, c, e);
        } else if (e instanceof TransactionRolledBackException) {
            r = new TransactionRolledBackRuntimeException(m, c, e);
        } else {
            r = new JMSRuntimeException(m, c, e);
        }
        return r;
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof ExecutionException || t instanceof CompletionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
