package io.partita.client.producer;

/**
 * The producer identity of an open transaction (a transactional id's current transaction, or the
 * XA branch a producer is associated with), by which other work joins the transaction on the
 * broker: see {@code PartitaShareConsumer.commitSync(TransactionIdentity)}. Immutable.
 *
 * @param producerId the transaction's producer id
 * @param producerEpoch its epoch
 */
public record TransactionIdentity(long producerId, short producerEpoch) {
}
