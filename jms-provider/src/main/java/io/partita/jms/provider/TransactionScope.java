package io.partita.jms.provider;

/**
 * What sends and acknowledgements can belong to: a local transaction
 * ({@link ProviderTransaction}) or an XA resource's associated branch ({@link ProviderXaResource}).
 */
public interface TransactionScope {

    /**
     * A producer handle whose sends belong to the scope's open transaction (sticky partitions, as
     * {@link Provider#createProducer()}).
     */
    ProviderProducer createProducer();
}
