package io.partita.broker.group;

import io.partita.protocol.wire.api.JoinGroupRequest;
import io.partita.protocol.wire.api.JoinGroupResponse;
import io.partita.protocol.wire.api.SyncGroupResponse;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One member of a {@link ConsumerGroup}: who it is, its timeouts and protocols, its assignment,
 * when it was last heard from, and the join or sync request it is waiting on.
 *
 * <p>Not thread-safe: guarded by the monitor of its group.
 */
final class MemberMetadata {
    final String memberId;
    String clientId;
    String clientHost;
    int sessionTimeoutMs;
    int rebalanceTimeoutMs;
    List<JoinGroupRequest.Protocol> protocols;
    ByteBuffer assignment = ByteBuffer.allocate(0);
    long lastHeardMs;
    CompletableFuture<JoinGroupResponse> awaitingJoin;
    CompletableFuture<SyncGroupResponse> awaitingSync;

    MemberMetadata(String memberId, String clientId, String clientHost, int sessionTimeoutMs, int rebalanceTimeoutMs,
            List<JoinGroupRequest.Protocol> protocols) {
        this.memberId = memberId;
        this.clientId = clientId;
        this.clientHost = clientHost;
        this.sessionTimeoutMs = sessionTimeoutMs;
        this.rebalanceTimeoutMs = rebalanceTimeoutMs;
        this.protocols = protocols;
    }

    /** The member's metadata for {@code protocol}, or null when it does not support it. */
    ByteBuffer metadata(String protocol) {
        for (JoinGroupRequest.Protocol p : protocols) {
            if (p.name().equals(protocol)) {
                return p.metadata();
            }
        }
        return null;
    }

    boolean supports(String protocol) {
        return metadata(protocol) != null;
    }

    /** Whether the session ran out at {@code nowMs}; a member waiting on a join or sync is never expired. */
    boolean sessionExpired(long nowMs) {
        return awaitingJoin == null && awaitingSync == null && nowMs - lastHeardMs > sessionTimeoutMs;
    }
}
