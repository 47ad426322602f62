package io.partita.broker.txn;

/**
 * The coordinator's settings (from {@code server.properties}, see {@code docs/configuration.md}).
 *
 * @param maxTimeoutMs the largest transaction timeout a client may ask for ({@code transaction.max.timeout.ms})
 * @param xaDefaultTimeoutMs the timeout of an XA branch started without one ({@code transaction.xa.default.timeout.ms})
 * @param abortCheckIntervalMs how often open transactions are checked against their timeout
 *        ({@code transaction.abort.timed.out.transaction.cleanup.interval.ms})
 * @param stateLogPartitions partitions of {@code __transaction_state} when it is created
 * @param stateLogSegmentBytes segment size of {@code __transaction_state}
 * @param idExpirationMs how long an idle transactional id, or an XA branch rolled back by timeout
 *        that nobody asked about, is kept ({@code transactional.id.expiration.ms})
 */
public record TransactionConfig(int maxTimeoutMs, int xaDefaultTimeoutMs, long abortCheckIntervalMs,
                                int stateLogPartitions, int stateLogSegmentBytes, long idExpirationMs) {
}
