package io.partita.tck;

import java.util.List;
import java.util.function.Supplier;

/**
 * The brokers every conformance test runs against, one entry per transport. The in-process
 * {@code vm://} transport joins with one more line here once it exists.
 */
final class Targets {
    private Targets() {
    }

    /** Creates each target; the harness keeps one instance of each for the whole run. */
    static final List<Supplier<Target>> ALL = List.of(
            ChildBrokerTarget::new);
}
