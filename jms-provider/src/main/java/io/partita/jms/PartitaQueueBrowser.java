package io.partita.jms;

import io.partita.jms.exceptions.JmsExceptionSupport;
import io.partita.jms.message.MessageCodec;
import io.partita.jms.message.PartitaMessage;
import io.partita.jms.provider.Delivery;
import io.partita.jms.provider.ProviderBrowser;
import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;

import java.time.Duration;
import java.util.Enumeration;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Looks at the messages on a queue without removing them (Jakarta Messaging 3.0 section 4.9).
 * Each {@link #getEnumeration()} is a fresh browse of what the queue's log holds at that moment,
 * filtered by the selector; see {@code ProviderBrowser} for the consistency it gives. An
 * enumeration that cannot reach the broker throws {@link JMSRuntimeException} from
 * {@code hasMoreElements}. Closing the browser (or its session) ends its enumerations.
 *
 * <p>Not thread-safe, like its session; {@link #close()} may be called from any thread.
 */
final class PartitaQueueBrowser implements QueueBrowser {
    private final PartitaSession session;
    private final Queue queue;
    private final String selector;
    private final long timeoutMs;
    private final Set<BrowseEnumeration> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    PartitaQueueBrowser(PartitaSession session, Queue queue, String selector, long timeoutMs) {
        this.session = session;
        this.queue = queue;
        this.selector = selector;
        this.timeoutMs = timeoutMs;
    }

    private void checkClosed() throws IllegalStateException {
        if (closed) {
            throw new IllegalStateException("queue browser is closed");
        }
        session.checkClosed();
    }

    @Override
    public Queue getQueue() throws JMSException {
        checkClosed();
        return queue;
    }

    @Override
    public String getMessageSelector() throws JMSException {
        checkClosed();
        return selector;
    }

    @Override
    public Enumeration<?> getEnumeration() throws JMSException {
        checkClosed();
        String name = queue.getQueueName();
        ProviderBrowser b;
        try {
            b = session.connection().provider().browse(name, selector);
        } catch (RuntimeException e) {
            throw JmsExceptionSupport.create(e);
        }
        BrowseEnumeration e = new BrowseEnumeration(b);
        open.add(e);
        if (closed) {
            e.end();
        }
        return e;
    }

    @Override
    public void close() throws JMSException {
        closed = true;
        for (BrowseEnumeration e : open) {
            e.end();
        }
        session.browserClosed(this);
    }

    /** One browse; the provider's browser is closed once it is exhausted. */
    private final class BrowseEnumeration implements Enumeration<Message> {
        private final ProviderBrowser browser;
        private final MessageCodec codec = new MessageCodec();
        private PartitaMessage next;
        private boolean ended;

        BrowseEnumeration(ProviderBrowser browser) {
            this.browser = browser;
        }

        @Override
        public synchronized boolean hasMoreElements() {
            while (next == null && !ended) {
                Delivery d;
                try {
                    d = browser.next(Duration.ofMillis(timeoutMs));
                } catch (RuntimeException e) {
                    end();
                    throw JmsExceptionSupport.toRuntime(JmsExceptionSupport.create(e));
                }
                if (d == null) {
                    end();
                    break;
                }
                try {
                    next = codec.decode(d.envelope(), d.value(), 1, () -> { });
                } catch (JMSException malformed) {
                    // a record that is no JMS message is not shown
                }
            }
            return next != null;
        }

        @Override
        public synchronized Message nextElement() {
            if (!hasMoreElements()) {
                throw new NoSuchElementException("no more messages on " + queue);
            }
            Message m = next;
            next = null;
            return m;
        }

        synchronized void end() {
            if (!ended) {
                ended = true;
                open.remove(this);
                browser.close();
            }
        }
    }
}
