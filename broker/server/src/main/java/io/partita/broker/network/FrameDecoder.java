package io.partita.broker.network;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.partita.protocol.wire.Frames;
import io.partita.protocol.wire.MalformedFrameException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Splits the byte stream of a connection into request frames: an int32 size, then that many
 * bytes. The declared size is checked against {@code socket.request.max.bytes} as soon as its
 * four bytes are in, before anything is set aside for the frame; a negative or oversized
 * declaration closes the connection (with the reason logged) and every later byte is dropped.
 * Emits each frame, without its size prefix, as a retained slice the next handler must release.
 *
 * <p>On an in-VM connection the bytes arriving are the client's own buffers (a local channel
 * hands them over as they are), which may be read-only or still in use by the client; there each
 * frame is copied into a buffer of the broker's, which handlers may then change (produce assigns
 * offsets in place).
 *
 * <p>One instance per connection, used on its event loop only.
 */
final class FrameDecoder extends ByteToMessageDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(FrameDecoder.class);

    private final int maxFrameBytes;
    private final boolean copyFrames;
    private boolean failed;

    FrameDecoder(int maxFrameBytes) {
        this(maxFrameBytes, false);
    }

    /** @param copyFrames whether to copy each frame out of the received buffers (in-VM connections) */
    FrameDecoder(int maxFrameBytes, boolean copyFrames) {
        this.maxFrameBytes = maxFrameBytes;
        this.copyFrames = copyFrames;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < Frames.SIZE_PREFIX_BYTES) {
            return;
        }
        int declared = in.getInt(in.readerIndex());
        try {
            Frames.checkFrameSize(declared, maxFrameBytes);
        } catch (MalformedFrameException e) {
            failed = true;
            in.skipBytes(in.readableBytes());
            LOG.info("closing connection {}: {}", ctx.channel().remoteAddress(), e.getMessage());
            ctx.close();
            return;
        }
        if (in.readableBytes() < Frames.SIZE_PREFIX_BYTES + declared) {
            return;
        }
        in.skipBytes(Frames.SIZE_PREFIX_BYTES);
        if (copyFrames) {
            ByteBuf copy = ctx.alloc().heapBuffer(declared, declared);
            copy.writeBytes(in, declared);
            out.add(copy);
        } else {
            out.add(in.readRetainedSlice(declared));
        }
    }
}
