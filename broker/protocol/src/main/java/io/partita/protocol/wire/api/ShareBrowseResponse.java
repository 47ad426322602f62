package io.partita.protocol.wire.api;

import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.WireWriter;
import java.util.List;
import java.util.Objects;

/**
 * What a share group has finished in each range of a ShareBrowse request.
 *
 * <p>Version 0: partitions [partition int32, error int16, shareStartOffset int64, finishedOffsets
 * [int64]].
 *
 * <p>Every offset below {@code shareStartOffset} is finished; from it on, exactly the offsets in
 * {@code finishedOffsets} (ascending, within the range asked about) are. A shareStartOffset of -1
 * says the group holds no state for the partition (it has never consumed from it, or does not
 * exist): nothing is finished.
 *
 * @param partitions the answer for each range asked about
 */
public record ShareBrowseResponse(List<BrowsePartition> partitions) implements ApiResponse {

    /**
     * The answer for one partition.
     *
     * @param partition the partition number
     * @param error NONE, UNKNOWN_TOPIC_OR_PARTITION, or why the state cannot be read
     * @param shareStartOffset the group's start offset in the partition, or -1 without state
     * @param finishedOffsets the acknowledged or archived offsets at or above the start, in the range
     */
    public record BrowsePartition(int partition, Errors error, long shareStartOffset, List<Long> finishedOffsets) {
        /** Checks required fields. */
        public BrowsePartition {
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(finishedOffsets, "finishedOffsets");
        }
    }

    /** Checks required fields. */
    public ShareBrowseResponse {
        Objects.requireNonNull(partitions, "partitions");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.SHARE_BROWSE;
    }

    @Override
    public void write(WireWriter writer, short version) {
        ApiKey.SHARE_BROWSE.checkVersion(version);
        writer.writeArray(partitions, (w, p) -> {
            w.writeInt32(p.partition());
            p.error().write(w);
            w.writeInt64(p.shareStartOffset());
            w.writeArray(p.finishedOffsets(), (ow, o) -> ow.writeInt64(o));
        });
    }

    /**
     * Decodes the body.
     *
     * @param reader the reader
     * @param version the api version
     * @return the response
     */
    public static ShareBrowseResponse read(WireReader reader, short version) {
        ApiKey.SHARE_BROWSE.checkVersion(version);
        return new ShareBrowseResponse(reader.readArray("partitions", 18, r -> new BrowsePartition(
                r.readInt32("partitions[].partition"),
                Errors.read(r, "partitions[].error"),
                r.readInt64("partitions[].shareStartOffset"),
                r.readArray("partitions[].finishedOffsets", 8, o -> o.readInt64("partitions[].finishedOffsets[]")))));
    }
}
