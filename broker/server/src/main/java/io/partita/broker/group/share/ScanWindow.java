package io.partita.broker.group.share;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * What the last scan of a share partition found for one member selector and did not acquire:
 * the candidates (offset, priority, expiration, size; never the record bytes) in offset order,
 * and how far the scan has looked. The next acquisition with the same selector starts from here
 * and reads only the offsets beyond {@link #scannedTo()}, so a fetch costs what it acquires, not
 * the whole priority window it must look over.
 *
 * <p>A window is only an optimisation: dropping it loses nothing, the next scan starts again at
 * the selector's horizon. {@link SharePartition} drops it whenever a record below
 * {@link #scannedTo()} becomes AVAILABLE again (a release, a restored dead letter, an aborted
 * transaction), when a record it skipped as not yet due becomes due, and when another selector
 * scans. Entries whose record was acquired through another selector, acknowledged or archived
 * meanwhile are dropped when the window is next used.
 *
 * <p>Not thread-safe: used under the partition's lock.
 */
final class ScanWindow {
    /** One candidate: AVAILABLE, due and matching the selector when the scan saw it. */
    record Entry(long offset, int priority, long expiration, int size) {
        boolean expired(long nowMs) {
            return expiration > 0 && expiration <= nowMs;
        }
    }

    private static final Comparator<Entry> DELIVERY_ORDER =
            Comparator.comparingInt(Entry::priority).reversed().thenComparingLong(Entry::offset);

    private final String key;
    private final List<Entry> entries = new ArrayList<>();
    private long scannedTo;
    private long bytes;
    private long dueAt = Long.MAX_VALUE;
    private long notDueOffset = Long.MAX_VALUE;

    /**
     * @param key the member selector's text ("" for none)
     * @param from where the scan starts: nothing below it is a candidate for this selector
     */
    ScanWindow(String key, long from) {
        this.key = key;
        this.scannedTo = from;
    }

    String key() {
        return key;
    }

    /** @return every offset below it has been looked at for this selector */
    long scannedTo() {
        return scannedTo;
    }

    void scannedTo(long offset) {
        scannedTo = Math.max(scannedTo, offset);
    }

    /** @return whether a record skipped as not yet due is due at {@code nowMs} */
    boolean stale(long nowMs) {
        return dueAt <= nowMs;
    }

    int size() {
        return entries.size();
    }

    /** @return the estimated bytes of the candidates held */
    long bytes() {
        return bytes;
    }

    /** @return the lowest candidate offset, or {@link Long#MAX_VALUE} when empty */
    long firstOffset() {
        return entries.isEmpty() ? Long.MAX_VALUE : entries.get(0).offset();
    }

    /**
     * @return where this selector's next scan without the window must start: the first candidate
     *     left, the first record not yet due, else {@link #scannedTo()}
     */
    long horizon() {
        return Math.min(Math.min(firstOffset(), notDueOffset), scannedTo);
    }

    /** Adds a candidate beyond every one held. */
    void add(long offset, int priority, long expiration, int size) {
        entries.add(new Entry(offset, Math.max(0, Math.min(9, priority)), expiration, size));
        bytes += size;
    }

    /** Notes a matching record at {@code offset} skipped because it is due only at {@code deliveryTime}. */
    void notDue(long offset, long deliveryTime) {
        notDueOffset = Math.min(notDueOffset, offset);
        dueAt = Math.min(dueAt, deliveryTime);
    }

    /** Drops the candidates {@code drop} accepts. */
    void dropIf(Predicate<Entry> drop) {
        entries.removeIf(e -> {
            boolean dropped = drop.test(e);
            if (dropped) {
                bytes -= e.size();
            }
            return dropped;
        });
    }

    /**
     * Removes and returns up to {@code want} candidates in delivery order: higher priority first,
     * offset order within a priority.
     */
    List<Entry> take(int want) {
        if (entries.size() <= want) {
            List<Entry> all = new ArrayList<>(entries);
            entries.clear();
            bytes = 0;
            all.sort(DELIVERY_ORDER);
            return all;
        }
        int[] counts = new int[10];
        for (Entry e : entries) {
            counts[e.priority()]++;
        }
        // The lowest priority taken, and how many of it: every candidate above it is taken.
        int threshold = 9;
        int above = 0;
        while (above + counts[threshold] < want) {
            above += counts[threshold];
            threshold--;
        }
        int ofThreshold = want - above;
        List<Entry> taken = new ArrayList<>(want);
        List<Entry> kept = new ArrayList<>(entries.size() - want);
        for (Entry e : entries) {
            if (e.priority() > threshold || (e.priority() == threshold && ofThreshold-- > 0)) {
                taken.add(e);
                bytes -= e.size();
            } else {
                kept.add(e);
            }
        }
        entries.clear();
        entries.addAll(kept);
        taken.sort(DELIVERY_ORDER);
        return taken;
    }
}
