package io.partita.broker.cli;

import io.partita.protocol.record.InvalidRecordException;
import io.partita.protocol.record.Record;
import io.partita.protocol.record.RecordBatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code partita dump-log FILE...}: prints the batches (and optionally records) of segment files,
 * checking each batch's CRC; exits 1 when a file holds an invalid batch.
 */
@Command(name = "dump-log", mixinStandardHelpOptions = true,
        description = "Print the record batches of log segment files (<base offset>.log), checking each one.")
final class DumpLogCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Segment files to read.")
    List<Path> files;

    @Option(names = "--print-records", description = "Also print each record's offset, timestamp, key and value.")
    boolean printRecords;

    @Option(names = "--max-value-chars", defaultValue = "80",
            description = "Characters of each key and value to print (default: ${DEFAULT-VALUE}).")
    int maxValueChars;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        int status = 0;
        for (Path file : files) {
            out.println("Dumping " + file);
            status |= dump(file, out);
        }
        out.flush();
        return status;
    }

    private int dump(Path file, PrintWriter out) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            long position = 0;
            ByteBuffer head = ByteBuffer.allocate(RecordBatch.LOG_OVERHEAD);
            while (position < size) {
                head.clear();
                ch.read(head, position);
                if (head.position() < RecordBatch.LOG_OVERHEAD) {
                    out.println("  position " + position + ": " + (size - position) + " trailing bytes, not a batch");
                    return 1;
                }
                int length = head.getInt(RecordBatch.LENGTH_OFFSET);
                if (length < 0 || length > size - position - RecordBatch.LOG_OVERHEAD) {
                    out.println("  position " + position + ": batch declares length " + length + ", "
                            + (size - position - RecordBatch.LOG_OVERHEAD) + " bytes remain");
                    return 1;
                }
                ByteBuffer batchBytes = ByteBuffer.allocate(RecordBatch.LOG_OVERHEAD + length);
                while (batchBytes.hasRemaining()) {
                    if (ch.read(batchBytes, position + batchBytes.position()) < 0) {
                        break;
                    }
                }
                batchBytes.flip();
                RecordBatch batch = RecordBatch.at(batchBytes);
                try {
                    batch.ensureValid(batchBytes.limit(), Integer.MAX_VALUE);
                } catch (InvalidRecordException e) {
                    out.println("  position " + position + ": INVALID: " + e.getMessage());
                    return 1;
                }
                out.printf("  baseOffset: %d lastOffset: %d count: %d position: %d size: %d epoch: %d "
                                + "maxTimestamp: %d producerId: %d producerEpoch: %d baseSequence: %d "
                                + "transactional: %s control: %s crc: %08x%n",
                        batch.baseOffset(), batch.lastOffset(), batch.recordsCount(), position, batch.sizeInBytes(),
                        batch.partitionLeaderEpoch(), batch.maxTimestamp(), batch.producerId(), batch.producerEpoch(),
                        batch.baseSequence(), batch.isTransactional(), batch.isControlBatch(), batch.checksum());
                if (printRecords) {
                    for (Record r : batch.records()) {
                        out.printf("    | offset: %d timestamp: %d key: %s value: %s headers: %d%n", r.offset(),
                                r.timestamp(), text(r.key()), text(r.value()), r.headers().size());
                    }
                }
                position += batch.sizeInBytes();
            }
        }
        return 0;
    }

    private String text(ByteBuffer b) {
        if (b == null) {
            return "null";
        }
        byte[] bytes = new byte[Math.min(b.remaining(), maxValueChars)];
        b.duplicate().get(bytes);
        String s = new String(bytes, StandardCharsets.UTF_8);
        return b.remaining() > maxValueChars ? s + "..." : s;
    }
}
