package io.partita.broker.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whole batches read from the log: a range of one segment's file, held open until
 * {@link #close()}. While a FileRecords is open its segment's file is neither closed nor deleted,
 * so a slow reader never races retention.
 *
 * <p>The bytes can go to a socket without entering the heap ({@link #transferTo}, sendfile where
 * the platform has it) or be copied ({@link #readInto}). {@link #close()} is idempotent and may
 * be called from any thread.
 */
public final class FileRecords implements AutoCloseable {
    /** No bytes; closing it does nothing. */
    public static final FileRecords EMPTY = new FileRecords(null, null, 0, 0);

    private final LogSegment segment;
    private final FileChannel channel;
    private final long position;
    private final int size;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** A range of a segment the caller has retained; closing releases it. */
    FileRecords(LogSegment segment, FileChannel channel, long position, int size) {
        this.segment = segment;
        this.channel = channel;
        this.position = position;
        this.size = size;
    }

    public int sizeInBytes() {
        return size;
    }

    /** The file channel, for a transport's own zero-copy region (do not close it). */
    public FileChannel channel() {
        return channel;
    }

    /** Position of the first byte within {@link #channel()}. */
    public long position() {
        return position;
    }

    /**
     * Sends up to {@code count} bytes starting {@code offset} bytes into this range.
     *
     * @return bytes sent, which may be fewer than asked when the target is non-blocking
     */
    public long transferTo(WritableByteChannel target, long offset, long count) throws IOException {
        if (offset < 0 || count < 0 || offset + count > size) {
            throw new IndexOutOfBoundsException("range [" + offset + ", " + (offset + count) + ") outside 0.." + size);
        }
        return count == 0 ? 0 : channel.transferTo(position + offset, count, target);
    }

    /** Copies the whole range into {@code dst} at its position. */
    public void readInto(ByteBuffer dst) throws IOException {
        if (dst.remaining() < size) {
            throw new IllegalArgumentException("buffer has " + dst.remaining() + " bytes free, need " + size);
        }
        int limit = dst.limit();
        dst.limit(dst.position() + size);
        long at = position;
        while (dst.hasRemaining()) {
            int n = channel.read(dst, at);
            if (n < 0) {
                throw new IOException("segment file ended before " + (position + size));
            }
            at += n;
        }
        dst.limit(limit);
    }

    /** A heap copy of the range, positioned at 0. */
    public ByteBuffer readAll() throws IOException {
        ByteBuffer out = ByteBuffer.allocate(size);
        readInto(out);
        out.flip();
        return out;
    }

    @Override
    public void close() {
        if (segment != null && closed.compareAndSet(false, true)) {
            segment.release();
        }
    }
}
