package io.partita.jms.provider;

import io.partita.client.producer.TransactionIdentity;

/** A transaction scope on partita-client: the producer identity acknowledgements join. */
interface EnlistingScope extends TransactionScope {

    /**
     * The identity of the open transaction (opening one if needed), for staged acknowledgements.
     *
     * @throws ProviderException when no transaction can be joined now
     */
    TransactionIdentity enlist();
}
