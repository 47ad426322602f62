package io.partita.broker.log;

/**
 * One aborted transaction in one partition, as the {@code .txnindex} of the segment holding its
 * abort marker records it.
 *
 * @param producerId the transaction's producer id
 * @param firstOffset the offset of the transaction's first batch in this partition
 * @param lastOffset the offset of the abort marker
 * @param lastStableOffset the partition's last stable offset once the marker was written
 */
public record AbortedTxn(long producerId, long firstOffset, long lastOffset, long lastStableOffset) {
}
