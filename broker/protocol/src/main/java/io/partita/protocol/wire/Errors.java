package io.partita.protocol.wire;

/**
 * The error codes of Partita's wire protocol.
 *
 * <p>A code's number is part of the protocol: it is never changed or reused, and new codes are
 * added at the end. Each code says whether the failed operation may succeed if retried as is
 * (usually after refreshing metadata or waiting), and carries a default message for when a
 * response has no more specific one. {@code ErrorsTest} pins every number.
 */
public enum Errors {

    /** The unexpected: a server-side failure not covered by a more specific code. */
    UNKNOWN_SERVER_ERROR(-1, false, "The server experienced an unexpected error."),
    /** Success. */
    NONE(0, false, "Success."),
    /** A record batch failed its CRC or size checks, or a frame could not be parsed. */
    CORRUPT_MESSAGE(1, true, "The message contents do not match their checksum or size."),
    /** The topic or partition does not exist on this broker. */
    UNKNOWN_TOPIC_OR_PARTITION(2, true, "This server does not host this topic or partition."),
    /** The topic name is empty, too long or uses characters outside [a-zA-Z0-9._-]. */
    INVALID_TOPIC(3, false, "The topic name is not valid."),
    /** A topic of that name already exists. */
    TOPIC_ALREADY_EXISTS(4, false, "A topic with this name already exists."),
    /** The partition count is not valid (below 1, or a decrease). */
    INVALID_PARTITIONS(5, false, "The number of partitions is not valid."),
    /** The replication factor is below 1 or above the number of live brokers. */
    INVALID_REPLICATION_FACTOR(6, false, "The replication factor is not valid."),
    /** A single record batch is larger than the topic's maximum message size. */
    MESSAGE_TOO_LARGE(7, false, "The record batch is larger than the maximum the server accepts."),
    /** The records of one partition in a produce request are larger than the segment size. */
    RECORD_LIST_TOO_LARGE(8, false, "The produce request's records are larger than the maximum segment size."),
    /** A record batch is well-formed but breaks a rule (offsets, timestamps, compaction keys). */
    INVALID_RECORD(9, false, "The record batch is not valid."),
    /** The requested offset is outside the partition's log. */
    OFFSET_OUT_OF_RANGE(10, false, "The requested offset is outside the range of offsets held by the server."),
    /** This broker is not the leader (or not a follower) of the partition; refresh metadata. */
    NOT_LEADER_OR_FOLLOWER(11, true, "This server is not the leader or a follower of that partition."),
    /** The request's leader epoch is older than the broker's. */
    FENCED_LEADER_EPOCH(12, true, "The leader epoch in the request is older than the server's."),
    /** The request's leader epoch is newer than the broker's. */
    UNKNOWN_LEADER_EPOCH(13, true, "The leader epoch in the request is newer than the server's."),
    /** Fewer in-sync replicas than min.insync.replicas; nothing was appended. */
    NOT_ENOUGH_REPLICAS(14, true, "There are fewer in-sync replicas than required."),
    /** The records were appended, but fewer in-sync replicas than required acknowledged them. */
    NOT_ENOUGH_REPLICAS_AFTER_APPEND(15, true, "The records were written to fewer in-sync replicas than required."),
    /** The request did not complete within its timeout. */
    REQUEST_TIMED_OUT(16, true, "The request timed out."),
    /** acks was not 0, 1 or -1. */
    INVALID_REQUIRED_ACKS(17, false, "The produce request has an invalid acks value."),
    /** A producer's sequence number skipped ahead of what the broker expected. */
    OUT_OF_ORDER_SEQUENCE_NUMBER(18, false, "The broker received an out of order sequence number."),
    /** A producer's batch was already appended; the earlier result stands. */
    DUPLICATE_SEQUENCE_NUMBER(19, false, "The broker received a duplicate sequence number."),
    /** The producer's epoch is older than the one the broker knows. */
    INVALID_PRODUCER_EPOCH(20, false, "The producer's epoch is not valid."),
    /** The broker has no state for the producer id (for example, after retention removed it). */
    UNKNOWN_PRODUCER_ID(21, false, "The broker has no state for this producer id."),
    /** The api version in the request header is not supported. */
    UNSUPPORTED_VERSION(22, false, "The version of the API is not supported."),
    /** The request is well-formed but its contents are not valid. */
    INVALID_REQUEST(23, false, "The request is not valid."),
    /** A broker policy rejected the request. */
    POLICY_VIOLATION(24, false, "The request violates a policy of the server."),
    /** A disk failed while reading or writing the partition. */
    STORAGE_ERROR(25, true, "A storage error occurred on the server."),
    /** The coordinator is loading or not yet elected. */
    COORDINATOR_NOT_AVAILABLE(26, true, "The coordinator is not available."),
    /** This broker is not the coordinator for the group or transactional id. */
    NOT_COORDINATOR(27, true, "This is not the correct coordinator."),
    /** The member's generation is not the group's current one. */
    ILLEGAL_GENERATION(28, false, "The generation id is not the current one."),
    /** The group has no member with that id. */
    UNKNOWN_MEMBER_ID(29, false, "The member id is not known to the coordinator."),
    /** The group is rebalancing; rejoin. */
    REBALANCE_IN_PROGRESS(30, false, "The group is rebalancing."),
    /** The session timeout is outside the broker's allowed range. */
    INVALID_SESSION_TIMEOUT(31, false, "The session timeout is not within the allowed range."),
    /** The group does not exist. */
    GROUP_ID_NOT_FOUND(32, false, "The group does not exist."),
    /** Authentication failed (bad credentials or mechanism). */
    SASL_AUTHENTICATION_FAILED(33, false, "Authentication failed."),
    /** The principal may not perform this operation on the topic. */
    TOPIC_AUTHORIZATION_FAILED(34, false, "Not authorized to access the topic."),
    /** The transaction is not in a state that allows the request. */
    INVALID_TXN_STATE(35, false, "The transaction is not in a state that allows this operation."),
    /** A newer producer with the same transactional id has fenced this one. */
    PRODUCER_FENCED(36, false, "A newer producer with the same transactional id has fenced this one."),
    /** The transactional id is not known to the coordinator. */
    TRANSACTIONAL_ID_NOT_FOUND(37, false, "The transactional id was not found."),
    /** A record timestamp is outside the allowed range. */
    INVALID_TIMESTAMP(38, false, "The timestamp of a record is out of the allowed range."),
    /** The controller epoch in the request is older than the broker's. */
    STALE_CONTROLLER_EPOCH(39, false, "The controller epoch in the request is stale."),
    /** The broker is not available (shutting down, or unknown to the controller). */
    BROKER_NOT_AVAILABLE(40, true, "The broker is not available."),
    /** The partition has no leader at the moment, for example during an election. */
    LEADER_NOT_AVAILABLE(41, true, "There is no leader for this partition at the moment."),
    /** The timeout in a request is not valid. */
    INVALID_TRANSACTION_TIMEOUT(42, false, "The transaction timeout is larger than the maximum allowed."),
    /** The principal may not use the transactional id. */
    TRANSACTIONAL_ID_AUTHORIZATION_FAILED(43, false, "Not authorized to use the transactional id."),
    /** The principal may not use the group. */
    GROUP_AUTHORIZATION_FAILED(44, false, "Not authorized to access the group."),
    /** The principal may not perform a cluster operation. */
    CLUSTER_AUTHORIZATION_FAILED(45, false, "Not authorized for this cluster operation."),
    /** A topic deletion is in progress. */
    TOPIC_DELETION_IN_PROGRESS(46, true, "The topic is being deleted."),
    /** Broker-side selector evaluation failed: the selector is not valid. */
    INVALID_SELECTOR(47, false, "The message selector is not valid."),
    /** The isolation level in the request is neither 0 nor 1. */
    INVALID_ISOLATION_LEVEL(48, false, "The isolation level is not valid."),
    /** A group's member count is at its configured maximum. */
    GROUP_MAX_SIZE_REACHED(49, false, "The group has reached its maximum size."),
    /** The follower replica is not in sync or not known to the leader. */
    REPLICA_NOT_AVAILABLE(50, true, "The replica is not available for the requested partition."),
    /** The request would be larger than the server accepts. */
    FRAME_TOO_LARGE(51, false, "The request frame is larger than the server accepts."),
    /** The subscription has active consumers, so it cannot be deleted or changed. */
    SUBSCRIPTION_IN_USE(60, false, "The subscription has active consumers."),
    /** No subscription of that name exists. */
    SUBSCRIPTION_NOT_FOUND(61, false, "The subscription does not exist."),
    /** An acknowledged record is not acquired by this member (its lock expired, or it was never delivered to it). */
    INVALID_RECORD_STATE(62, false, "The record is not acquired by this member."),
    /** The connection has not authenticated and the broker does not accept anonymous clients. */
    AUTHENTICATION_REQUIRED(80, false, "The broker requires authentication before this request."),
    /** The connection already authenticated; a connection authenticates once. */
    ALREADY_AUTHENTICATED(81, false, "The connection is already authenticated."),
    /** The XA transaction branch is not known to the coordinator (XA: XAER_NOTA). */
    UNKNOWN_XID(70, false, "The XA transaction branch is not known."),
    /** An XA branch with this Xid already exists (XA: XAER_DUPID). */
    DUPLICATE_XID(71, false, "An XA transaction branch with this Xid already exists."),
    /** The transaction was open longer than its timeout and the coordinator rolled it back (XA: XA_RBTIMEOUT). */
    TRANSACTION_TIMED_OUT(72, false, "The transaction timed out and was rolled back."),
    /** The transaction was rolled back instead of committed (XA: XA_RBROLLBACK). */
    TRANSACTION_ROLLED_BACK(73, false, "The transaction was rolled back."),
    /** The producer id does not belong to the transactional id or Xid of the request. */
    INVALID_PRODUCER_ID_MAPPING(74, false, "The producer id does not match the transaction."),
    /** The coordinator is still completing the previous transaction of this producer; retry. */
    CONCURRENT_TRANSACTIONS(75, true, "The previous transaction is still being completed."),
    /** The group id (consumer group, share group or subscription name) is empty or too long. */
    INVALID_GROUP_ID(52, false, "The group id is not valid."),
    /** The member's protocol type or protocols do not match the group's. */
    INCONSISTENT_GROUP_PROTOCOL(53, false, "The member's group protocols are not compatible with the group's."),
    /** The metadata committed with an offset is longer than the broker accepts. */
    OFFSET_METADATA_TOO_LARGE(54, false, "The metadata of the committed offset is too large."),
    /** The coordinator is still loading the group's state from its log. */
    COORDINATOR_LOAD_IN_PROGRESS(55, true, "The coordinator is loading and cannot serve this request yet."),
    /** The client id is held by another connection. */
    CLIENT_ID_IN_USE(63, false, "The client id is in use by another connection.");

