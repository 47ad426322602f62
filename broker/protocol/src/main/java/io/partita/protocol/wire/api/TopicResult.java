package io.partita.protocol.wire.api;

import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.WireWriter;
import java.util.Objects;

/**
 * The outcome of a topic-level admin operation (CreateTopics, DeleteTopics).
 * Encoded as name string, error int16, errorMessage nullable string.
 *
 * @param name the topic name
 * @param error NONE if the operation succeeded, else why not
 * @param errorMessage details beyond the error code, or null
 */
public record TopicResult(String name, Errors error, String errorMessage) {

    /** The fewest bytes one encoded result takes. */
    static final int MIN_BYTES = 6;

    /** Checks required fields. */
    public TopicResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(error, "error");
    }

    static void write(WireWriter w, TopicResult t) {
        w.writeString(t.name);
        t.error.write(w);
        w.writeNullableString(t.errorMessage);
    }

    static TopicResult read(WireReader r) {
        return new TopicResult(
                r.readString("topics[].name"),
                Errors.read(r, "topics[].error"),
                r.readNullableString("topics[].errorMessage"));
    }
}
