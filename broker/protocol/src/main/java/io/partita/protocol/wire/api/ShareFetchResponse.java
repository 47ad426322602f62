package io.partita.protocol.wire.api;

import io.partita.protocol.record.Header;
import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.WireWriter;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;

/**
 * The records a ShareFetch acquired for the member, one by one with their delivery counts (not
 * as batches: a member receives an arbitrary subset of each batch).
 *
 * <p>Version 0: error int16, errorMessage nullable string, topics [name string, partitions
 * [partition int32, error int16, records [offset int64, deliveryCount int32, timestamp int64,
 * key nullable bytes, value nullable bytes, headers [key string, value nullable bytes]]]].
 *
 * @param error NONE, or why the whole request failed (INVALID_SELECTOR, INVALID_GROUP_ID, ...)
 * @param errorMessage more about the error, or null
 * @param topics the acquired records, grouped by topic and partition
 */
public record ShareFetchResponse(Errors error, String errorMessage, List<ShareFetchTopicResponse> topics)
        implements ApiResponse {

    /**
     * The partitions of one topic.
     *
     * @param name the topic name
     * @param partitions the partitions
     */
    public record ShareFetchTopicResponse(String name, List<ShareFetchPartitionResponse> partitions) {
        /** Checks required fields. */
        public ShareFetchTopicResponse {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(partitions, "partitions");
        }
    }

    /**
     * One partition's acquired records.
     *
     * @param partition the partition number
     * @param error NONE, or why this partition could not be read
     * @param records the acquired records, in delivery order (higher priority first, then offset)
     */
    public record ShareFetchPartitionResponse(int partition, Errors error, List<AcquiredRecord> records) {
        /** Checks required fields. */
        public ShareFetchPartitionResponse {
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(records, "records");
        }
    }

    /**
     * One record acquired by the member.
     *
     * @param offset the record's offset
     * @param deliveryCount how many times it has been delivered, this time included (first delivery = 1)
     * @param timestamp the record's timestamp
     * @param key the key, or null
     * @param value the value, or null
     * @param headers the record headers
     */
    public record AcquiredRecord(long offset, int deliveryCount, long timestamp, ByteBuffer key, ByteBuffer value,
                                 List<Header> headers) {
        /** Checks required fields. */
        public AcquiredRecord {
            Objects.requireNonNull(headers, "headers");
        }
    }

    /** Checks required fields. */
    public ShareFetchResponse {
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(topics, "topics");
    }

    /** A response reporting {@code error} for the whole request. */
    public static ShareFetchResponse failed(Errors error, String message) {
        return new ShareFetchResponse(error, message, List.of());
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.SHARE_FETCH;
    }

    @Override
    public void write(WireWriter writer, short version) {
        ApiKey.SHARE_FETCH.checkVersion(version);
        error.write(writer);
        writer.writeNullableString(errorMessage);
        writer.writeArray(topics, (w, t) -> {
            w.writeString(t.name());
            w.writeArray(t.partitions(), (pw, p) -> {
                pw.writeInt32(p.partition());
                p.error().write(pw);
                pw.writeArray(p.records(), (rw, r) -> {
                    rw.writeInt64(r.offset());
                    rw.writeInt32(r.deliveryCount());
                    rw.writeInt64(r.timestamp());
                    rw.writeNullableBytes(r.key() == null ? null : r.key().duplicate());
                    rw.writeNullableBytes(r.value() == null ? null : r.value().duplicate());
                    rw.writeArray(r.headers(), (hw, h) -> {
                        hw.writeString(h.key());
                        hw.writeNullableBytes(h.value() == null ? null : h.value().duplicate());
                    });
                });
            });
        });
    }

    /**
     * Decodes the body.
     *
     * @param reader the reader
     * @param version the api version
     * @return the response
     */
    public static ShareFetchResponse read(WireReader reader, short version) {
        ApiKey.SHARE_FETCH.checkVersion(version);
        Errors error = Errors.read(reader, "error");
        String message = reader.readNullableString("errorMessage");
        List<ShareFetchTopicResponse> topics = reader.readArray("topics", 6, r -> new ShareFetchTopicResponse(
                r.readString("topics[].name"),
                r.readArray("topics[].partitions", 10, pr -> new ShareFetchPartitionResponse(
                        pr.readInt32("topics[].partitions[].partition"),
                        Errors.read(pr, "topics[].partitions[].error"),
                        pr.readArray("topics[].partitions[].records", 32, rr -> new AcquiredRecord(
                                rr.readInt64("records[].offset"),
                                rr.readInt32("records[].deliveryCount"),
                                rr.readInt64("records[].timestamp"),
                                rr.readNullableBytes("records[].key"),
                                rr.readNullableBytes("records[].value"),
                                rr.readArray("records[].headers", 6, hr -> new Header(
                                        hr.readString("records[].headers[].key"),
                                        hr.readNullableBytes("records[].headers[].value")))))))));
        return new ShareFetchResponse(error, message, topics);
    }
}
