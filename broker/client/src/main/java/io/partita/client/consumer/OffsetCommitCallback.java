package io.partita.client.consumer;

import io.partita.protocol.TopicPartition;

import java.util.Map;

/** Told the outcome of {@link PartitaConsumer#commitAsync}; runs on the polling thread, inside a later poll. */
@FunctionalInterface
public interface OffsetCommitCallback {

    /**
     * @param offsets the offsets the commit carried
     * @param error null on success, else why the commit failed (a {@link CommitFailedException}
     *              when the member is out of the generation)
     */
    void onComplete(Map<TopicPartition, OffsetAndMetadata> offsets, Exception error);
}
