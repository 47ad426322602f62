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
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The state of one share group on one partition, from the share start offset (SSO, the oldest
 * unfinished offset) to the <em>frontier</em> (every offset below it has been looked at; every
 * offset at or above it is AVAILABLE, never delivered).
 *
 * <p><b>Memory.</b> Between the SSO and the frontier each offset is one of: finished
 * (ACKNOWLEDGED or ARCHIVED: one bit set in an {@link OffsetBitmap}); held, that is ACQUIRED or
 * AVAILABLE with a delivery count above 0 (an entry of a sorted map with its count, owner and lock
 * deadline); or waiting, AVAILABLE and never delivered (its bit clear, nothing else: records no
 * current selector matches cost one bit each). Three bounds hold whatever consumers do:
 * at most {@code maxLocks} records are ACQUIRED; new records are not looked at while
 * {@code maxLocks} released records wait in the map, nor beyond {@code maxPending} offsets past
 * the SSO (the bitmap is then at most {@code maxPending / 8} bytes); until older records are
 * consumed, expire or leave by retention. At a bound, every fetch reads the waiting records from
 * the SSO, whatever its horizon, so that expired ones are archived and the SSO moves on. The two finished states are one bit: {@link #state}
 * reports a finished offset as ACKNOWLEDGED.
 *
 * <p><b>Delivery.</b> Each acquisition reads from the log, up to the last stable offset (a share
 * group reads committed, as a JMS queue must: records of open transactions wait, records of
 * aborted ones are archived like control records), the waiting records and at most
 * {@code maxLocks} new ones beyond the frontier. Record headers only are looked at: the envelope
 * for expiry, delivery time, priority and selectors. It archives expired records and, for a
 * subscription, records its selector does not match; then acquires up to the requested number of
 * AVAILABLE, due, matching records, higher priority first and in offset order within a priority.
 * So that a consumer whose selector matches few records does not read the records it passed over
 * again at every fetch, each member selector has a <em>horizon</em>: below it, no waiting record
 * matches that selector. A scan starts at the horizon and leaves it at the first record it saw
 * matching but did not acquire, or not yet due; a release lowers every horizon to the released
 * offset. Horizons are kept for the 64 selectors used last (a forgotten one only costs a scan
 * from the SSO).
 * What a scan found and did not acquire is kept as a {@link ScanWindow} for the next fetch with
 * the same selector, which then reads only the offsets beyond it and the records it acquires.
 *
 * <p><b>Persistence.</b> Methods return the {@link Change}s to append to {@code __share_state}. An
 * acquisition is stored as AVAILABLE with the raised delivery count ("delivered n times"), so that
 * after a restart the record is delivered again with count n + 1. Releases are not stored (the
 * count was stored on acquisition); acknowledgements and dead-lettering are. Archiving decided by
 * a scan (expiry, a subscription's selector, offsets missing from the log) is not stored: the next
 * scan decides it again. Waiting records need nothing stored: an offset with no stored state is
 * AVAILABLE with count 0.
 *
 * <p>Thread-safe: every method synchronizes on the partition.
 */
final class SharePartition {
    private static final int READ_BYTES = 1 << 20;
    private static final int FIRST_READ_BYTES = 64 << 10;
    /** With {@code maxLocks} offsets, how far past the first candidate a scan looks for higher priorities. */
    static final long WINDOW_BYTES = 16L << 20;
    private static final int MAX_HORIZONS = 64;
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

        /** Whether records became available again or left: fetches waiting on the partition may go on. */
        boolean freedRecords() {
            return released > 0 || !deadLetters.isEmpty();
        }
    }

    /** A held record: ACQUIRED (owner set) or AVAILABLE with a delivery count above 0. */
    private static final class Held {
        int count;
        String owner;
        long deadline;

        boolean acquired() {
            return owner != null;
        }
    }

    private final TopicPartition topicPartition;
    private final int maxLocks;
    private final int maxPending;
    private final TreeMap<Long, Held> held = new TreeMap<>();
    private final Map<String, Long> horizons = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > MAX_HORIZONS;
        }
    };
    private OffsetBitmap finished;
    private long start;
    private long frontier;
    private int acquiredCount;
    /** What the last scan found and did not acquire, for its selector; null when unknown. */
    private ScanWindow window;

    /**
     * @param maxLocks the most records ACQUIRED at once, and of released records waiting
     * @param maxPending the most offsets looked at beyond the SSO
     * @param startOffset the SSO
     */
    SharePartition(TopicPartition topicPartition, int maxLocks, int maxPending, long startOffset) {
        this.topicPartition = topicPartition;
        this.maxLocks = maxLocks;
        this.maxPending = maxPending;
        this.start = startOffset;
        this.frontier = startOffset;
        this.finished = new OffsetBitmap(startOffset);
    }

    TopicPartition topicPartition() {
        return topicPartition;
    }

    synchronized long startOffset() {
        return start;
    }

    /** @return the frontier: every offset below it has been looked at */
    synchronized long frontier() {
        return frontier;
    }

    synchronized int acquiredCount() {
        return acquiredCount;
    }

    /** The state of {@code offset}: finished below the SSO (and reported ACKNOWLEDGED), AVAILABLE beyond the frontier. */
    synchronized RecordState state(long offset) {
        if (offset < start || finished.get(offset)) {
            return RecordState.ACKNOWLEDGED;
        }
        Held h = held.get(offset);
        return h != null && h.acquired() ? RecordState.ACQUIRED : RecordState.AVAILABLE;
    }

    /**
     * Adds to {@code out} the finished (acknowledged or archived) offsets in {@code [from, to)} at
     * or above the start, in ascending order; beyond the frontier nothing is finished yet.
     *
     * @return the start offset (everything below it is finished)
     */
    synchronized long finished(long from, long to, List<Long> out) {
        long hi = Math.min(to, frontier);
        for (long o = finished.nextSet(Math.max(from, start), hi); o < hi; o = finished.nextSet(o + 1, hi)) {
            out.add(o);
        }
        return start;
    }

    /** The delivery count of {@code offset} while held, else 0. */
    synchronized int deliveryCount(long offset) {
        Held h = held.get(offset);
        return h == null ? 0 : h.count;
    }

    /** Whether {@code offset} is AVAILABLE (waiting or released). */
    private boolean available(long offset) {
        if (offset < start || finished.get(offset)) {
            return false;
        }
        Held h = held.get(offset);
        return h == null || !h.acquired();
    }

    /** Marks {@code offset} finished. */
    private void finish(long offset) {
        Held h = held.remove(offset);
        if (h != null && h.acquired()) {
            acquiredCount--;
        }
        finished.set(offset);
        frontier = Math.max(frontier, offset + 1);
    }

    private void lowerHorizons(long offset) {
        horizons.replaceAll((k, v) -> Math.min(v, offset));
        if (window != null && offset < window.scannedTo()) {
            window = null;
        }
    }

    /** Moves the start to {@code offset} (forward only), forgetting what lies below. */
    synchronized void moveStartTo(long offset) {
        if (offset <= start) {
            return;
        }
        Map<Long, Held> below = held.headMap(offset);
        for (Held h : below.values()) {
            if (h.acquired()) {
                acquiredCount--;
            }
        }
        below.clear();
        start = offset;
        frontier = Math.max(frontier, offset);
        finished.moveBase(offset);
        advance();
    }

    /** Moves the start past the leading finished offsets. */
    private void advance() {
        long next = finished.nextClear(start, frontier);
        if (next > start) {
            start = next;
            finished.moveBase(next);
        }
    }

    /**
     * Applies stored changes while loading {@code __share_state}.
     *
     * @param storedStart the start offset stored with them
     * @param snapshot whether they are a whole snapshot (everything else AVAILABLE, never delivered)
     */
    synchronized void replay(long storedStart, boolean snapshot, List<Change> changes) {
        window = null;
        if (snapshot) {
            held.clear();
            horizons.clear();
            acquiredCount = 0;
            start = storedStart;
            frontier = storedStart;
            finished = new OffsetBitmap(storedStart);
        } else {
            moveStartTo(storedStart);
        }
        for (Change c : changes) {
            long o = c.offset();
            if (o < start) {
                continue;
            }
            if (c.state().done()) {
                finish(o);
            } else {
                finished.clear(o);
                frontier = Math.max(frontier, o + 1);
                Held h = held.get(o);
                if (h != null && h.acquired()) {
                    acquiredCount--;
                }
                if (c.deliveryCount() > 0) {
                    Held n = new Held();
                    n.count = Math.min(Short.MAX_VALUE, c.deliveryCount());
                    held.put(o, n);
                } else {
                    held.remove(o);
                }
            }
        }
        advance();
    }

    /**
     * The whole state as stored in a snapshot: the start and every offset not AVAILABLE with
     * count 0 (finished offsets as ACKNOWLEDGED, held ones as AVAILABLE with their count), ascending.
     */
    synchronized Snapshot snapshot() {
        List<Change> entries = new ArrayList<>();
        long o = finished.nextSet(start, frontier);
        for (Map.Entry<Long, Held> e : held.entrySet()) {
            for (; o < e.getKey(); o = finished.nextSet(o + 1, frontier)) {
                entries.add(new Change(o, RecordState.ACKNOWLEDGED, 0));
            }
            entries.add(new Change(e.getKey(), RecordState.AVAILABLE, e.getValue().count));
        }
        for (; o < frontier; o = finished.nextSet(o + 1, frontier)) {
            entries.add(new Change(o, RecordState.ACKNOWLEDGED, 0));
        }
        return new Snapshot(start, entries);
    }

    /** A snapshot: the start offset and the entries. */
    record Snapshot(long startOffset, List<Change> entries) {
    }

    /** Released records waiting in the map (held, not acquired). */
    private int releasedWaiting() {
        return held.size() - acquiredCount;
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
        int want = Math.min(maxRecords, maxLocks - acquiredCount);
        if (want <= 0) {
            return out;
        }
        // Queues read committed: up to the last stable offset, skipping aborted transactions.
        long highWatermark = partition.lastStableOffset();
        boolean atBound = releasedWaiting() >= maxLocks || frontier - start >= maxPending;
        long lookAhead = atBound ? frontier : Math.min(frontier + maxLocks, start + maxPending);
        long end = Math.min(highWatermark, lookAhead);
        String key = memberSelector == null ? "" : memberSelector.text();
        ScanWindow w = window;
        if (atBound || w == null || !w.key().equals(key) || w.stale(nowMs)) {
            // At a bound, read from the SSO whatever the horizon: expired waiting records are
            // archived then, so that the SSO can move on even if no selector matches them.
            w = new ScanWindow(key, atBound ? start : Math.max(start, horizons.getOrDefault(key, start)));
        }
        window = null;
        w.dropIf(e -> {
            if (!available(e.offset())) {
                return true;
            }
            if (e.expired(nowMs)) {
                finish(e.offset());
                return true;
            }
            return false;
        });
        long pos = nextToLook(w.scannedTo(), end);
        List<AbortedTxn> aborted = end > pos ? partition.abortedTransactions(pos, end) : List.of();
        EnvelopeReader envelope = new EnvelopeReader();
        int readBytes = FIRST_READ_BYTES;
        while (pos < end) {
            ByteBuffer buf;
            // Whole batches up to the high watermark: a batch may straddle the end.
            try (LogReadResult read = partition.read(pos, readBytes, highWatermark, true)) {
                buf = read.records().readAll();
            }
            readBytes = Math.min(READ_BYTES, readBytes * 2);
            long before = pos;
            for (RecordBatch batch : new RecordBatches(buf)) {
                if (batch.lastOffset() < pos) {
                    continue;
                }
                if (batch.isControlBatch() || (batch.isTransactional() && isAborted(batch, aborted))) {
                    archiveRange(pos, Math.min(end, batch.lastOffset() + 1));
                    pos = nextToLook(batch.lastOffset() + 1, end);
                    if (pos >= end) {
                        break;
                    }
                    continue;
                }
                for (Record r : batch.records()) {
                    long o = r.offset();
                    if (o < pos) {
                        continue;
                    }
                    if (o >= end || windowFull(w, want, o)) {
                        end = Math.min(end, o);
                        break;
                    }
                    archiveRange(pos, o);
                    consider(o, r, envelope, memberSelector, subscriptionSelector, nowMs, w);
                    pos = nextToLook(o + 1, end);
                }
                long next = Math.min(end, batch.lastOffset() + 1);
                if (pos < next) {
                    archiveRange(pos, next);
                    pos = nextToLook(next, end);
                }
                if (pos >= end) {
                    break;
                }
            }
            if (pos == before) {
                break;
            }
        }
        long looked = Math.min(pos, end);
        frontier = Math.max(frontier, looked);
        w.scannedTo(looked);
        List<ScanWindow.Entry> chosen = w.take(want);
        Map<Long, Record> records = readRecords(partition, chosen, highWatermark);
        long missing = Long.MAX_VALUE;
        for (ScanWindow.Entry c : chosen) {
            Record r = records.get(c.offset());
            if (r == null) {
                // Gone from the log since the scan (retention or truncation): not acquired.
                missing = Math.min(missing, c.offset());
                continue;
            }
            Held h = held.computeIfAbsent(c.offset(), x -> new Held());
            h.count = Math.min(Short.MAX_VALUE, h.count + 1);
            h.owner = member;
            h.deadline = nowMs + lockDurationMs;
            acquiredCount++;
            out.acquired.add(new Acquired(c.offset(), h.count, r));
            out.changes.add(new Change(c.offset(), RecordState.AVAILABLE, h.count));
        }
        horizons.put(key, Math.min(w.horizon(), missing));
        window = missing == Long.MAX_VALUE ? w : null;
        advance();
        return out;
    }

    /**
     * Reads the records of {@code chosen} from the log, by offset; a record no longer in the log
     * is missing from the answer.
     */
    private static Map<Long, Record> readRecords(Partition partition, List<ScanWindow.Entry> chosen,
            long highWatermark) throws IOException {
        if (chosen.isEmpty()) {
            return Map.of();
        }
        long[] offsets = new long[chosen.size()];
        long remaining = 0;
        for (int k = 0; k < offsets.length; k++) {
            offsets[k] = chosen.get(k).offset();
            remaining += chosen.get(k).size();
        }
        Arrays.sort(offsets);
        Map<Long, Record> found = new HashMap<>(offsets.length * 2);
        int i = 0;
        while (i < offsets.length) {
            int before = i;
            if (offsets[i] >= partition.logStartOffset() && offsets[i] < highWatermark) {
                int bytes = (int) Math.max(FIRST_READ_BYTES, Math.min(READ_BYTES, remaining + FIRST_READ_BYTES));
                ByteBuffer buf;
                try (LogReadResult read = partition.read(offsets[i], bytes, highWatermark, true)) {
                    buf = read.records().readAll();
                }
                batches:
                for (RecordBatch batch : new RecordBatches(buf)) {
                    if (i == offsets.length) {
                        break;
                    }
                    if (batch.lastOffset() < offsets[i] || batch.isControlBatch()) {
                        continue;
                    }
                    for (Record r : batch.records()) {
                        while (i < offsets.length && offsets[i] < r.offset()) {
                            i++;
                        }
                        if (i == offsets.length) {
                            break batches;
                        }
                        if (offsets[i] == r.offset()) {
                            found.put(r.offset(), r);
                            remaining -= r.sizeEstimate();
                            i++;
                        }
                    }
                }
            }
            if (i == before) {
                i++;
            }
        }
        return found;
    }

    /**
     * Whether a scan whose window holds {@code w}'s candidates may stop before offset {@code o}:
     * it has enough to acquire and has looked {@code maxLocks} offsets (or {@link #WINDOW_BYTES} of
     * candidates) past the first of them, which is how far ahead a higher priority can overtake.
     * Without this bound a deep queue would be read from the horizon to its end at every fetch.
     */
    private boolean windowFull(ScanWindow w, int want, long o) {
        return w.size() >= want && (o - w.firstOffset() >= maxLocks || w.bytes() >= WINDOW_BYTES);
    }

    /**
     * The first offset in {@code [from, end)} a scan must look at: AVAILABLE below the frontier,
     * anything at or beyond it; else {@code end}.
     */
    private long nextToLook(long from, long end) {
        long o = Math.max(from, start);
        while (o < end) {
            if (o >= frontier) {
                return o;
            }
            o = finished.nextClear(o, frontier);
            if (o >= frontier) {
                continue;
            }
            Held h = held.get(o);
            if (h == null || !h.acquired()) {
                return o;
            }
            o++;
        }
        return end;
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

    /** Archives the AVAILABLE offsets of {@code [from, to)}: missing from the log, control or aborted records. */
    private void archiveRange(long from, long to) {
        for (long o = Math.max(from, start); o < to; o++) {
            if (available(o)) {
                finish(o);
            }
        }
    }

    private void consider(long o, Record r, EnvelopeReader envelope, Selector memberSelector,
            Selector subscriptionSelector, long nowMs, ScanWindow w) {
        if (!available(o)) {
            return;
        }
        SelectorContext context = NO_ENVELOPE;
        int priority = 4;
        long deliveryTime = 0;
        long expiration = 0;
        ByteBuffer env = r.header(MessageEnvelope.HEADER_KEY);
        if (env != null) {
            try {
                envelope.wrap(env);
                if (envelope.expiration() > 0 && envelope.expiration() <= nowMs) {
                    finish(o);
                    return;
                }
                priority = envelope.priority();
                deliveryTime = envelope.deliveryTime();
                expiration = envelope.expiration();
                context = envelope;
            } catch (RuntimeException malformed) {
                context = NO_ENVELOPE;
            }
        }
        int nextCount = deliveryCount(o) + 1;
        if (subscriptionSelector != null && !subscriptionSelector.matchesAll()
                && !subscriptionSelector.matches(context, nextCount)) {
            finish(o);
            return;
        }
        if (deliveryTime > nowMs) {
            w.notDue(o, deliveryTime);
            return;
        }
        if (memberSelector != null && !memberSelector.matchesAll() && !memberSelector.matches(context, nextCount)) {
            return;
        }
        w.add(o, priority, expiration, r.sizeEstimate());
    }

    /** Releases records acquired by a fetch whose response was never sent: as if never acquired. */
    synchronized void unacquire(List<Acquired> acquired, String member) {
        for (Acquired a : acquired) {
            Held h = held.get(a.offset());
            if (h != null && member.equals(h.owner)) {
                giveBack(a.offset(), h);
            }
        }
    }

    /** Makes an acquired record AVAILABLE with the count it had before its acquisition. */
    private void giveBack(long offset, Held h) {
        h.count = Math.max(0, h.count - 1);
        h.owner = null;
        h.deadline = 0;
        acquiredCount--;
        if (h.count == 0) {
            held.remove(offset);
        }
        lowerHorizons(offset);
    }

    /**
     * Applies one acknowledgement of {@code member}.
     *
     * @param type {@code ShareAcknowledgeRequest.ACCEPT}, {@code RELEASE}, {@code REJECT} or {@code RETURN}
     */
    synchronized void acknowledge(String member, long offset, byte type, int maxDeliveryAttempts, Outcome out) {
        Held h = held.get(offset);
        if (h == null || !member.equals(h.owner)) {
            out.failures.add("offset " + offset + " is not acquired by this member");
            return;
        }
        switch (type) {
            case 1 -> {
                finish(offset);
                out.changes.add(new Change(offset, RecordState.ACKNOWLEDGED, h.count));
            }
            case 2 -> release(offset, h, maxDeliveryAttempts, out);
            case 3 -> {
                finish(offset);
                out.deadLetters.add(new DeadLetter(offset, h.count, "rejected by the consumer after "
                        + h.count + " deliveries"));
            }
            case 4 -> {
                giveBack(offset, h);
                out.released++;
                out.changes.add(new Change(offset, RecordState.AVAILABLE, h.count));
            }
            default -> out.failures.add("offset " + offset + ": unknown acknowledgement type " + type);
        }
        advance();
    }

    private void release(long offset, Held h, int maxDeliveryAttempts, Outcome out) {
        if (h.count >= maxDeliveryAttempts) {
            finish(offset);
            out.deadLetters.add(new DeadLetter(offset, h.count, "delivered " + h.count
                    + " times without being accepted (max.delivery.attempts=" + maxDeliveryAttempts + ")"));
        } else {
            h.owner = null;
            h.deadline = 0;
            acquiredCount--;
            lowerHorizons(offset);
            out.released++;
        }
    }

    /** Releases every record {@code member} holds (it left or its connection dropped). */
    synchronized void releaseMember(String member, int maxDeliveryAttempts, Outcome out) {
        if (acquiredCount == 0) {
            return;
        }
        for (Map.Entry<Long, Held> e : new ArrayList<>(held.entrySet())) {
            if (member.equals(e.getValue().owner)) {
                release(e.getKey(), e.getValue(), maxDeliveryAttempts, out);
            }
        }
        advance();
    }

    /** Releases every record whose lock deadline has passed. */
    synchronized void expireLocks(long nowMs, int maxDeliveryAttempts, Outcome out) {
        if (acquiredCount == 0) {
            return;
        }
        for (Map.Entry<Long, Held> e : new ArrayList<>(held.entrySet())) {
            Held h = e.getValue();
            if (h.acquired() && h.deadline <= nowMs) {
                release(e.getKey(), h, maxDeliveryAttempts, out);
            }
        }
        advance();
    }

    /** Puts back records a dead-letter write could not move: AVAILABLE with their count. */
    synchronized void restore(List<DeadLetter> deadLetters) {
        for (DeadLetter d : deadLetters) {
            long o = d.offset();
            if (o >= start && finished.get(o)) {
                finished.clear(o);
                if (d.deliveryCount() > 0) {
                    Held h = new Held();
                    h.count = d.deliveryCount();
                    held.put(o, h);
                }
                lowerHorizons(o);
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
            Held h = held.get(o);
            if (h != null && member.equals(h.owner)) {
                h.owner = txnOwner(txnId);
                h.deadline = Long.MAX_VALUE;
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
            Held h = held.get(o);
            if (h != null && owner.equals(h.owner)) {
                h.owner = member;
                h.deadline = deadline;
            }
        }
    }

    /**
     * Replays a stored staging: the record at {@code offset} is held by transaction {@code txnId}
     * (no deadline), unless it is already finished (the transaction committed after the staging
     * was stored).
     */
    synchronized void restage(String txnId, long offset, int deliveryCount) {
        if (offset < start || finished.get(offset)) {
            return;
        }
        Held h = held.computeIfAbsent(offset, x -> new Held());
        if (!h.acquired()) {
            acquiredCount++;
        }
        h.count = Math.max(h.count, Math.min(Short.MAX_VALUE, deliveryCount));
        h.owner = txnOwner(txnId);
        h.deadline = Long.MAX_VALUE;
        frontier = Math.max(frontier, offset + 1);
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
        for (Map.Entry<Long, Held> e : held.entrySet()) {
            Held h = e.getValue();
            if (owner.equals(h.owner)) {
                h.owner = null;
                h.deadline = 0;
                acquiredCount--;
                lowerHorizons(e.getKey());
            }
        }
    }

    /** The owner name under which a transaction holds staged records. */
    static String txnOwner(String txnId) {
        return TXN_OWNER_PREFIX + txnId;
    }

    /** Reads the record at {@code offset} from the log, or null when it is gone. */
    static Record readRecord(Partition partition, long offset) throws IOException {
        return readRecords(partition, List.of(new ScanWindow.Entry(offset, 0, 0, 0)), partition.highWatermark())
                .get(offset);
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
