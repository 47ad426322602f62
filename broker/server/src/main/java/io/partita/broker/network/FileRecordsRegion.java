package io.partita.broker.network;

import io.netty.channel.FileRegion;
import io.netty.util.AbstractReferenceCounted;
import io.partita.broker.log.FileRecords;

import java.io.IOException;
import java.nio.channels.WritableByteChannel;

/**
 * A range of a log segment sent with {@code sendfile} (through {@link FileRecords#transferTo}).
 * Netty releases the region once it is written or the write fails; the last release closes the
 * {@link FileRecords}, which lets go of the segment. The segment's file channel itself is never
 * closed here: the log owns it.
 */
final class FileRecordsRegion extends AbstractReferenceCounted implements FileRegion {
    private final FileRecords records;
    private long transferred;

    FileRecordsRegion(FileRecords records) {
        this.records = records;
    }

    @Override
    public long position() {
        return records.position();
    }

    @Override
    public long count() {
        return records.sizeInBytes();
    }

    @Override
    @Deprecated
    public long transfered() {
        return transferred;
    }

    @Override
    public long transferred() {
        return transferred;
    }

    /**
     * Sends the bytes from {@code position} (relative to the start of the region) on.
     *
     * @throws IOException when the file ended early: a region of a retained segment never should
     */
    @Override
    public long transferTo(WritableByteChannel target, long position) throws IOException {
        long remaining = count() - position;
        if (remaining <= 0) {
            return 0;
        }
        long written = records.transferTo(target, position, remaining);
        if (written > 0) {
            transferred += written;
        } else if (written == 0 && records.channel().size() < records.position() + count()) {
            throw new IOException("segment file ended before the " + count() + " bytes at position "
                    + records.position() + " could be sent");
        }
        return written;
    }

    @Override
    protected void deallocate() {
        records.close();
    }

    @Override
    public FileRegion retain() {
        super.retain();
        return this;
    }

    @Override
    public FileRegion retain(int increment) {
        super.retain(increment);
        return this;
    }

    @Override
    public FileRegion touch() {
        return this;
    }

    @Override
    public FileRegion touch(Object hint) {
        return this;
    }
}
