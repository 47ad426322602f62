package io.partita.jms;

import io.partita.jms.exceptions.JmsExceptionSupport;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageListener;

/**
 * The simplified API's consumer: a {@link MessageConsumer} with unchecked exceptions, plus
 * {@code receiveBody}, which delivers a message again (rather than losing it) when its body is
 * not of the type asked for. The consumer is the provider's own, or a handle standing for it (a
 * resource adapter's): every call goes to it, except {@code receiveBody}, which needs the
 * provider's consumer behind it. Not thread-safe, like its context.
 */
final class PartitaJMSConsumer implements JMSConsumer {
    private final MessageConsumer consumer;
    private final PartitaMessageConsumer provider;

    /**
     * @param consumer the consumer the context's session created
     * @param provider the provider's consumer behind it (the same object unless it is a handle)
     */
    PartitaJMSConsumer(MessageConsumer consumer, PartitaMessageConsumer provider) {
        this.consumer = consumer;
        this.provider = provider;
    }

    @FunctionalInterface
    private interface JmsCall<T> {
        T call() throws JMSException;
    }

    private static <T> T call(JmsCall<T> c) {
        try {
            return c.call();
        } catch (JMSException e) {
            throw JmsExceptionSupport.toRuntime(e);
        }
    }

    @Override
    public String getMessageSelector() {
        return call(consumer::getMessageSelector);
    }

    @Override
    public MessageListener getMessageListener() {
        return call(consumer::getMessageListener);
    }

    @Override
    public void setMessageListener(MessageListener listener) {
        call(() -> {
            consumer.setMessageListener(listener);
            return null;
        });
    }

    @Override
    public Message receive() {
        return call(consumer::receive);
    }

    @Override
    public Message receive(long timeout) {
        return call(() -> consumer.receive(timeout));
    }

    @Override
    public Message receiveNoWait() {
        return call(consumer::receiveNoWait);
    }

    @Override
    public void close() {
        call(() -> {
            consumer.close();
            return null;
        });
    }

    private <T> T body(long timeoutMs, Class<T> c) {
        return call(() -> {
            Message m = provider.receive(timeoutMs, c);
            return m == null ? null : m.getBody(c);
        });
    }

    @Override
    public <T> T receiveBody(Class<T> c) {
        return body(Long.MAX_VALUE, c);
    }

    @Override
    public <T> T receiveBody(Class<T> c, long timeout) {
        return body(timeout == 0 ? Long.MAX_VALUE : Math.max(timeout, 1), c);
    }

    @Override
    public <T> T receiveBodyNoWait(Class<T> c) {
        return body(-1, c);
    }

    @Override
    public String toString() {
        return "PartitaJMSConsumer[" + consumer + "]";
    }
}
