package io.partita.client.producer;

/** Called once per sent record, on the producer's I/O thread: keep it short. */
@FunctionalInterface
public interface Callback {
    /** Exactly one of the two is non-null. */
    void onCompletion(RecordMetadata metadata, Exception exception);
}
