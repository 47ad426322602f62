package io.partita.broker.group;

/**
 * The states of a consumer group, as the coordinator sees it.
 *
 * <pre>
 * Empty --join--> PreparingRebalance --all joined / rebalance timeout--> CompletingRebalance
 * CompletingRebalance --leader's SyncGroup--> Stable
 * Stable / CompletingRebalance --join, leave, session timeout--> PreparingRebalance
 * any --last member gone--> Empty
 * </pre>
 */
public enum GroupState {
    /** No members; the group may still have committed offsets. */
    EMPTY("Empty"),
    /** Waiting for the members to (re)join. */
    PREPARING_REBALANCE("PreparingRebalance"),
    /** The generation is formed; waiting for the leader's assignment. */
    COMPLETING_REBALANCE("CompletingRebalance"),
    /** Every member has its assignment and heartbeats. */
    STABLE("Stable"),
    /** The group is gone (reported for a group the coordinator does not know). */
    DEAD("Dead");

    private final String displayName;

    GroupState(String displayName) {
        this.displayName = displayName;
    }

    /** @return the name sent on the wire and shown by tools, e.g. "PreparingRebalance" */
    public String displayName() {
        return displayName;
    }
}
