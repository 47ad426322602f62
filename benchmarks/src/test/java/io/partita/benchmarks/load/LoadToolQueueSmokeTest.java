package io.partita.benchmarks.load;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static io.partita.benchmarks.load.LoadToolOutput.assertRefused;
import static io.partita.benchmarks.load.LoadToolOutput.cell;
import static io.partita.benchmarks.load.LoadToolOutput.partitaColumn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The queue, fanout and selector workloads end to end against Partita alone, with a few hundred
 * messages: a real broker JVM, real share consumers over TCP on 127.0.0.1. The tool itself fails
 * a run whose messages are not each delivered exactly once where they belong; this test checks
 * that it succeeds, that every row is there with a sane figure, and that the counting does catch
 * a duplicate. Never how fast anything was.
 */
@Timeout(300)
class LoadToolQueueSmokeTest {

    @TempDir
    Path dir;

    @Test
    void runsTheQueueWorkloadsAgainstPartita() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = new CommandLine(new LoadTool())
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute("--systems", "partita",
                        "--workloads", "queue,fanout,selector",
                        "--queue-records", "300",
                        "--consumers", "1,3",
                        "--ack", "each,batch",
                        "--ack-batch", "7",
                        "--queue-rate", "200",
                        "--queue-latency-warmup-seconds", "0",
                        "--queue-latency-seconds", "1",
                        "--subscriptions", "1,3",
                        "--heap", "256m",
                        "--timeout-seconds", "60",
                        "--partita-classpath", System.getProperty("java.class.path"),
                        "--work-dir", dir.toString());
        assertEquals(0, status, () -> "exit status; output:\n" + out + "\nerrors:\n" + err);

        System.out.println(out);
        Map<String, Double> column = partitaColumn(out.toString());
        for (int consumers : new int[] {1, 3}) {
            for (String ack : new String[] {"each", "batch"}) {
                double rate = cell(column, LoadTool.queueLabel(consumers, ack, "records/s"), out);
                double p50 = cell(column, LoadTool.queueLabel(consumers, ack, "latency p50 ms"), out);
                double p99 = cell(column, LoadTool.queueLabel(consumers, ack, "latency p99 ms"), out);
                assertTrue(rate > 0 && p50 > 0 && p50 <= p99, out::toString);
            }
        }
        for (int subscriptions : new int[] {1, 3}) {
            double published = cell(column, LoadTool.fanoutLabel(subscriptions, "publish records/s"), out);
            double delivered = cell(column, LoadTool.fanoutLabel(subscriptions,
                    "delivered records/s, all subscriptions"), out);
            assertTrue(published > 0 && delivered > 0, out::toString);
        }
        assertTrue(cell(column, LoadTool.SELECTOR_NONE, out) > 0, out::toString);
        assertTrue(cell(column, LoadTool.SELECTOR_WITH, out) > 0, out::toString);
        assertTrue(cell(column, LoadTool.SELECTOR_MATCHED, out) > 0, out::toString);
        // The fixed rows of workloads not run stay empty.
        assertTrue(column.get(ResultTable.Row.PRODUCE_RECORDS.label).isNaN(), out::toString);
        assertTrue(out.toString().contains("300 messages per run"), out::toString);

        try (Stream<Path> left = Files.list(dir)) {
            assertFalse(left.findAny().isPresent(), "the run left files in " + dir);
        }
    }

    @Test
    void countingCatchesDuplicatesStraysAndGaps() {
        Delivered d = new Delivered("queue q", 130);
        for (long seq = 0; seq < 129; seq++) {
            d.mark(seq);
        }
        assertEquals(129, d.count());
        IllegalStateException twice = assertThrows(IllegalStateException.class, () -> d.mark(64));
        assertTrue(twice.getMessage().contains("message 64 twice"), twice::getMessage);
        IllegalStateException stray = assertThrows(IllegalStateException.class, () -> d.mark(130));
        assertTrue(stray.getMessage().contains("outside 0..129"), stray::getMessage);
        assertEquals(129, d.count());
        d.mark(129);
        assertEquals(130, d.count());
    }

    @Test
    void badQueueOptionsAreRefusedNamingTheValue() {
        assertRefused("unknown acknowledgement mode 'sometimes' in --ack", "--ack", "each,sometimes");
        assertRefused("--consumers 0 must be 1 or more", "--consumers", "1,0");
        assertRefused("--subscriptions -2 must be 1 or more", "--subscriptions", "-2");
        assertRefused("--ack-batch 0 must be 1 or more", "--ack-batch", "0");
        assertRefused("unknown workload 'queues' in --workloads", "--workloads", "queues");
    }
}
