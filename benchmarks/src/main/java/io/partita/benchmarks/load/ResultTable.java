package io.partita.benchmarks.load;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The load tool's output: one Markdown table with a row per measurement ({@link Row}) and a
 * column per system, in the order they ran, followed by rows named at run time (the queue,
 * fan-out, selector, txn and jms rows, one per consumer count, subscription count, transaction
 * size or body size). A cell is empty ("-") when
 * its workload was not run or the system has no such thing.
 * Not thread-safe: filled by the tool's main thread.
 */
final class ResultTable {

    /** The rows, in printing order, with their labels and number formats. */
    enum Row {
        PRODUCE_RECORDS("produce records/s", "%,.0f"),
        PRODUCE_MB("produce MB/s", "%,.1f"),
        CONSUME_RECORDS("consume records/s", "%,.0f"),
        CONSUME_MB("consume MB/s", "%,.1f"),
        LATENCY_P50("end-to-end latency p50 ms", "%,.2f"),
        LATENCY_P99("end-to-end latency p99 ms", "%,.2f"),
        LATENCY_MAX("end-to-end latency max ms", "%,.2f"),
        HEAP_USED("broker heap used after run MiB", "%,.1f"),
        HEAP_LIVE("broker heap after full GC MiB", "%,.1f"),
        RSS("broker RSS after run MiB", "%,.1f"),
        IDLE_CONNECTIONS("idle connections held", "%,.0f"),
        IDLE_RSS_PER_CONNECTION("RSS per idle connection KiB", "%,.1f"),
        IDLE_HEAP_PER_CONNECTION("heap per idle connection KiB", "%,.2f");

        final String label;
        final String format;

        Row(String label, String format) {
            this.label = label;
            this.format = format;
        }
    }

    private final Map<String, Map<Row, Double>> columns = new LinkedHashMap<>();
    /** Rows named at run time (one per consumer count, say), label to number format, in first-use order. */
    private final Map<String, String> namedRows = new LinkedHashMap<>();
    private final Map<String, Map<String, Double>> namedValues = new LinkedHashMap<>();
    private final Map<String, String> notes = new LinkedHashMap<>();

    void put(String system, Row row, double value) {
        columns.computeIfAbsent(system, s -> new LinkedHashMap<>()).put(row, value);
    }

    /** Declares a row named at run time, printed after the fixed rows in declaration order. */
    void declare(String label, String format) {
        namedRows.putIfAbsent(label, format);
    }

    /** Sets a cell of a row named at run time (declared here if it was not). */
    void put(String system, String label, String format, double value) {
        declare(label, format);
        columns.computeIfAbsent(system, s -> new LinkedHashMap<>());
        namedValues.computeIfAbsent(system, s -> new LinkedHashMap<>()).put(label, value);
    }

    /** A line printed under the table for {@code system}, such as what it does on an acknowledged write. */
    void note(String system, String note) {
        columns.computeIfAbsent(system, s -> new LinkedHashMap<>());
        notes.put(system, note);
    }

    Double get(String system, Row row) {
        Map<Row, Double> c = columns.get(system);
        return c == null ? null : c.get(row);
    }

    void print(PrintWriter out) {
        List<String> systems = new ArrayList<>(columns.keySet());
        StringBuilder header = new StringBuilder("| measurement |");
        StringBuilder rule = new StringBuilder("|---|");
        for (String s : systems) {
            header.append(' ').append(s).append(" |");
            rule.append("---:|");
        }
        out.println(header);
        out.println(rule);
        for (Row row : Row.values()) {
            StringBuilder line = new StringBuilder("| ").append(row.label).append(" |");
            for (String s : systems) {
                Double v = columns.get(s).get(row);
                line.append(' ').append(v == null ? "-" : String.format(row.format, v)).append(" |");
            }
            out.println(line);
        }
        for (Map.Entry<String, String> row : namedRows.entrySet()) {
            StringBuilder line = new StringBuilder("| ").append(row.getKey()).append(" |");
            for (String s : systems) {
                Double v = namedValues.getOrDefault(s, Map.of()).get(row.getKey());
                line.append(' ').append(v == null ? "-" : String.format(row.getValue(), v)).append(" |");
            }
            out.println(line);
        }
        out.println();
        for (Map.Entry<String, String> n : notes.entrySet()) {
            out.println("- " + n.getKey() + ": " + n.getValue());
        }
        out.flush();
    }
}
