package io.partita.protocol.wire.api;

import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiRequest;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.WireWriter;
import java.util.List;
import java.util.Objects;

/**
 * Describes groups: state, protocol and members. Sent to each group's coordinator.
 *
 * <p>Version 0: groups [string].
 *
 * @param groups the group ids
 */
public record DescribeGroupsRequest(List<String> groups) implements ApiRequest {

    /** Checks required fields. */
    public DescribeGroupsRequest {
        Objects.requireNonNull(groups, "groups");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.DESCRIBE_GROUPS;
    }

    @Override
    public void write(WireWriter writer, short version) {
        ApiKey.DESCRIBE_GROUPS.checkVersion(version);
        writer.writeArray(groups, WireWriter::writeString);
    }

    /**
     * Decodes the body.
     *
     * @param reader the reader
     * @param version the api version
     * @return the request
     */
    public static DescribeGroupsRequest read(WireReader reader, short version) {
        ApiKey.DESCRIBE_GROUPS.checkVersion(version);
        return new DescribeGroupsRequest(reader.readArray("groups", 2, r -> r.readString("groups[]")));
    }
}
