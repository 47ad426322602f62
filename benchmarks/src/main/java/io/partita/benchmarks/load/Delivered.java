package io.partita.benchmarks.load;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Which of the sequence numbers {@code 0 .. count-1} a destination has delivered: a bitmap of
 * {@code count} bits, so a second delivery of the same message, a message outside the range or
 * one missing at the end is found, whatever the number of consumers. Thread-safe (lock-free).
 */
final class Delivered {
    private final String what;
    private final long count;
    private final AtomicLongArray bits;
    private final AtomicLong delivered = new AtomicLong();

    /**
     * @param what  the destination, for error messages
     * @param count how many sequence numbers there are
     */
    Delivered(String what, long count) {
        if (count > (long) Integer.MAX_VALUE * 64) {
            throw new IllegalArgumentException(count + " messages are more than one bitmap holds");
        }
        this.what = what;
        this.count = count;
        this.bits = new AtomicLongArray((int) ((count + 63) / 64));
    }

    /** Records the delivery of {@code seq}; fails when it is out of range or was delivered before. */
    void mark(long seq) {
        if (seq < 0 || seq >= count) {
            throw new IllegalStateException(what + " delivered message " + seq + ", outside 0.." + (count - 1));
        }
        int word = (int) (seq >>> 6);
        long bit = 1L << (seq & 63);
        while (true) {
            long old = bits.get(word);
            if ((old & bit) != 0) {
                throw new IllegalStateException(what + " delivered message " + seq + " twice");
            }
            if (bits.compareAndSet(word, old, old | bit)) {
                delivered.incrementAndGet();
                return;
            }
        }
    }

    /** @return how many distinct messages were delivered */
    long count() {
        return delivered.get();
    }
}
