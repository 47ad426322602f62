package io.partita.broker.log;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The settings of one partition log, with Partita's defaults. Immutable; every value is
 * validated when built, and a bad one is reported with its key and value.
 *
 * <p>Keys (topic-level names; the broker's {@code log.*} keys map onto them):
 * <ul>
 * <li>{@code segment.bytes} (1 GiB): roll the active segment before it would grow past this.</li>
 * <li>{@code segment.ms} (7 days): roll the active segment once its first record is this old.</li>
 * <li>{@code segment.index.bytes} (10 MiB): preallocated size of each index file; a full index
 *     rolls the segment.</li>
 * <li>{@code index.interval.bytes} (4096): bytes of log between two offset-index entries.</li>
 * <li>{@code max.message.bytes} (1 MiB + 12): the largest batch accepted.</li>
 * <li>{@code flush.mode} (group-commit): {@link FlushMode}.</li>
 * <li>{@code retention.ms} (7 days, -1 = unlimited): delete segments whose newest record is older.</li>
 * <li>{@code retention.bytes} (-1 = unlimited): delete the oldest segments while the log is bigger.</li>
 * </ul>
 */
public record LogConfig(int segmentBytes, long segmentMs, int segmentIndexBytes, int indexIntervalBytes,
        int maxMessageBytes, FlushMode flushMode, long retentionMs, long retentionBytes) {

    public static final String SEGMENT_BYTES = "segment.bytes";
    public static final String SEGMENT_MS = "segment.ms";
    public static final String SEGMENT_INDEX_BYTES = "segment.index.bytes";
    public static final String INDEX_INTERVAL_BYTES = "index.interval.bytes";
    public static final String MAX_MESSAGE_BYTES = "max.message.bytes";
    public static final String FLUSH_MODE = "flush.mode";
    public static final String RETENTION_MS = "retention.ms";
    public static final String RETENTION_BYTES = "retention.bytes";

    public static final Set<String> KEYS = Set.of(SEGMENT_BYTES, SEGMENT_MS, SEGMENT_INDEX_BYTES,
            INDEX_INTERVAL_BYTES, MAX_MESSAGE_BYTES, FLUSH_MODE, RETENTION_MS, RETENTION_BYTES);

    public static final LogConfig DEFAULTS = new LogConfig(1 << 30, 7L * 24 * 3600 * 1000, 10 << 20, 4096,
            (1 << 20) + 12, FlushMode.GROUP_COMMIT, 7L * 24 * 3600 * 1000, -1L);

    /** The smallest segment: room for one batch header, so every segment can take a batch. */
    static final int MIN_SEGMENT_BYTES = 64;

    public LogConfig {
        require(segmentBytes >= MIN_SEGMENT_BYTES, SEGMENT_BYTES, segmentBytes, "at least " + MIN_SEGMENT_BYTES);
        require(segmentMs >= 1, SEGMENT_MS, segmentMs, "at least 1");
        require(segmentIndexBytes >= TimeIndex.ENTRY_SIZE * 2, SEGMENT_INDEX_BYTES, segmentIndexBytes,
                "at least " + TimeIndex.ENTRY_SIZE * 2);
        require(indexIntervalBytes >= 0, INDEX_INTERVAL_BYTES, indexIntervalBytes, "at least 0");
        require(maxMessageBytes >= 0, MAX_MESSAGE_BYTES, maxMessageBytes, "at least 0");
        require(flushMode != null, FLUSH_MODE, null, "group-commit or os");
        require(retentionMs >= -1, RETENTION_MS, retentionMs, "-1 (unlimited) or more");
        require(retentionBytes >= -1, RETENTION_BYTES, retentionBytes, "-1 (unlimited) or more");
    }

    private static void require(boolean ok, String key, Object value, String expected) {
        if (!ok) {
            throw new IllegalArgumentException("invalid value '" + value + "' for " + key + ": must be " + expected);
        }
    }

    /** These settings with the given keys overridden; unknown keys and bad values are refused. */
    public LogConfig with(Map<String, String> overrides) {
        Map<String, String> all = new LinkedHashMap<>(toMap());
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            if (!KEYS.contains(e.getKey())) {
                throw new IllegalArgumentException("unknown log setting '" + e.getKey() + "'; known: "
                        + new java.util.TreeSet<>(KEYS));
            }
            all.put(e.getKey(), e.getValue());
        }
        return new LogConfig(intValue(all, SEGMENT_BYTES), longValue(all, SEGMENT_MS),
                intValue(all, SEGMENT_INDEX_BYTES), intValue(all, INDEX_INTERVAL_BYTES),
                intValue(all, MAX_MESSAGE_BYTES), FlushMode.fromConfig(all.get(FLUSH_MODE)),
                longValue(all, RETENTION_MS), longValue(all, RETENTION_BYTES));
    }

    /** Shorthand for {@code with(Map.of(key, value))}. */
    public LogConfig with(String key, Object value) {
        return with(Map.of(key, String.valueOf(value)));
    }

    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(SEGMENT_BYTES, Integer.toString(segmentBytes));
        m.put(SEGMENT_MS, Long.toString(segmentMs));
        m.put(SEGMENT_INDEX_BYTES, Integer.toString(segmentIndexBytes));
        m.put(INDEX_INTERVAL_BYTES, Integer.toString(indexIntervalBytes));
        m.put(MAX_MESSAGE_BYTES, Integer.toString(maxMessageBytes));
        m.put(FLUSH_MODE, flushMode.configValue());
        m.put(RETENTION_MS, Long.toString(retentionMs));
        m.put(RETENTION_BYTES, Long.toString(retentionBytes));
        return m;
    }

    private static int intValue(Map<String, String> m, String key) {
        String v = m.get(key).trim();
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid value '" + v + "' for " + key + ": not a 32-bit integer");
        }
    }

    private static long longValue(Map<String, String> m, String key) {
        String v = m.get(key).trim();
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid value '" + v + "' for " + key + ": not a 64-bit integer");
        }
    }
}
