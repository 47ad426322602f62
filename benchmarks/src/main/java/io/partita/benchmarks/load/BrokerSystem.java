package io.partita.benchmarks.load;

import java.nio.file.Path;

/**
 * One messaging system the load tool can compare: how to start its broker in a fresh JVM and how
 * its clients are made. Implementations are immutable.
 */
interface BrokerSystem {

    /** The name used on the command line and as the column heading. */
    String name();

    /** What the broker has done with a write when it acknowledges it (printed under the table). */
    String durability();

    /** What a commit of the txn workload has done when it returns (printed under the table when txn runs). */
    String commitDurability();

    /**
     * Starts a broker with its data under {@code dir} (empty) and waits until it takes clients.
     *
     * @param jvm the heap and paths every broker JVM is started with
     */
    RunningBroker start(Path dir, JvmSettings jvm) throws Exception;
}
