package io.partita.broker.log;

import io.partita.protocol.record.RecordBatch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Walks the batches of a log file between two positions, reading the file in chunks (64 KiB, or
 * more for a larger batch) rather than a system call per batch.
 *
 * <p>{@link #next} stops at the end, at a tail too short for a batch header, or at a declared
 * length that does not fit before the end; {@link #stopReason} then says which. Nothing beyond
 * the length field is checked here: callers that need trust call
 * {@link RecordBatch#ensureValid} on {@link #batch()}.
 *
 * <p>Not thread-safe; one scanner per walk.
 */
final class FileBatchScanner {
    private static final int CHUNK = 64 * 1024;

    private final FileChannel channel;
    private final int end;
    private ByteBuffer buf = ByteBuffer.allocate(CHUNK);
    private int bufStart;
    private int position;
    private int nextPosition;
    private int size;
    private String stopReason;

    /** Scans [{@code start}, {@code end}) of the file. */
    FileBatchScanner(FileChannel channel, int start, int end) {
        this.channel = channel;
        this.end = end;
        this.nextPosition = start;
        this.buf.limit(0);
        this.bufStart = start;
    }

    /**
     * Moves to the next batch.
     *
     * @param wholeBatch load the whole batch (for checksums and records), not just its header
     * @return false at the end of the range or at bytes that cannot be a batch
     */
    boolean next(boolean wholeBatch) throws IOException {
        position = nextPosition;
        int left = end - position;
        if (left == 0) {
            stopReason = null;
            return false;
        }
        if (left < RecordBatch.LOG_OVERHEAD) {
            stopReason = left + " trailing bytes, too few for a batch header";
            return false;
        }
        load(position, RecordBatch.LOG_OVERHEAD);
        int length = buf.getInt(position - bufStart + RecordBatch.LENGTH_OFFSET);
        if (length < RecordBatch.HEADER_SIZE - RecordBatch.LOG_OVERHEAD || length > left - RecordBatch.LOG_OVERHEAD) {
            stopReason = "batch at position " + position + " declares length " + length + " with " + (left
                    - RecordBatch.LOG_OVERHEAD) + " bytes left in the segment";
            return false;
        }
        size = RecordBatch.LOG_OVERHEAD + length;
        load(position, wholeBatch ? size : RecordBatch.HEADER_SIZE);
        nextPosition = position + size;
        return true;
    }

    /** Why the last {@link #next} returned false: null at a clean end. */
    String stopReason() {
        return stopReason;
    }

    /** File position of the current batch. */
    int position() {
        return position;
    }

    /** Size of the current batch. */
    int size() {
        return size;
    }

    /** The current batch, over the scanner's buffer (valid until the next call to next). */
    RecordBatch batch() {
        return new RecordBatch(buf, position - bufStart);
    }

    private void load(int from, int need) throws IOException {
        if (from >= bufStart && from + need <= bufStart + buf.limit()) {
            return;
        }
        if (need > buf.capacity()) {
            buf = ByteBuffer.allocate(Math.max(need, CHUNK));
        }
        buf.clear();
        buf.limit(Math.min(buf.capacity(), end - from));
        while (buf.hasRemaining()) {
            int n = channel.read(buf, from + buf.position());
            if (n < 0) {
                throw new IOException("log file ended at " + (from + buf.position()) + " while reading to " + end);
            }
        }
        buf.flip();
        bufStart = from;
    }
}
