package io.partita.broker.group.share;

import io.partita.broker.log.AbortedTxn;
import io.partita.broker.log.LogReadResult;
import io.partita.broker.replication.Partition;
import io.partita.protocol.TopicPartition;
import io.partita.protocol.message.EnvelopeReader;
import io.partita.protocol.message.MessageEnvelope;
import io.partita.protocol.record.Header;
import io.partita.protocol.record.Record;
import io.partita.protocol.record.RecordBatch;
import io.partita.protocol.record.RecordBatches;
import io.partita.protocol.selector.MapSelectorContext;
import io.partita.protocol.selector.Selector;
import io.partita.protocol.selector.SelectorContext;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The state of one share group on one partition: a window of at most {@code window} offsets
 * starting at the share start offset, each with a {@link RecordState}, a delivery count and, while
 * acquired, its member and lock deadline.
 *
 * <p><b>Memory.</b> The window is four parallel arrays used as a ring indexed by
 * {@code offset % window}: 1 byte of state, 2 bytes of delivery count, 8 bytes of deadline and one
 * reference per offset, whatever the records hold or what consumers do. An offset beyond the window
 * is not looked at until the start moves; the start moves past every leading offset that is
 * ACKNOWLEDGED or ARCHIVED. Records that match no current selector stay AVAILABLE inside the
 * window as a state byte only; when they fill it, nothing newer is delivered until they are
 * consumed (or expire), which bounds memory and keeps queue order fair.
 *
 * <p><b>Delivery.</b> Each acquisition reads the window from the log up to the last stable offset
 * (a share group reads committed, as a JMS queue must: records of open transactions wait, records
 * of aborted ones are archived like control records). Record headers only are looked at: the
 * envelope for expiry, delivery time, priority and selectors. It archives expired records and,
 * for a subscription, records its selector does not match; then acquires up to the requested
 * number of AVAILABLE, due, matching records, higher priority first and in offset order within a
 * priority.
 *
 * <p><b>Persistence.</b> Methods return the {@link Change}s to append to {@code __share_state}. An
 * acquisition is stored as AVAILABLE with the raised delivery count ("delivered n times"), so that
 * after a restart the record is delivered again with count n + 1. Releases are not stored (the
 * count was stored on acquisition); acknowledgements and dead-lettering are. Archiving decided by
 * a scan (expiry, a subscription's selector, offsets missing from the log) is not stored: the next
 * scan decides it again.
 *
 * <p>Thread-safe: every method synchronizes on the partition.
 */
final class SharePartition {
    private static final int READ_BYTES = 1 << 20;
    private static final MapSelectorContext NO_ENVELOPE = new MapSelectorContext();
    private static final String TXN_OWNER_PREFIX = "\u0000txn:";

    /**
     * One stored state change.
     *
     * @param offset the record's offset
     * @param state its state (AVAILABLE, ACKNOWLEDGED or ARCHIVED)
     * @param deliveryCount its delivery count
     */
    record Change(long offset, RecordState state, int deliveryCount) {
    }

    /**
     * A record acquired for a member.
     *
     * @param offset its offset
     * @param deliveryCount its delivery count, this delivery included
     * @param record the record as read from the log
     */
    record Acquired(long offset, int deliveryCount, Record record) {
    }

    /**
     * A record to move to the dead-letter topic; it is ARCHIVED in memory already.
     *
     * @param offset its offset
     * @param deliveryCount its delivery count
     * @param reason why, for the dead-letter header
     */
    record DeadLetter(long offset, int deliveryCount, String reason) {
    }

    /** What a call changed: changes to store, dead letters to write, records acquired. */
    static final class Outcome {
        final List<Change> changes = new ArrayList<>();
        final List<DeadLetter> deadLetters = new ArrayList<>();
        final List<Acquired> acquired = new ArrayList<>();
        final List<String> failures = new ArrayList<>();
        int released;

        boolean isEmpty() {
            return changes.isEmpty() && deadLetters.isEmpty() && acquired.isEmpty();
        }
    }

    private record Candidate(long offset, int priority, Record record) {
    }

    private final TopicPartition topicPartition;
    private final int window;
    private final byte[] states;
    private final short[] counts;
    private final long[] deadlines;
    private final String[] owners;
    private long start;
    private int acquiredCount;

    SharePartition(TopicPartition topicPartition, int window, long startOffset) {
        this.topicPartition = topicPartition;
        this.window = window;
        this.states = new byte[window];
        this.counts = new short[window];
        this.deadlines = new long[window];
        this.owners = new String[window];
        this.start = startOffset;
    }

    TopicPartition topicPartition() {
        return topicPartition;
    }

    synchronized long startOffset() {
        return start;
    }

    synchronized int acquiredCount() {
        return acquiredCount;
    }

    /** The state of {@code offset}: done below the window, AVAILABLE beyond it. */
    synchronized RecordState state(long offset) {
        if (offset < start) {
            return RecordState.ACKNOWLEDGED;
        }
        return offset >= start + window ? RecordState.AVAILABLE : RecordState.forCode(states[idx(offset)]);
    }

    /**
     * Adds to {@code out} the finished (acknowledged or archived) offsets in
     * {@code [from, to)} at or above the start, in ascending order; beyond the window nothing is
     * finished yet.
     *
     * @return the start offset (everything below it is finished)
     */
    synchronized long finished(long from, long to, List<Long> out) {
        long hi = Math.min(to, start + window);
        for (long o = Math.max(from, start); o < hi; o++) {
            if (RecordState.forCode(states[idx(o)]).done()) {
                out.add(o);
            }
        }
        return start;
    }

    /** The delivery count of {@code offset} in the window, else 0. */
    synchronized int deliveryCount(long offset) {
        return inWindow(offset) ? counts[idx(offset)] : 0;
    }

    private int idx(long offset) {
        return (int) Math.floorMod(offset, (long) window);
    }

    private boolean inWindow(long offset) {
        return offset >= start && offset < start + window;
    }

    private void clear(int i) {
        if (states[i] == RecordState.ACQUIRED.code()) {
            acquiredCount--;
        }
        states[i] = RecordState.AVAILABLE.code();
        counts[i] = 0;
        deadlines[i] = 0;
        owners[i] = null;
    }

    /** Moves the start to {@code offset} (forward only), forgetting what lies below. */
    synchronized void moveStartTo(long offset) {
        if (offset <= start) {
            return;
        }
        long clearEnd = Math.min(offset, start + window);
        for (long o = start; o < clearEnd; o++) {
            clear(idx(o));
        }
        start = offset;
        advance();
    }

    private void advance() {
        while (RecordState.forCode(states[idx(start)]).done()) {
            clear(idx(start));
            start++;
        }
    }

    /**
     * Applies stored changes while loading {@code __share_state}.
     *
     * @param storedStart the start offset stored with them
     * @param snapshot whether they are a whole snapshot (everything else AVAILABLE, never delivered)
     */
    synchronized void replay(long storedStart, boolean snapshot, List<Change> changes) {
        if (snapshot) {
            for (int i = 0; i < window; i++) {
                clear(i);
            }
            start = storedStart;
        } else {
            moveStartTo(storedStart);
        }
        for (Change c : changes) {
            if (inWindow(c.offset())) {
                int i = idx(c.offset());
                if (states[i] == RecordState.ACQUIRED.code()) {
                    acquiredCount--;
                    owners[i] = null;
                }
                states[i] = c.state().code();
                counts[i] = (short) Math.min(Short.MAX_VALUE, c.deliveryCount());
            }
        }
        advance();
    }

    /** The whole state as stored in a snapshot: the start and every offset not AVAILABLE with count 0. */
    synchronized Snapshot snapshot() {
        List<Change> entries = new ArrayList<>();
        for (long o = start; o < start + window; o++) {
            int i = idx(o);
            RecordState s = RecordState.forCode(states[i]);
            if (s != RecordState.AVAILABLE || counts[i] != 0) {
                entries.add(new Change(o, s == RecordState.ACQUIRED ? RecordState.AVAILABLE : s, counts[i]));
            }
        }
        return new Snapshot(start, entries);
    }

    /** A snapshot: the start offset and the entries. */
    record Snapshot(long startOffset, List<Change> entries) {
    }

    /**
     * Acquires up to {@code maxRecords} records for {@code member}.
     *
     * @param memberSelector the member's selector; records it does not match stay AVAILABLE
     * @param subscriptionSelector the subscription's selector, or null; records it does not match are ARCHIVED
     */
    synchronized Outcome acquire(String member, Selector memberSelector, Selector subscriptionSelector, int maxRecords,
            long nowMs, long lockDurationMs, int maxDeliveryAttempts, Partition partition) throws IOException {
        Outcome out = new Outcome();
        expireLocks(nowMs, maxDeliveryAttempts, out);
        moveStartTo(partition.logStartOffset());
        // Queues read committed: up to the last stable offset, skipping aborted transactions.
        long highWatermark = partition.lastStableOffset();
        long end = Math.min(highWatermark, start + window);
        List<AbortedTxn> aborted = end > start ? partition.abortedTransactions(start, end) : List.of();
        List<Candidate> candidates = new ArrayList<>();
        EnvelopeReader envelope = new EnvelopeReader();
        long pos = start;
        while (pos < end) {
            ByteBuffer buf;
            // Whole batches up to the high watermark: a batch may straddle the window's end.
            try (LogReadResult read = partition.read(pos, READ_BYTES, highWatermark, true)) {
                buf = read.records().readAll();
            }
            long before = pos;
            for (RecordBatch batch : new RecordBatches(buf)) {
                if (batch.lastOffset() < pos) {
                    continue;
                }
                if (batch.isControlBatch() || (batch.isTransactional() && isAborted(batch, aborted))) {
                    archiveRange(pos, Math.min(end, batch.lastOffset() + 1));
                    pos = batch.lastOffset() + 1;
                    continue;
                }
                for (Record r : batch.records()) {
                    long o = r.offset();
                    if (o < pos) {
                        continue;
                    }
                    if (o >= end) {
                        break;
                    }
                    archiveRange(pos, o);
                    consider(o, r, envelope, memberSelector, subscriptionSelector, nowMs, candidates);
                    pos = o + 1;
                }
                long next = Math.min(end, batch.lastOffset() + 1);
                archiveRange(pos, next);
                pos = Math.max(pos, next);
                if (pos >= end) {
                    break;
                }
            }
            if (pos == before) {
                break;
            }
        }
        candidates.sort(Comparator.comparingInt(Candidate::priority).reversed().thenComparingLong(Candidate::offset));
        for (int k = 0; k < candidates.size() && out.acquired.size() < maxRecords; k++) {
            Candidate c = candidates.get(k);
            int i = idx(c.offset());
            states[i] = RecordState.ACQUIRED.code();
            counts[i] = (short) Math.min(Short.MAX_VALUE, counts[i] + 1);
            owners[i] = member;
            deadlines[i] = nowMs + lockDurationMs;
            acquiredCount++;
            out.acquired.add(new Acquired(c.offset(), counts[i], c.record()));
            out.changes.add(new Change(c.offset(), RecordState.AVAILABLE, counts[i]));
        }
        advance();
        return out;
    }

    private static boolean isAborted(RecordBatch batch, List<AbortedTxn> aborted) {
        for (AbortedTxn t : aborted) {
            if (t.producerId() == batch.producerId() && t.firstOffset() <= batch.baseOffset()
                    && batch.lastOffset() < t.lastOffset()) {
                return true;
            }
        }
        return false;
    }

    private void archiveRange(long from, long to) {
        for (long o = Math.max(from, start); o < to && o < start + window; o++) {
            int i = idx(o);
            if (states[i] == RecordState.AVAILABLE.code()) {
                states[i] = RecordState.ARCHIVED.code();
            }
        }
    }

    private void consider(long o, Record r, EnvelopeReader envelope, Selector memberSelector,
            Selector subscriptionSelector, long nowMs, List<Candidate> candidates) {
        int i = idx(o);
        if (states[i] != RecordState.AVAILABLE.code()) {
            return;
        }
        SelectorContext context = NO_ENVELOPE;
        int priority = 4;
        long deliveryTime = 0;
        ByteBuffer env = r.header(MessageEnvelope.HEADER_KEY);
        if (env != null) {
            try {
                envelope.wrap(env);
                if (envelope.expiration() > 0 && envelope.expiration() <= nowMs) {
                    states[i] = RecordState.ARCHIVED.code();
                    return;
                }
                priority = envelope.priority();
                deliveryTime = envelope.deliveryTime();
                context = envelope;
            } catch (RuntimeException malformed) {
                context = NO_ENVELOPE;
            }
        }
        int nextCount = counts[i] + 1;
        if (subscriptionSelector != null && !subscriptionSelector.matchesAll()
                && !subscriptionSelector.matches(context, nextCount)) {
            states[i] = RecordState.ARCHIVED.code();
            return;
        }
        if (deliveryTime > nowMs) {
            return;
        }
        if (memberSelector != null && !memberSelector.matchesAll() && !memberSelector.matches(context, nextCount)) {
            return;
        }
        candidates.add(new Candidate(o, priority, r));
    }

    /** Releases records acquired by a fetch whose response was never sent: as if never acquired. */
    synchronized void unacquire(List<Acquired> acquired, String member) {
        for (Acquired a : acquired) {
            if (inWindow(a.offset())) {
                int i = idx(a.offset());
                if (states[i] == RecordState.ACQUIRED.code() && member.equals(owners[i])) {
                    states[i] = RecordState.AVAILABLE.code();
                    counts[i] = (short) Math.max(0, counts[i] - 1);
                    owners[i] = null;
                    acquiredCount--;
                }
            }
        }
    }

    /**
     * Applies one acknowledgement of {@code member}.
     *
     * @param type {@code ShareAcknowledgeRequest.ACCEPT}, {@code RELEASE} or {@code REJECT}
     */
    synchronized void acknowledge(String member, long offset, byte type, int maxDeliveryAttempts, Outcome out) {
        if (!inWindow(offset) || states[idx(offset)] != RecordState.ACQUIRED.code()
                || !member.equals(owners[idx(offset)])) {
            out.failures.add("offset " + offset + " is not acquired by this member");
            return;
        }
        int i = idx(offset);
        switch (type) {
            case 1 -> {
                setDone(i, RecordState.ACKNOWLEDGED);
                out.changes.add(new Change(offset, RecordState.ACKNOWLEDGED, counts[i]));
            }
            case 2 -> release(offset, maxDeliveryAttempts, out);
            case 3 -> {
                setDone(i, RecordState.ARCHIVED);
                out.deadLetters.add(new DeadLetter(offset, counts[i], "rejected by the consumer after "
                        + counts[i] + " deliveries"));
            }
            default -> out.failures.add("offset " + offset + ": unknown acknowledgement type " + type);
        }
        advance();
    }

    private void setDone(int i, RecordState s) {
        if (states[i] == RecordState.ACQUIRED.code()) {
            acquiredCount--;
        }
        states[i] = s.code();
        owners[i] = null;
        deadlines[i] = 0;
    }

    private void release(long offset, int maxDeliveryAttempts, Outcome out) {
        int i = idx(offset);
        if (counts[i] >= maxDeliveryAttempts) {
            setDone(i, RecordState.ARCHIVED);
            out.deadLetters.add(new DeadLetter(offset, counts[i], "delivered " + counts[i]
                    + " times without being accepted (max.delivery.attempts=" + maxDeliveryAttempts + ")"));
        } else {
            setDone(i, RecordState.AVAILABLE);
            out.released++;
        }
    }

    /** Releases every record {@code member} holds (it left or its connection dropped). */
    synchronized void releaseMember(String member, int maxDeliveryAttempts, Outcome out) {
        if (acquiredCount == 0) {
            return;
        }
        for (long o = start; o < start + window; o++) {
            int i = idx(o);
            if (states[i] == RecordState.ACQUIRED.code() && member.equals(owners[i])) {
                release(o, maxDeliveryAttempts, out);
            }
        }
        advance();
    }

    /** Releases every record whose lock deadline has passed. */
    synchronized void expireLocks(long nowMs, int maxDeliveryAttempts, Outcome out) {
        if (acquiredCount == 0) {
            return;
        }
        for (long o = start; o < start + window; o++) {
            int i = idx(o);
            if (states[i] == RecordState.ACQUIRED.code() && deadlines[i] <= nowMs) {
                release(o, maxDeliveryAttempts, out);
            }
        }
        advance();
    }

    /** Puts back records a dead-letter write could not move: AVAILABLE with their count. */
    synchronized void restore(List<DeadLetter> deadLetters) {
        for (DeadLetter d : deadLetters) {
            if (inWindow(d.offset()) && states[idx(d.offset())] == RecordState.ARCHIVED.code()) {
                states[idx(d.offset())] = RecordState.AVAILABLE.code();
            }
        }
    }

    /**
     * Transactions: moves {@code member}'s acquired records at {@code offsets} to the
     * transaction {@code txnId}, with no lock deadline, so that the member's leaving or a timeout
     * does not release them. {@link #acknowledge} with member {@link #txnOwner(String)} applies them
     * on commit; {@link #releaseMember} with that owner releases them (count kept) on abort.
     *
     * @return the offsets that could not be staged (not acquired by the member)
     */
    synchronized List<Long> stage(String member, String txnId, List<Long> offsets) {
        List<Long> failed = new ArrayList<>();
        for (long o : offsets) {
            if (inWindow(o) && states[idx(o)] == RecordState.ACQUIRED.code() && member.equals(owners[idx(o)])) {
                owners[idx(o)] = txnOwner(txnId);
                deadlines[idx(o)] = Long.MAX_VALUE;
            } else {
                failed.add(o);
            }
        }
        return failed;
    }

    /**
     * Gives staged records back to {@code member} (their staging could not be stored), locked
     * until {@code deadline}.
     */
    synchronized void unstage(String txnId, String member, List<Long> offsets, long deadline) {
        String owner = txnOwner(txnId);
        for (long o : offsets) {
            if (inWindow(o) && states[idx(o)] == RecordState.ACQUIRED.code() && owner.equals(owners[idx(o)])) {
                owners[idx(o)] = member;
                deadlines[idx(o)] = deadline;
            }
        }
    }

    /**
     * Replays a stored staging: the record at {@code offset} is held by transaction {@code txnId}
     * (no deadline), unless it is already finished (the transaction committed after the staging
     * was stored).
     */
    synchronized void restage(String txnId, long offset, int deliveryCount) {
        if (!inWindow(offset)) {
            return;
        }
        int i = idx(offset);
        if (RecordState.forCode(states[i]).done()) {
            return;
        }
        if (states[i] != RecordState.ACQUIRED.code()) {
            acquiredCount++;
        }
        states[i] = RecordState.ACQUIRED.code();
        counts[i] = (short) Math.max(counts[i], Math.min(Short.MAX_VALUE, deliveryCount));
        owners[i] = txnOwner(txnId);
        deadlines[i] = Long.MAX_VALUE;
    }

    /**
     * Replays the end of a transaction: its records still held become AVAILABLE, counts kept
     * (nothing is dead-lettered during replay; the next release or acquisition decides).
     */
    synchronized void dropTransaction(String txnId) {
        if (acquiredCount == 0) {
            return;
        }
        String owner = txnOwner(txnId);
        for (long o = start; o < start + window; o++) {
            int i = idx(o);
            if (states[i] == RecordState.ACQUIRED.code() && owner.equals(owners[i])) {
                states[i] = RecordState.AVAILABLE.code();
                owners[i] = null;
                deadlines[i] = 0;
                acquiredCount--;
            }
        }
    }

    /** The owner name under which a transaction holds staged records. */
    static String txnOwner(String txnId) {
        return TXN_OWNER_PREFIX + txnId;
    }

    /** Reads the record at {@code offset} from the log, or null when it is gone. */
    static Record readRecord(Partition partition, long offset) throws IOException {
        if (offset < partition.logStartOffset() || offset >= partition.highWatermark()) {
            return null;
        }
        ByteBuffer buf;
        try (LogReadResult read = partition.read(offset, READ_BYTES, partition.highWatermark(), true)) {
            buf = read.records().readAll();
        }
        for (RecordBatch batch : new RecordBatches(buf)) {
            if (batch.lastOffset() < offset || batch.isControlBatch()) {
                continue;
            }
            for (Record r : batch.records()) {
                if (r.offset() == offset) {
                    return r;
                }
            }
        }
        return null;
    }

    /** The headers of {@code r} plus the dead-letter headers. */
    static List<Header> deadLetterHeaders(Record r, TopicPartition tp, String group, DeadLetter d) {
        List<Header> headers = new ArrayList<>(r.headers());
        headers.add(Header.of(DeadLetters.REASON_HEADER, d.reason().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        headers.add(Header.of(DeadLetters.ORIGIN_HEADER, (tp + "@" + d.offset() + " group " + group)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        headers.add(Header.of(DeadLetters.DELIVERY_COUNT_HEADER, Integer.toString(d.deliveryCount())
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return headers;
    }
}
