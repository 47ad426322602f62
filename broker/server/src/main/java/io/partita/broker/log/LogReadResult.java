package io.partita.broker.log;

/**
 * Whole batches read from a log, with the log's bounds at the time of the read. The caller must
 * close {@link #records()} (directly or by handing it to a transport that does).
 */
public record LogReadResult(FileRecords records, long logStartOffset, long logEndOffset) implements AutoCloseable {
    @Override
    public void close() {
        records.close();
    }
}
