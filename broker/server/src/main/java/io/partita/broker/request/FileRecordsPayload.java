package io.partita.broker.request;

import io.partita.broker.log.FileRecords;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.RecordsPayload;
import io.partita.protocol.wire.api.FetchResponse;

import java.util.Objects;

/**
 * Record batches read from a log segment, carried in a Fetch response without being copied. The
 * network layer sends them as a file region and closes the {@link FileRecords} once they are on
 * the wire (or the connection is gone); whoever drops a response without sending it calls
 * {@link #release(ApiResponse)}.
 *
 * @param records the range of a segment file; owned by this payload from now on
 */
public record FileRecordsPayload(FileRecords records) implements RecordsPayload {

    public FileRecordsPayload {
        Objects.requireNonNull(records, "records");
    }

    @Override
    public int sizeInBytes() {
        return records.sizeInBytes();
    }

    /** Closes every file-backed payload of a response that will not be sent. Idempotent. */
    public static void release(ApiResponse response) {
        if (response instanceof FetchResponse fetch) {
            for (FetchResponse.FetchableTopic t : fetch.topics()) {
                for (FetchResponse.PartitionData p : t.partitions()) {
                    if (p.records() instanceof FileRecordsPayload file) {
                        file.records().close();
                    }
                }
            }
        }
    }
}
