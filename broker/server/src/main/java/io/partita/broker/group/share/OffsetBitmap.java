package io.partita.broker.group.share;

import java.util.Arrays;

/**
 * A set of offsets at or above a base that only moves forward, one bit per offset: the bit of
 * offset {@code o} is bit {@code o % 64} of word {@code o / 64}. The words from the base's word
 * to the highest word ever set are kept in a ring of {@code long}s that grows by doubling and
 * shrinks by half when a quarter of it is used, so the memory is about {@code (highest - base) / 8}
 * bytes whatever the offsets hold. Offsets below the base are never members.
 *
 * <p>Not thread-safe: the owner synchronizes.
 */
final class OffsetBitmap {
    private static final int MIN_WORDS = 4;

    private long[] words = new long[MIN_WORDS];
    private int head;
    private int used;
    private long baseWord;
    private long base;

    /** An empty set whose base is {@code base} (0 or more). */
    OffsetBitmap(long base) {
        if (base < 0) {
            throw new IllegalArgumentException("negative base " + base);
        }
        this.base = base;
        this.baseWord = base >>> 6;
    }

    /** @return the base: offsets below it are never members */
    long base() {
        return base;
    }

    /** @return whether {@code offset} is a member */
    boolean get(long offset) {
        if (offset < base) {
            return false;
        }
        long w = (offset >>> 6) - baseWord;
        return w < used && (words[slot(w)] & (1L << offset)) != 0;
    }

    /** Adds {@code offset}, at or above the base. */
    void set(long offset) {
        if (offset < base) {
            throw new IllegalArgumentException("offset " + offset + " is below the base " + base);
        }
        long w = (offset >>> 6) - baseWord;
        if (w >= used) {
            extendTo(w + 1);
        }
        words[slot(w)] |= 1L << offset;
    }

    /** Removes {@code offset}, if a member. */
    void clear(long offset) {
        if (offset < base) {
            return;
        }
        long w = (offset >>> 6) - baseWord;
        if (w < used) {
            words[slot(w)] &= ~(1L << offset);
        }
    }

    /** @return the first offset in {@code [from, limit)} that is not a member, else {@code limit} */
    long nextClear(long from, long limit) {
        long o = Math.max(from, base);
        if (from < base) {
            return Math.min(from, limit);
        }
        while (o < limit) {
            long w = (o >>> 6) - baseWord;
            if (w >= used) {
                return o;
            }
            long bits = ~words[slot(w)] & (-1L << o);
            if (bits != 0) {
                return Math.min(limit, (o & ~63L) + Long.numberOfTrailingZeros(bits));
            }
            o = (o | 63L) + 1;
        }
        return limit;
    }

    /** @return the first member in {@code [from, limit)}, else {@code limit} */
    long nextSet(long from, long limit) {
        long o = Math.max(from, base);
        while (o < limit) {
            long w = (o >>> 6) - baseWord;
            if (w >= used) {
                return limit;
            }
            long bits = words[slot(w)] & (-1L << o);
            if (bits != 0) {
                return Math.min(limit, (o & ~63L) + Long.numberOfTrailingZeros(bits));
            }
            o = (o | 63L) + 1;
        }
        return limit;
    }

    /** Moves the base forward to {@code newBase}, forgetting the members below it. */
    void moveBase(long newBase) {
        if (newBase <= base) {
            return;
        }
        long newBaseWord = newBase >>> 6;
        long drop = Math.min(used, newBaseWord - baseWord);
        for (long k = 0; k < drop; k++) {
            words[slot(k)] = 0;
        }
        head = used == 0 ? 0 : (int) ((head + drop) % words.length);
        used -= (int) drop;
        baseWord = newBaseWord;
        base = newBase;
        if (used > 0) {
            words[head] &= -1L << newBase;
        } else {
            head = 0;
        }
        int capacity = words.length;
        while (capacity > MIN_WORDS && used < capacity / 4) {
            capacity /= 2;
        }
        if (capacity != words.length) {
            resize(capacity);
        }
    }

    /** @return the words held, for tests and memory accounting */
    int capacityWords() {
        return words.length;
    }

    private int slot(long w) {
        return (int) ((head + w) % words.length);
    }

    private void extendTo(long needed) {
        if (needed > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("offset range too large for a bitmap: " + needed + " words");
        }
        if (needed > words.length) {
            long cap = words.length;
            while (cap < needed) {
                cap *= 2;
            }
            resize((int) Math.min(cap, Integer.MAX_VALUE - 8));
        }
        used = (int) needed;
    }

    private void resize(int capacity) {
        long[] next = new long[capacity];
        for (int k = 0; k < used; k++) {
            next[k] = words[slot(k)];
        }
        Arrays.fill(words, 0);
        words = next;
        head = 0;
    }
}
