package io.partita.broker.log;

/**
 * What an append wrote.
 *
 * @param firstOffset  offset assigned to the first record
 * @param lastOffset   offset assigned to the last record
 * @param maxTimestamp largest record timestamp appended
 * @param records      number of records appended
 */
public record LogAppendInfo(long firstOffset, long lastOffset, long maxTimestamp, long records) {
}
