package io.partita.benchmarks.load;

import java.nio.ByteBuffer;

/**
 * The values the queue, fan-out and selector workloads send: {@code recordSize} bytes whose
 * first 8 hold the message's sequence number and the next 8 the {@link System#nanoTime()} at
 * which it was due to be sent (for latencies measured in this JVM). Every message also carries
 * the integer property {@value #BUCKET_PROPERTY} = sequence % 10, so the selector
 * {@value #SELECTOR} matches exactly one message in ten. Stateless.
 */
final class Payload {
    /** The message property selectors look at. */
    static final String BUCKET_PROPERTY = "bucket";
    /** Matches the messages whose sequence number is a multiple of 10. */
    static final String SELECTOR = BUCKET_PROPERTY + " = 0";
    /** Matches every other message. */
    static final String COMPLEMENT_SELECTOR = BUCKET_PROPERTY + " <> 0";
    /** Bytes taken by the sequence number and the due time. */
    static final int MIN_SIZE = 16;

    private Payload() {
    }

    static byte[] value(long seq, long dueNanos, int size) {
        byte[] v = new byte[Math.max(MIN_SIZE, size)];
        ByteBuffer.wrap(v).putLong(seq).putLong(dueNanos);
        return v;
    }

    static int bucket(long seq) {
        return (int) (seq % 10);
    }

    static boolean matches(long seq) {
        return bucket(seq) == 0;
    }

    static long seq(byte[] value) {
        return ByteBuffer.wrap(value).getLong(0);
    }

    static long dueNanos(byte[] value) {
        return ByteBuffer.wrap(value).getLong(8);
    }
}
