package io.partita.tck;

import java.util.List;
import java.util.function.Supplier;

/**
 * The brokers every conformance test runs against, one entry per transport: a broker in its own
 * JVM over TCP ({@code partita://}) and one inside the test JVM ({@code vm://}).
 */
final class Targets {
    private Targets() {
    }

    /** Creates each target; the harness keeps one instance of each for the whole run. */
    static final List<Supplier<Target>> ALL = List.of(
            ChildBrokerTarget::new,
            VmTarget::new);
}
