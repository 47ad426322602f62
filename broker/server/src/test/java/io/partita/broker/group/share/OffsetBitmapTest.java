package io.partita.broker.group.share;

import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link OffsetBitmap} against a sorted set of offsets, under random operations from many seeds. */
class OffsetBitmapTest {

    @Test
    void agreesWithASortedSetUnderRandomOperations() {
        for (long seed = 1; seed <= 300; seed++) {
            run(seed);
        }
    }

    private static void run(long seed) {
        Random random = new Random(seed);
        long base = random.nextInt(3) == 0 ? 0 : random.nextInt(1 << 20);
        int span = 1 + random.nextInt(random.nextBoolean() ? 200 : 5000);
        OffsetBitmap bitmap = new OffsetBitmap(base);
        TreeSet<Long> model = new TreeSet<>();
        for (int step = 0; step < 2000; step++) {
            String where = "seed " + seed + " step " + step;
            long o = base + random.nextInt(span);
            switch (random.nextInt(10)) {
                case 0, 1, 2, 3 -> {
                    bitmap.set(o);
                    model.add(o);
                }
                case 4, 5 -> {
                    bitmap.clear(o);
                    model.remove(o);
                }
                case 6 -> {
                    long newBase = base + random.nextInt(Math.max(1, span / 8));
                    bitmap.moveBase(newBase);
                    base = Math.max(base, newBase);
                    model.headSet(base).clear();
                    assertEquals(base, bitmap.base(), where);
                }
                case 7 -> {
                    long from = o - random.nextInt(70);
                    long limit = from + random.nextInt(300);
                    long expected = limit;
                    for (long x = from; x < limit; x++) {
                        if (!model.contains(x)) {
                            expected = x;
                            break;
                        }
                    }
                    assertEquals(expected, bitmap.nextClear(from, limit), where + " nextClear(" + from + ", " + limit + ")");
                }
                case 8 -> {
                    long from = o - random.nextInt(70);
                    long limit = from + random.nextInt(3000);
                    Long next = model.ceiling(from);
                    long expected = next == null || next >= limit ? limit : next;
                    assertEquals(expected, bitmap.nextSet(from, limit), where + " nextSet(" + from + ", " + limit + ")");
                }
                default -> {
                    long x = o - random.nextInt(100);
                    assertEquals(model.contains(x), bitmap.get(x), where + " get(" + x + ")");
                }
            }
        }
        for (long x = base - 64; x < base + span + 64; x++) {
            assertEquals(model.contains(x), bitmap.get(x), "seed " + seed + " final get(" + x + ")");
        }
    }

    @Test
    void memoryFollowsTheSpanFromTheBaseNotTheOffsets() {
        OffsetBitmap bitmap = new OffsetBitmap(1_000_000_000L);
        for (long o = 1_000_000_000L; o < 1_000_000_000L + 1_000_000; o += 3) {
            bitmap.set(o);
        }
        assertTrue(bitmap.capacityWords() <= 2 * (1_000_000 / 64 + 1), "words " + bitmap.capacityWords());
        bitmap.moveBase(1_000_000_000L + 999_000);
        assertTrue(bitmap.capacityWords() <= 256, "shrinks once drained, words " + bitmap.capacityWords());
        assertTrue(bitmap.get(1_000_000_000L + 999_003));
        assertTrue(!bitmap.get(1_000_000_000L + 999_004));
        assertEquals(1_000_000_000L + 999_000, bitmap.nextSet(0, Long.MAX_VALUE));
        assertThrows(IllegalArgumentException.class, () -> bitmap.set(5));
    }
}
