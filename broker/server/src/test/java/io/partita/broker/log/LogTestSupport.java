package io.partita.broker.log;

import io.partita.protocol.TopicPartition;
import io.partita.protocol.record.Record;
import io.partita.protocol.record.RecordBatch;
import io.partita.protocol.record.RecordBatchBuilder;
import io.partita.protocol.record.RecordBatches;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** Builders and readers shared by the log tests. */
final class LogTestSupport {
    static final TopicPartition TP = new TopicPartition("orders", 0);

    private LogTestSupport() {
    }

    static Log open(Path dir, LogConfig config, Clock clock, boolean clean) throws IOException {
        return Log.open(dir.resolve(TP.toString()), TP, config, 0L, 0L, clean, clock, Runnable::run);
    }

    /** A batch of {@code count} records whose values are "v-<first+i>" padded to {@code valueSize}. */
    static RecordBatches batch(long firstId, int count, int valueSize, long timestamp) {
        RecordBatchBuilder b = new RecordBatchBuilder(count * (valueSize + 16) + 64);
        for (int i = 0; i < count; i++) {
            b.append(timestamp, null, value(firstId + i, valueSize));
        }
        return new RecordBatches(b.build());
    }

    static RecordBatches batchWithTimestamps(long firstId, long[] timestamps, int valueSize) {
        RecordBatchBuilder b = new RecordBatchBuilder(timestamps.length * (valueSize + 16) + 64);
        for (int i = 0; i < timestamps.length; i++) {
            b.append(timestamps[i], null, value(firstId + i, valueSize));
        }
        return new RecordBatches(b.build());
    }

    static byte[] value(long id, int size) {
        byte[] text = ("v-" + id).getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[Math.max(size, text.length)];
        System.arraycopy(text, 0, out, 0, text.length);
        for (int i = text.length; i < out.length; i++) {
            out[i] = (byte) ('a' + (id + i) % 26);
        }
        return out;
    }

    static String valueId(Record r) {
        String s = new String(r.valueBytes(), StandardCharsets.US_ASCII);
        int end = 2;
        while (end < s.length() && Character.isDigit(s.charAt(end))) {
            end++;
        }
        return s.substring(0, end);
    }

    /** Every batch of the log from the start, read through the public read path. */
    static List<RecordBatch> readAllBatches(Log log) throws IOException {
        List<RecordBatch> out = new ArrayList<>();
        long offset = log.logStartOffset();
        while (offset < log.logEndOffset()) {
            try (LogReadResult r = log.read(offset, 64 * 1024, Long.MAX_VALUE, true)) {
                ByteBuffer bytes = r.records().readAll();
                if (!bytes.hasRemaining()) {
                    throw new AssertionError("empty read at offset " + offset + " below log end " + log.logEndOffset());
                }
                for (RecordBatch b : new RecordBatches(bytes)) {
                    b.ensureValid(b.start() + b.sizeInBytes(), Integer.MAX_VALUE);
                    out.add(b);
                    offset = b.nextOffset();
                }
            }
        }
        return out;
    }

    static List<Record> readAllRecords(Log log) throws IOException {
        List<Record> out = new ArrayList<>();
        for (RecordBatch b : readAllBatches(log)) {
            out.addAll(b.recordList());
        }
        return out;
    }

    /** Runs {@code body} with System.err captured (slf4j-simple writes there) and returns what was written. */
    static String captureLogOutput(Callable<?> body) throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            body.call();
        } finally {
            System.setErr(original);
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        original.print(text);
        return text;
    }
}
