package io.partita.broker.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sparse indexes put their preallocated pages in the page cache with plain writes, a chunk at
 * a time, before entries reach them through the map; entries across those chunks, and across a
 * trim and a regrowth, read back as written.
 */
class IndexTest {
    private static final int MAX_INDEX_SIZE = 1 << 20;
    private static final int CHUNK = AbstractIndex.POPULATE_CHUNK;
    private static final long BASE = 1000;

    @TempDir
    Path dir;

    @Test
    void offsetEntriesAcrossPopulatedChunksReadBackAndSurviveATrimAndRegrowth() throws IOException {
        Path file = dir.resolve("00000000000000001000.index");
        OffsetIndex index = new OffsetIndex(file, BASE, MAX_INDEX_SIZE, true);
        assertEquals(0, index.populatedBytes(), "nothing is written before the first entry");

        index.append(BASE, 0);
        assertEquals(CHUNK, index.populatedBytes(), "the first entry populates one chunk");

        int first = 20_000; // 160,000 bytes of entries: three chunks
        for (int i = 1; i < first; i++) {
            index.append(BASE + 3L * i, 7 * i);
            assertPopulatedAhead(index, 8);
        }
        assertEquals(3 * CHUNK, index.populatedBytes());
        assertOffsetEntries(index, first);

        index.trimToValidSize();
        assertEquals(first * 8L, Files.size(file));
        assertEquals(first * 8, index.populatedBytes(), "a trim leaves only the entries populated");
        index.makeActive();
        assertEquals(MAX_INDEX_SIZE, Files.size(file));

        int total = 30_000;
        for (int i = first; i < total; i++) {
            index.append(BASE + 3L * i, 7 * i);
            assertPopulatedAhead(index, 8);
        }
        assertOffsetEntries(index, total);
        index.close();

        OffsetIndex reopened = new OffsetIndex(file, BASE, MAX_INDEX_SIZE, false);
        assertEquals(total, reopened.entries());
        reopened.sanityCheck(7L * total);
        assertOffsetEntries(reopened, total);
        reopened.close();
    }

    @Test
    void aTimeEntryThatStraddlesAChunkBoundaryReadsBack() throws IOException {
        TimeIndex index = new TimeIndex(dir.resolve("00000000000000001000.timeindex"), BASE, MAX_INDEX_SIZE, true);
        int straddling = CHUNK / 12; // 12-byte entries: this one starts 4 bytes before the boundary
        assertTrue(straddling * 12 < CHUNK && (straddling + 1) * 12 > CHUNK);
        int n = straddling + 100;
        for (int i = 0; i < n; i++) {
            index.maybeAppend(10_000L + 10L * i, BASE + 2L * i);
            assertPopulatedAhead(index, 12);
        }
        assertEquals(2 * CHUNK, index.populatedBytes());
        for (int i = 1; i < n; i++) {
            // the last entry below timestamp t of entry i is entry i - 1
            assertEquals(BASE + 2L * (i - 1), index.scanStartFor(10_000L + 10L * i), "entry " + i);
        }
        assertEquals(10_000L + 10L * (n - 1), index.lastTimestamp());
        index.close();
    }

    /** The entries are all inside the populated bytes, which end on a chunk boundary less than a chunk past them. */
    private static void assertPopulatedAhead(AbstractIndex index, int entrySize) {
        int used = index.entries() * entrySize;
        int populated = index.populatedBytes();
        assertTrue(populated >= used && populated % CHUNK == 0 && populated - used < CHUNK,
                "populated " + populated + " bytes for " + used + " bytes of entries");
    }

    private static void assertOffsetEntries(OffsetIndex index, int count) {
        assertEquals(count, index.entries());
        for (int i = 0; i < count; i++) {
            OffsetIndex.OffsetPosition expected = new OffsetIndex.OffsetPosition(BASE + 3L * i, 7 * i);
            assertEquals(expected, index.lookup(BASE + 3L * i), "entry " + i);
            assertEquals(expected, index.lookup(BASE + 3L * i + 2), "between entries " + i + " and " + (i + 1));
        }
    }
}
