package io.partita.broker.group.share;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ScanWindowTest {

    private static List<Long> offsets(List<ScanWindow.Entry> entries) {
        return entries.stream().map(ScanWindow.Entry::offset).toList();
    }

    @Test
    void takeGivesTheHighestPrioritiesFirstInOffsetOrderAndKeepsTheRestInOffsetOrder() {
        ScanWindow w = new ScanWindow("", 0);
        int[] priorities = {4, 9, 4, 1, 9, 4, 7};
        for (int i = 0; i < priorities.length; i++) {
            w.add(i, priorities[i], 0, 10);
        }
        assertEquals(List.of(1L, 4L, 6L, 0L), offsets(w.take(4)));
        assertEquals(3, w.size());
        assertEquals(30, w.bytes());
        assertEquals(2, w.firstOffset());
        assertEquals(List.of(2L, 5L, 3L), offsets(w.take(10)));
        assertEquals(0, w.size());
        assertEquals(0, w.bytes());
    }

    @Test
    void takeMatchesAFullSortOnRandomWindows() {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            ScanWindow w = new ScanWindow("", 0);
            List<ScanWindow.Entry> all = new ArrayList<>();
            int n = 1 + random.nextInt(50);
            long offset = 0;
            for (int i = 0; i < n; i++) {
                offset += 1 + random.nextInt(3);
                int priority = random.nextInt(10);
                w.add(offset, priority, 0, 1);
                all.add(new ScanWindow.Entry(offset, priority, 0, 1));
            }
            int want = 1 + random.nextInt(n + 5);
            List<ScanWindow.Entry> expected = all.stream()
                    .sorted(Comparator.comparingInt(ScanWindow.Entry::priority).reversed()
                            .thenComparingLong(ScanWindow.Entry::offset))
                    .limit(want).toList();
            assertEquals(offsets(expected), offsets(w.take(want)), "round " + round);
            assertEquals(Math.max(0, n - want), w.size(), "round " + round);
        }
    }

    @Test
    void theHorizonIsTheFirstCandidateOrTheFirstRecordNotYetDueElseHowFarTheScanLooked() {
        ScanWindow w = new ScanWindow("", 5);
        w.scannedTo(20);
        assertEquals(20, w.horizon());
        w.add(12, 4, 0, 1);
        assertEquals(12, w.horizon());
        w.notDue(8, 1_000);
        assertEquals(8, w.horizon());
        assertEquals(false, w.stale(999));
        assertEquals(true, w.stale(1_000));
    }
}
