package io.partita.protocol.wire.api;

import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.WireWriter;
import java.util.List;
import java.util.Objects;

/**
 * The groups a broker coordinates.
 *
 * <p>Version 0: error int16, groups [groupId string, protocolType string, state string].
 *
 * @param error NONE, or COORDINATOR_LOAD_IN_PROGRESS while the broker loads group state
 * @param groups the groups
 */
public record ListGroupsResponse(Errors error, List<Group> groups) implements ApiResponse {

    /**
     * One group.
     *
     * @param groupId the group
     * @param protocolType its protocol type ("consumer"), or "" for a group that only commits offsets
     * @param state Empty, PreparingRebalance, CompletingRebalance, Stable or Dead
     */
    public record Group(String groupId, String protocolType, String state) {
        /** Checks required fields. */
        public Group {
            Objects.requireNonNull(groupId, "groupId");
            Objects.requireNonNull(protocolType, "protocolType");
            Objects.requireNonNull(state, "state");
        }
    }

    /** Checks required fields. */
    public ListGroupsResponse {
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(groups, "groups");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.LIST_GROUPS;
    }

    @Override
    public void write(WireWriter writer, short version) {
        ApiKey.LIST_GROUPS.checkVersion(version);
        error.write(writer);
        writer.writeArray(groups, (w, g) -> {
            w.writeString(g.groupId());
            w.writeString(g.protocolType());
            w.writeString(g.state());
        });
    }

    /**
     * Decodes the body.
     *
     * @param reader the reader
     * @param version the api version
     * @return the response
     */
    public static ListGroupsResponse read(WireReader reader, short version) {
        ApiKey.LIST_GROUPS.checkVersion(version);
        return new ListGroupsResponse(Errors.read(reader, "error"),
                reader.readArray("groups", 6, r -> new Group(r.readString("groups[].groupId"),
                        r.readString("groups[].protocolType"), r.readString("groups[].state"))));
    }
}