    private static final Errors[] BY_CODE;
    private static final int CODE_BIAS = 1; // UNKNOWN_SERVER_ERROR is -1

    static {
        int max = 0;
        for (Errors e : values()) {
            max = Math.max(max, e.code);
        }
        BY_CODE = new Errors[max + 1 + CODE_BIAS];
        for (Errors e : values()) {
            if (BY_CODE[e.code + CODE_BIAS] != null) {
                throw new ExceptionInInitializerError("duplicate error code " + e.code);
            }
            BY_CODE[e.code + CODE_BIAS] = e;
        }
    }

    private final short code;
    private final boolean retriable;
    private final String defaultMessage;

    Errors(int code, boolean retriable, String defaultMessage) {
        this.code = (short) code;
        this.retriable = retriable;
        this.defaultMessage = defaultMessage;
    }

    /** @return the number sent on the wire; never changes */
    public short code() {
        return code;
    }

    /** @return whether the same request may succeed if retried (after a metadata refresh or a wait) */
    public boolean retriable() {
        return retriable;
    }

    /** @return a message for when a response carries no more specific one */
    public String defaultMessage() {
        return defaultMessage;
    }

    /**
     * Looks up an error by its wire code. A code this build does not know (sent by a newer
     * peer) maps to {@link #UNKNOWN_SERVER_ERROR}, so decoding never fails on it.
     *
     * @param code the code
     * @return the error
     */
    public static Errors forCode(short code) {
        int index = code + CODE_BIAS;
        Errors e = index >= 0 && index < BY_CODE.length ? BY_CODE[index] : null;
        return e == null ? UNKNOWN_SERVER_ERROR : e;
    }

    /**
     * Reads an int16 error code.
     *
     * @param reader the reader
     * @param field the field name, for error messages
     * @return the error; unknown codes map to {@link #UNKNOWN_SERVER_ERROR}
     */
    public static Errors read(WireReader reader, String field) {
        return forCode(reader.readInt16(field));
    }

    /**
     * Writes this error's int16 code.
     *
     * @param writer the writer
     */
    public void write(WireWriter writer) {
        writer.writeInt16(code);
    }
}
