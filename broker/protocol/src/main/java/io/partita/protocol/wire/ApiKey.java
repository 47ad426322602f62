package io.partita.protocol.wire;

/**
 * The APIs of Partita's wire protocol.
 *
 * <p>The numeric {@link #id()} of an API is part of the protocol: it is never changed or
 * reused. New APIs get new ids at the end. Each API has a range of versions this build can
 * encode and decode; APIs that are declared but have no codec yet have an empty range
 * ({@link #maxVersion()} below {@link #minVersion()}) and are not
 * {@linkplain #advertised() advertised} by ApiVersions. {@code ApiKeyTest} pins every id.
 */
public enum ApiKey {

    /** Which APIs and versions the broker supports. */
    API_VERSIONS(0, 0, 0),
    /** Brokers, topics, partitions and their leaders. */
    METADATA(1, 0, 0),
    /** Creates topics. */
    CREATE_TOPICS(2, 0, 0),
    /** Deletes topics. */
    DELETE_TOPICS(3, 0, 0),
    /** Appends record batches to partition leaders. */
    PRODUCE(4, 0, 0),
    /** Reads record batches (long poll). */
    FETCH(5, 0, 0),
    /** Finds offsets by timestamp, or the earliest and latest offsets. */
    LIST_OFFSETS(6, 0, 0),
    /** Assigns a producer id and epoch for idempotent or transactional producing. */
    INIT_PRODUCER_ID(7, 0, 0),
    /** Finds the broker coordinating a group or a transactional id. */
    FIND_COORDINATOR(8, 0, 0),
    /** Joins a consumer group. */
    JOIN_GROUP(9, 0, 0),
    /** Distributes a group's assignment. */
    SYNC_GROUP(10, 0, 0),
    /** Keeps a group membership alive. */
    HEARTBEAT(11, 0, 0),
    /** Leaves a group. */
    LEAVE_GROUP(12, 0, 0),
    /** Commits group offsets. */
    OFFSET_COMMIT(13, 0, 0),
    /** Reads committed group offsets. */
    OFFSET_FETCH(14, 0, 0),
    /** Acquires records for a share group member (long poll). */
    SHARE_FETCH(15, 0, 0),
    /** Accepts, releases or rejects acquired records; optionally leaves the share group. */
    SHARE_ACKNOWLEDGE(16, 0, 0),
    /** Authenticates the connection with a user name and password. */
    AUTHENTICATE(17, 0, 0),
    /** Adds partitions to an ongoing transaction. */
    ADD_PARTITIONS_TO_TXN(18, 0, 0),
    /** Commits or aborts a transaction. */
    END_TXN(19, 0, 0),
    /** Controller to broker: partition leadership and ISR (reserved). */
    LEADER_AND_ISR(20),
    /** Controller to broker: cluster metadata (reserved). */
    UPDATE_METADATA(21),
    /** Follower fetches from a leader (reserved). */
    REPLICA_FETCH(22),
    /** Creates (or reuses, or replaces) a topic subscription. */
    CREATE_SUBSCRIPTION(25, 0, 0),
    /** Deletes a topic subscription and its state. */
    DELETE_SUBSCRIPTION(26, 0, 0),
    /** Lists the topic subscriptions. */
    LIST_SUBSCRIPTIONS(27, 0, 0),
    /** Starts an XA transaction branch and returns the producer identity its sends carry. */
    XA_START(30, 0, 0),
    /** Prepares an XA branch (first phase of two-phase commit). */
    XA_PREPARE(31, 0, 0),
    /** Commits an XA branch, prepared (two-phase) or not (one-phase). */
    XA_COMMIT(32, 0, 0),
    /** Rolls back an XA branch. */
    XA_ROLLBACK(33, 0, 0),
    /** Lists the prepared XA branches. */
    XA_RECOVER(34, 0, 0),
    /** Forgets a heuristically completed XA branch. */
    XA_FORGET(35, 0, 0),
    /** Tells which records of a share group are finished in ranges of offsets (for queue browsers). */
    SHARE_BROWSE(40, 0, 0),
    /** Lists the groups a broker coordinates. */
    LIST_GROUPS(23, 0, 0),
    /** Describes groups: state, protocol, members and their assignments. */
    DESCRIBE_GROUPS(24, 0, 0),
    /** Acknowledges acquired records inside a transaction: staged until the transaction commits or aborts. */
    TXN_SHARE_ACKNOWLEDGE(41, 0, 0),
    /** Claims a JMS client id for the connection it is sent on, or releases it. */
    CLIENT_ID_CLAIM(42, 0, 0);

    private static final ApiKey[] BY_ID;

    static {
        int max = 0;
        for (ApiKey k : values()) {
            max = Math.max(max, k.id);
        }
        BY_ID = new ApiKey[max + 1];
        for (ApiKey k : values()) {
            if (BY_ID[k.id] != null) {
                throw new ExceptionInInitializerError("duplicate api key id " + k.id);
            }
            BY_ID[k.id] = k;
        }
    }

    private final short id;
    private final short minVersion;
    private final short maxVersion;

    ApiKey(int id, int minVersion, int maxVersion) {
        this.id = (short) id;
        this.minVersion = (short) minVersion;
        this.maxVersion = (short) maxVersion;
    }

    /** A reserved API: the id is fixed, no version is supported yet. */
    ApiKey(int id) {
        this(id, 0, -1);
    }

    /** @return the id sent on the wire; never changes */
    public short id() {
        return id;
    }

    /** @return the lowest version this build supports */
    public short minVersion() {
        return minVersion;
    }

    /** @return the highest version this build supports; below {@link #minVersion()} if none */
    public short maxVersion() {
        return maxVersion;
    }

    /** @return whether this build has a codec for some version, and so lists it in ApiVersions */
    public boolean advertised() {
        return maxVersion >= minVersion;
    }

    /**
     * @param version a version
     * @return whether this build can encode and decode {@code version} of this API
     */
    public boolean isVersionSupported(short version) {
        return version >= minVersion && version <= maxVersion;
    }

    /**
     * Throws unless {@code version} is supported.
     *
     * @param version a version
     * @throws UnsupportedVersionException if it is not
     */
    public void checkVersion(short version) {
        if (!isVersionSupported(version)) {
            throw new UnsupportedVersionException(this, version);
        }
    }

    /** @return the supported versions as text, e.g. "0..2", or "none" */
    public String versionRangeText() {
        return advertised() ? minVersion + ".." + maxVersion : "none";
    }

    /**
     * Looks up an API by its wire id.
     *
     * @param id the id
     * @return the API, or null if the id is unknown
     */
    public static ApiKey forId(short id) {
        return id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
    }
}
