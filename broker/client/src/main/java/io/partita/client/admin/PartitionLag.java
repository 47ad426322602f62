package io.partita.client.admin;

/**
 * How far a group is behind on one partition.
 *
 * @param committed the group's committed offset, or -1 when it has none
 * @param logEnd the partition's log end (high watermark)
 * @param lag {@code logEnd - committed}, or -1 when nothing is committed
 */
public record PartitionLag(long committed, long logEnd, long lag) {
}
