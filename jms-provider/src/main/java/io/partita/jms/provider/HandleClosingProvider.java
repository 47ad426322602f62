package io.partita.jms.provider;

import java.util.function.Consumer;

/**
 * A provider that releases a resource after its delegate closes: the connection's hold on an
 * in-process broker, which stops when its last holder lets go. Thread-safe as its delegate.
 */
public final class HandleClosingProvider implements Provider {
    private final Provider delegate;
    private final AutoCloseable resource;

    public HandleClosingProvider(Provider delegate, AutoCloseable resource) {
        this.delegate = delegate;
        this.resource = resource;
    }

    @Override
    public void start() {
        delegate.start();
    }

    @Override
    public ProviderProducer createProducer() {
        return delegate.createProducer();
    }

    @Override
    public ProviderConsumer createConsumer(ConsumerSpec spec) {
        return delegate.createConsumer(spec);
    }

    @Override
    public ProviderBrowser browse(String topic, String selector) {
        return delegate.browse(topic, selector);
    }

    @Override
    public ProviderTransaction createTransaction() {
        return delegate.createTransaction();
    }

    @Override
    public ProviderXaResource createXaResource() {
        return delegate.createXaResource();
    }

    @Override
    public void unsubscribe(String clientId, String name) {
        delegate.unsubscribe(clientId, name);
    }

    @Override
    public void claimClientId(String clientId) {
        delegate.claimClientId(clientId);
    }

    @Override
    public void deleteTopic(String topic) {
        delegate.deleteTopic(topic);
    }

    @Override
    public void setFailureListener(Consumer<Throwable> listener) {
        delegate.setFailureListener(listener);
    }

    @Override
    public void close() {
        try {
            delegate.close();
        } finally {
            try {
                resource.close();
            } catch (Exception e) {
                throw new ProviderException("cannot release " + resource + ": " + e.getMessage(), null, e);
            }
        }
    }
}
