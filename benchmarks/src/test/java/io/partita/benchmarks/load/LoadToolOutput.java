package io.partita.benchmarks.load;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading the load tool's printed table, and checking its refusals, for the smoke tests. */
final class LoadToolOutput {
    private LoadToolOutput() {
    }

    /** Runs the tool with {@code args} and checks it refuses them (exit status 2) with {@code message}. */
    static void assertRefused(String message, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = new CommandLine(new LoadTool()).setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true)).execute(args);
        assertEquals(2, status, () -> "exit status for " + String.join(" ", args) + "; errors:\n" + err);
        assertTrue(err.toString().contains(message), () -> "expected '" + message + "' in\n" + err);
    }

    /** The value of row {@code label}, failing with the whole output when there is no such row. */
    static double cell(Map<String, Double> column, String label, StringWriter out) {
        Double v = column.get(label);
        assertTrue(v != null, () -> "no row '" + label + "' in\n" + out);
        return v;
    }

    /** Label to value of the table's only system column ("1,234.5" parsed as 1234.5, "-" as NaN). */
    static Map<String, Double> partitaColumn(String output) {
        Map<String, Double> values = new LinkedHashMap<>();
        boolean sawHeader = false;
        for (String line : output.split("\n")) {
            if (line.startsWith("| measurement | partita |")) {
                sawHeader = true;
            } else if (sawHeader && line.startsWith("| ") && !line.startsWith("|---")) {
                String[] cells = line.split("\\|");
                String value = cells[2].trim().replace(",", "");
                values.put(cells[1].trim(), value.equals("-") ? Double.NaN : Double.parseDouble(value));
            }
        }
        assertTrue(sawHeader, () -> "no table header in\n" + output);
        return values;
    }
}
