package io.partita.broker.group.share;

import io.partita.protocol.TopicPartition;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The acknowledgements that open transactions have staged, by transaction, share group and
 * partition: what a commit applies, what an abort releases, and what a snapshot of
 * {@code __share_state} must carry again (type 4 records, see {@link ShareStateLog}).
 *
 * <p>A transaction is named here by a string made from its coordinator key (see
 * {@link ShareTransactionParticipant#txnId}). Thread-safe: every method synchronizes.
 */
final class StagedAcknowledgements {

    /**
     * One staged acknowledgement.
     *
     * @param offset the record's offset
     * @param type ACCEPT, RELEASE or REJECT (the codes of ShareAcknowledge)
     * @param deliveryCount the record's delivery count when it was staged
     */
    record Staged(long offset, byte type, int deliveryCount) {
    }

    /** txn → group → partition → offset → staged. */
    private final Map<String, Map<String, Map<TopicPartition, Map<Long, Staged>>>> byTxn = new LinkedHashMap<>();

    synchronized void add(String txnId, String group, TopicPartition tp, Staged staged) {
        byTxn.computeIfAbsent(txnId, k -> new LinkedHashMap<>()).computeIfAbsent(group, k -> new LinkedHashMap<>())
                .computeIfAbsent(tp, k -> new LinkedHashMap<>()).put(staged.offset(), staged);
    }

    synchronized void remove(String txnId, String group, TopicPartition tp, long offset) {
        Map<String, Map<TopicPartition, Map<Long, Staged>>> groups = byTxn.get(txnId);
        Map<TopicPartition, Map<Long, Staged>> parts = groups == null ? null : groups.get(group);
        Map<Long, Staged> offsets = parts == null ? null : parts.get(tp);
        if (offsets != null) {
            offsets.remove(offset);
        }
    }

    /** A copy of what {@code txnId} staged: group → partition → acknowledgements; empty if nothing. */
    synchronized Map<String, Map<TopicPartition, List<Staged>>> of(String txnId) {
        Map<String, Map<TopicPartition, List<Staged>>> out = new LinkedHashMap<>();
        byTxn.getOrDefault(txnId, Map.of()).forEach((group, parts) -> {
            Map<TopicPartition, List<Staged>> p = new LinkedHashMap<>();
            parts.forEach((tp, offsets) -> p.put(tp, new ArrayList<>(offsets.values())));
            out.put(group, p);
        });
        return out;
    }

    /** Forgets what {@code txnId} staged in {@code group}. */
    synchronized void done(String txnId, String group) {
        Map<String, Map<TopicPartition, Map<Long, Staged>>> groups = byTxn.get(txnId);
        if (groups != null) {
            groups.remove(group);
            if (groups.isEmpty()) {
                byTxn.remove(txnId);
            }
        }
    }

    /** The transactions with staged acknowledgements, sorted. */
    synchronized Set<String> transactions() {
        return new TreeSet<>(byTxn.keySet());
    }

    /** Every staged acknowledgement as type 4 records, for a snapshot round. */
    synchronized List<ShareStateLog.Encoded> encodeAll() {
        List<ShareStateLog.Encoded> out = new ArrayList<>();
        byTxn.forEach((txn, groups) -> groups.forEach((group, parts) -> parts.forEach((tp, offsets) -> {
            if (!offsets.isEmpty()) {
                out.add(ShareStateLog.staged(txn, group, tp, new ArrayList<>(offsets.values())));
            }
        })));
        return out;
    }
}
