package io.partita.benchmarks.load;

/**
 * Producer settings given to every system whose client has them (Partita and Kafka; Artemis'
 * JMS producer has no batching of its own), so both batch the same way.
 *
 * @param batchSize    bytes per partition batch ({@code batch.size})
 * @param lingerMs     how long a batch waits for more records ({@code linger.ms})
 * @param bufferMemory bytes of unacknowledged records the client may hold ({@code buffer.memory})
 * @param acks         {@code acks} of the produce workloads' producers: {@code 1} or {@code all}
 *                     (transactional producers always use {@code all})
 */
record ProducerSettings(int batchSize, long lingerMs, long bufferMemory, String acks) {
    ProducerSettings(int batchSize, long lingerMs, long bufferMemory) {
        this(batchSize, lingerMs, bufferMemory, "all");
    }
}
