package io.partita.tck.cdi;

/** The in-process broker the CDI test's beans reach: one {@code vm://} URL, as annotations need constants. */
final class CdiBroker {
    /** Data under the module's build directory, so nothing outlives {@code mvn clean}. */
    static final String URL = "vm://partita-cdi?dataDir=target/partita-cdi-broker&broker.num.partitions=1";

    private CdiBroker() {
    }
}
