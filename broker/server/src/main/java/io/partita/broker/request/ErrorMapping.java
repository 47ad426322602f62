package io.partita.broker.request;

import io.partita.broker.log.OffsetOutOfRangeException;
import io.partita.broker.replication.PartitionException;
import io.partita.protocol.record.InvalidRecordException;
import io.partita.protocol.record.RecordTooLargeException;
import io.partita.protocol.wire.Errors;

import java.io.IOException;
import java.io.UncheckedIOException;

/** The one place where failures inside the broker become protocol error codes. */
final class ErrorMapping {
    private ErrorMapping() {
    }

    static Errors of(Throwable e) {
        if (e instanceof PartitionException pe) {
            return pe.error();
        }
        if (e instanceof RecordTooLargeException) {
            return Errors.MESSAGE_TOO_LARGE;
        }
        if (e instanceof InvalidRecordException) {
            return Errors.CORRUPT_MESSAGE;
        }
        if (e instanceof OffsetOutOfRangeException) {
            return Errors.OFFSET_OUT_OF_RANGE;
        }
        if (e instanceof IOException || e instanceof UncheckedIOException) {
            return Errors.STORAGE_ERROR;
        }
        if (e instanceof IllegalStateException) {
            // The partition's log was closed under the request: its topic was deleted.
            return Errors.UNKNOWN_TOPIC_OR_PARTITION;
        }
        return Errors.UNKNOWN_SERVER_ERROR;
    }
}
