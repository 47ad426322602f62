package io.partita.client.admin;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a share group has finished (acknowledged or archived) in a range of one partition, as
 * answered by the ShareBrowse API: every offset below {@link #shareStartOffset()} and the listed
 * offsets at or above it. A start of -1 means the group holds no state for the partition, so
 * nothing is finished. Immutable and thread-safe.
 *
 * @param shareStartOffset the group's start offset in the partition, or -1 without state
 * @param finishedOffsets  the finished offsets at or above the start, within the range asked about
 */
public record ShareBrowseState(long shareStartOffset, Set<Long> finishedOffsets) {

    public ShareBrowseState {
        finishedOffsets = Set.copyOf(finishedOffsets);
    }

    static ShareBrowseState of(long shareStartOffset, List<Long> finished) {
        return new ShareBrowseState(shareStartOffset, new TreeSet<>(finished));
    }

    /** Whether the record at {@code offset} is finished for the group (so no longer on its queue). */
    public boolean isFinished(long offset) {
        return (shareStartOffset >= 0 && offset < shareStartOffset) || finishedOffsets.contains(offset);
    }
}
