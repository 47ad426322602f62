package io.partita.broker.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Replaces a small file so that a crash leaves either the old contents or the new, whole: the
 * bytes go to {@code <name>.tmp}, are fsynced, and the temporary file is renamed over the target.
 * Used for checkpoints, snapshots and broker metadata files.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Writes the buffer's remaining bytes as the new contents of {@code target}. */
    public static void write(Path target, ByteBuffer bytes) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = bytes.duplicate();
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, ByteBuffer.wrap(bytes));
    }
}
