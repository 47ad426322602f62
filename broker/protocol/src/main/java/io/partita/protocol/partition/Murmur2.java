package io.partita.protocol.partition;

import java.util.Objects;

/**
 * The 32-bit MurmurHash2 function that decides which partition a keyed record goes to.
 *
 * <p>The result is bit-for-bit the same as the hash Apache Kafka's producer applies to record
 * keys (seed {@code 0x9747b28c}, little-endian 4-byte blocks, the tail of 1 to 3 bytes mixed
 * in from the highest byte down). Keeping it identical means a key lands on the same partition
 * number in Partita as in Kafka for the same partition count. Changing a single bit of this
 * class would silently move keys to other partitions and break per-key ordering across
 * versions; the vectors in {@code Murmur2Test} guard against that.
 *
 * <p>All methods are pure and thread-safe.
 */
public final class Murmur2 {

    /** The seed Kafka's partitioner uses; part of the contract, never change it. */
    public static final int SEED = 0x9747b28c;

    /** MurmurHash2's multiplication constant. */
    private static final int MULTIPLIER = 0x5bd1e995;

    /** MurmurHash2's shift for the block mix. */
    private static final int BLOCK_SHIFT = 24;

    private Murmur2() {
    }

    /**
     * Hashes all bytes of {@code data}.
     *
     * @param data the bytes to hash, usually a serialized record key; not null
     * @return the signed 32-bit hash
     */
    public static int hash(byte[] data) {
        Objects.requireNonNull(data, "data");
        final int length = data.length;
        int h = SEED ^ length;

        final int blockEnd = length & ~3;
        for (int i = 0; i < blockEnd; i += 4) {
            int k = (data[i] & 0xff)
                    | (data[i + 1] & 0xff) << 8
                    | (data[i + 2] & 0xff) << 16
                    | (data[i + 3] & 0xff) << 24;
            k *= MULTIPLIER;
            k ^= k >>> BLOCK_SHIFT;
            k *= MULTIPLIER;
            h *= MULTIPLIER;
            h ^= k;
        }

        final int tail = length & 3;
        if (tail > 0) {
            if (tail == 3) {
                h ^= (data[blockEnd + 2] & 0xff) << 16;
            }
            if (tail >= 2) {
                h ^= (data[blockEnd + 1] & 0xff) << 8;
            }
            h ^= data[blockEnd] & 0xff;
            h *= MULTIPLIER;
        }

        h ^= h >>> 13;
        h *= MULTIPLIER;
        h ^= h >>> 15;
        return h;
    }

    /**
     * Clears the sign bit, mapping any int to a non-negative one. Unlike {@link Math#abs(int)}
     * this never returns a negative number ({@code Integer.MIN_VALUE} becomes 0).
     *
     * @param n any int
     * @return {@code n & 0x7fffffff}
     */
    public static int toPositive(int n) {
        return n & 0x7fffffff;
    }

    /**
     * The partition a key belongs to: {@code toPositive(hash(key)) % numPartitions}.
     *
     * @param key the serialized key; not null
     * @param numPartitions the number of partitions of the topic, at least 1
     * @return a partition number in {@code [0, numPartitions)}
     * @throws IllegalArgumentException if {@code numPartitions < 1}
     */
    public static int partitionFor(byte[] key, int numPartitions) {
        if (numPartitions < 1) {
            throw new IllegalArgumentException("numPartitions must be at least 1, was " + numPartitions);
        }
        return toPositive(hash(key)) % numPartitions;
    }
}
