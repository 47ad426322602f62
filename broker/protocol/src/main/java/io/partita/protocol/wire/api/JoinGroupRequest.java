package io.partita.protocol.wire.api;

import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiRequest;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.WireWriter;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;

/**
 * Joins a group, or rejoins it for a rebalance. The broker answers once every member has
 * (re)joined or the rebalance timeout has passed.
 *
 * <p>Version 0: groupId string, sessionTimeoutMs int32, rebalanceTimeoutMs int32, memberId string,
 * protocolType string, protocols [name string, metadata bytes].
 *
 * @param groupId the group
 * @param sessionTimeoutMs how long the coordinator waits for a heartbeat before removing the member
 * @param rebalanceTimeoutMs how long the coordinator waits for members to rejoin in a rebalance
 * @param memberId the id the coordinator gave in an earlier join, or "" for a new member
 * @param protocolType the kind of group, e.g. "consumer"
 * @param protocols the protocols the member supports, most preferred first, with its metadata for each
 */
public record JoinGroupRequest(String groupId, int sessionTimeoutMs, int rebalanceTimeoutMs, String memberId,
        String protocolType, List<Protocol> protocols) implements ApiRequest {

    /** The member id of a member joining for the first time. */
    public static final String UNKNOWN_MEMBER_ID = "";

    /**
     * One supported protocol (for consumers: an assignor name and the member's subscription).
     *
     * @param name the protocol name
     * @param metadata opaque to the broker
     */
    public record Protocol(String name, ByteBuffer metadata) {
        /** Checks required fields. */
        public Protocol {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(metadata, "metadata");
        }
    }

    /** Checks required fields. */
    public JoinGroupRequest {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(memberId, "memberId");
        Objects.requireNonNull(protocolType, "protocolType");
        Objects.requireNonNull(protocols, "protocols");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.JOIN_GROUP;
    }

    @Override
    public void write(WireWriter writer, short version) {
        ApiKey.JOIN_GROUP.checkVersion(version);
        writer.writeString(groupId);
        writer.writeInt32(sessionTimeoutMs);
        writer.writeInt32(rebalanceTimeoutMs);
        writer.writeString(memberId);
        writer.writeString(protocolType);
        writer.writeArray(protocols, (w, p) -> {
            w.writeString(p.name());
            w.writeBytes(p.metadata().duplicate());
        });
    }

    /**
     * Decodes the body.
     *
     * @param reader the reader
     * @param version the api version
     * @return the request
     */
    public static JoinGroupRequest read(WireReader reader, short version) {
        ApiKey.JOIN_GROUP.checkVersion(version);
        return new JoinGroupRequest(reader.readString("groupId"), reader.readInt32("sessionTimeoutMs"),
                reader.readInt32("rebalanceTimeoutMs"), reader.readString("memberId"),
                reader.readString("protocolType"),
                reader.readArray("protocols", 6, r -> new Protocol(r.readString("protocols[].name"),
                        r.readBytes("protocols[].metadata"))));
    }
}
