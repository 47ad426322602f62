package io.partita.tck;

/**
 * A broker the conformance suite runs against, reached through a connection factory URL.
 * Implementations start their broker lazily, once, and stop it when the suite ends.
 * Thread-safe.
 */
public interface Target extends AutoCloseable {

    /** A short name shown in test names, e.g. {@code partita-tcp}. */
    String name();

    /**
     * The connection factory URL for this target, with the suite's credentials
     * ({@link SuiteUsers}).
     *
     * @param options URL options ({@code key=value&...}) to add, or empty
     */
    default String url(String options) {
        return anonymousUrl(SuiteUsers.withCredentials(options));
    }

    /**
     * The connection factory URL for this target without credentials (its broker refuses such
     * connections).
     *
     * @param options URL options ({@code key=value&...}) to add, or empty
     */
    String anonymousUrl(String options);

    /** Stops the broker; idempotent. */
    @Override
    void close();
}
