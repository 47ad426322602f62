package io.partita.protocol.wire.api;

import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.WireWriter;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;

/**
 * The state, protocol and members of each group asked for.
 *
 * <p>Version 0: groups [error int16, groupId string, state string, protocolType string,
 * protocol string, members [memberId string, clientId string, clientHost string,
 * metadata bytes, assignment bytes]].
 *
 * @param groups one entry per group asked for
 */
public record DescribeGroupsResponse(List<Group> groups) implements ApiResponse {

    /**
     * One group. A group the coordinator does not know is reported with state "Dead" and no members.
     *
     * @param error NONE, or NOT_COORDINATOR, COORDINATOR_LOAD_IN_PROGRESS, ...
     * @param groupId the group
     * @param state Empty, PreparingRebalance, CompletingRebalance, Stable or Dead
     * @param protocolType "consumer", or ""
     * @param protocol the protocol of the current generation (the assignor), or ""
     * @param members the members
     */
    public record Group(Errors error, String groupId, String state, String protocolType, String protocol,
            List<Member> members) {
        /** Checks required fields. */
        public Group {
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(groupId, "groupId");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(protocolType, "protocolType");
            Objects.requireNonNull(protocol, "protocol");
            Objects.requireNonNull(members, "members");
        }
    }

    /**
     * One member.
     *
     * @param memberId the member id
     * @param clientId the client id of its join request
     * @param clientHost the address it joined from
     * @param metadata its metadata for the current protocol (a consumer's subscription)
     * @param assignment its assignment in the current generation; empty before the leader sent one
     */
    public record Member(String memberId, String clientId, String clientHost, ByteBuffer metadata,
            ByteBuffer assignment) {
        /** Checks required fields. */
        public Member {
            Objects.requireNonNull(memberId, "memberId");
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(clientHost, "clientHost");
            Objects.requireNonNull(metadata, "metadata");
            Objects.requireNonNull(assignment, "assignment");
        }
    }

    /** Checks required fields. */
    public DescribeGroupsResponse {
        Objects.requireNonNull(groups, "groups");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.DESCRIBE_GROUPS;
    }

    @Override
    public void write(WireWriter writer, short version) {
        ApiKey.DESCRIBE_GROUPS.checkVersion(version);
        writer.writeArray(groups, (w, g) -> {
            g.error().write(w);
            w.writeString(g.groupId());
            w.writeString(g.state());
            w.writeString(g.protocolType());
            w.writeString(g.protocol());
            w.writeArray(g.members(), (mw, m) -> {
                mw.writeString(m.memberId());
                mw.writeString(m.clientId());
                mw.writeString(m.clientHost());
                mw.writeBytes(m.metadata().duplicate());
                mw.writeBytes(m.assignment().duplicate());
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
    public static DescribeGroupsResponse read(WireReader reader, short version) {
        ApiKey.DESCRIBE_GROUPS.checkVersion(version);
        return new DescribeGroupsResponse(reader.readArray("groups", 16, r -> new Group(
                Errors.read(r, "groups[].error"), r.readString("groups[].groupId"), r.readString("groups[].state"),
                r.readString("groups[].protocolType"), r.readString("groups[].protocol"),
                r.readArray("groups[].members", 14, mr -> new Member(mr.readString("groups[].members[].memberId"),
                        mr.readString("groups[].members[].clientId"), mr.readString("groups[].members[].clientHost"),
                        mr.readBytes("groups[].members[].metadata"),
                        mr.readBytes("groups[].members[].assignment"))))));
    }
}
