package io.partita.protocol.partition;

/**
 * The default {@link Partitioner}: a keyed record goes to
 * {@code toPositive(murmur2(key)) % numPartitions}, exactly as with Kafka's default
 * partitioner; an unkeyed record is left {@link #UNASSIGNED} for the client's sticky choice.
 *
 * <p>Stateless and thread-safe; one shared {@link #INSTANCE} is enough.
 */
public final class Murmur2Partitioner implements Partitioner {

    /** The shared instance. */
    public static final Murmur2Partitioner INSTANCE = new Murmur2Partitioner();

    @Override
    public int partition(String topic, byte[] keyBytes, byte[] valueBytes, int numPartitions) {
        if (keyBytes == null) {
            return UNASSIGNED;
        }
        return Murmur2.partitionFor(keyBytes, numPartitions);
    }

    @Override
    public String toString() {
        return "Murmur2Partitioner";
    }
}
