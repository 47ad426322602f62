package io.partita.benchmarks.load;

import io.partita.benchmarks.load.ResultTable.Row;
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

import static io.partita.benchmarks.load.LoadToolOutput.partitaColumn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The load tool end to end against Partita alone, with a workload of a few seconds: a real
 * broker JVM (started from this test's classpath), real clients over TCP on 127.0.0.1. Checks
 * that the table has every row filled with a sane figure; never how fast anything was.
 */
@Timeout(300)
class LoadToolSmokeTest {
    private static final int IDLE_CONNECTIONS = 20;

    @TempDir
    Path dir;

    @Test
    void runsEveryWorkloadAgainstPartitaAndPrintsOneFullColumn() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = new CommandLine(new LoadTool())
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute("--systems", "partita",
                        "--records", "2000",
                        "--rate", "1000",
                        "--latency-warmup-seconds", "1",
                        "--latency-seconds", "2",
                        "--idle-connections", Integer.toString(IDLE_CONNECTIONS),
                        "--heap", "256m",
                        "--timeout-seconds", "60",
                        "--partita-classpath", System.getProperty("java.class.path"),
                        "--work-dir", dir.toString());
        assertEquals(0, status, () -> "exit status; output:\n" + out + "\nerrors:\n" + err);

        Map<String, Double> column = partitaColumn(out.toString());
        for (Row row : Row.values()) {
            assertTrue(column.containsKey(row.label), () -> "no row '" + row.label + "' in\n" + out);
        }
        for (Row row : new Row[] {Row.PRODUCE_RECORDS, Row.PRODUCE_MB, Row.CONSUME_RECORDS, Row.CONSUME_MB,
                Row.LATENCY_P50, Row.LATENCY_P99, Row.LATENCY_MAX, Row.HEAP_USED, Row.HEAP_LIVE, Row.RSS}) {
            assertTrue(column.get(row.label) > 0, () -> row.label + " is not positive in\n" + out);
        }
        assertTrue(column.get(Row.LATENCY_P50.label) <= column.get(Row.LATENCY_P99.label), out::toString);
        assertTrue(column.get(Row.LATENCY_P99.label) <= column.get(Row.LATENCY_MAX.label), out::toString);
        assertTrue(column.get(Row.HEAP_LIVE.label) <= column.get(Row.RSS.label), out::toString);
        // MB/s is records/s times 1,024 bytes, in 10^6 bytes.
        assertEquals(column.get(Row.PRODUCE_RECORDS.label) * 1024 / 1e6, column.get(Row.PRODUCE_MB.label), 0.1);
        assertEquals(IDLE_CONNECTIONS, column.get(Row.IDLE_CONNECTIONS.label));
        assertTrue(out.toString().contains("- partita: acks=all; log.flush.mode=group-commit"), out::toString);

        // The broker's data went into the work directory and was removed with it; the broker is gone.
        try (Stream<Path> left = Files.list(dir)) {
            assertFalse(left.findAny().isPresent(), "the run left files in " + dir);
        }
    }
}
