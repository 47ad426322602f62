package io.partita.client.network;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiRequest;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Frames;
import io.partita.protocol.wire.RequestHeader;
import io.partita.protocol.wire.api.ApiMessages;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * One TCP connection to one broker. Requests may be pipelined; the broker answers them in
 * order, so outstanding requests wait in a FIFO and each response completes the head.
 *
 * <p>Thread ownership: the FIFO and the correlation counter belong to the channel's event loop;
 * {@link #send} may be called from any thread and hands the work to the loop.
 */
final class BrokerConnection extends SimpleChannelInboundHandler<ByteBuf> {
    private final String address;
    private final String clientId;
    private final ArrayDeque<Pending> inFlight = new ArrayDeque<>();
    private Channel channel;
    private int nextCorrelationId;
    private volatile boolean closed;

    private record Pending(int correlationId, ApiKey key, short version, CompletableFuture<ApiResponse> future) {
    }

    BrokerConnection(String address, String clientId) {
        this.address = address;
        this.clientId = clientId;
    }

    void attach(Channel ch) {
        this.channel = ch;
    }

    String address() {
        return address;
    }

    boolean isUsable() {
        return !closed && channel != null && channel.isActive();
    }

    /**
     * Sends {@code body} at {@code version}. The future completes with the response, or, for a
     * request the broker does not answer ({@code expectResponse} false, e.g. produce with
     * acks=0), with null once the bytes are written.
     */
    CompletableFuture<ApiResponse> send(ApiKey key, short version, ApiRequest body, boolean expectResponse) {
        CompletableFuture<ApiResponse> future = new CompletableFuture<>();
        channel.eventLoop().execute(() -> {
            if (closed || !channel.isActive()) {
                future.completeExceptionally(new DisconnectException("connection to " + address + " is closed", null));
                return;
            }
            int correlationId = nextCorrelationId++;
            ByteBuffer frame;
            try {
                frame = Frames.encodeRequest(new RequestHeader(key, version, correlationId, clientId), body);
            } catch (RuntimeException e) {
                future.completeExceptionally(e);
                return;
            }
            if (expectResponse) {
                inFlight.add(new Pending(correlationId, key, version, future));
            }
            channel.writeAndFlush(Unpooled.wrappedBuffer(frame)).addListener(f -> {
                if (!f.isSuccess()) {
                    failAll(new DisconnectException("writing to " + address + " failed", f.cause()));
                    channel.close();
                } else if (!expectResponse) {
                    future.complete(null);
                }
            });
        });
        return future;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
        Pending head = inFlight.poll();
        if (head == null) {
            protocolError(ctx, "a response arrived with no request outstanding");
            return;
        }
        ByteBuffer bytes = ByteBuffer.allocate(frame.readableBytes());
        frame.readBytes(bytes);
        bytes.flip();
        ApiMessages.DecodedResponse decoded;
        try {
            decoded = ApiMessages.decodeResponse(bytes, head.key(), head.version());
        } catch (RuntimeException e) {
            head.future().completeExceptionally(e);
            protocolError(ctx, "undecodable " + head.key() + " response: " + e.getMessage());
            return;
        }
        if (decoded.header().correlationId() != head.correlationId()) {
            head.future().completeExceptionally(new DisconnectException("response out of order", null));
            protocolError(ctx, "expected correlation id " + head.correlationId() + " but got "
                    + decoded.header().correlationId());
            return;
        }
        head.future().complete(decoded.body());
    }

    private void protocolError(ChannelHandlerContext ctx, String why) {
        failAll(new DisconnectException("protocol error on connection to " + address + ": " + why, null));
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closed = true;
        failAll(new DisconnectException("connection to " + address + " closed", null));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        failAll(new DisconnectException("connection to " + address + " failed: " + cause.getMessage(), cause));
        ctx.close();
    }

    private void failAll(Exception e) {
        Pending p;
        while ((p = inFlight.poll()) != null) {
            p.future().completeExceptionally(e);
        }
    }

    /** Closes the channel; the future completes once it is closed. */
    io.netty.util.concurrent.Future<Void> close() {
        closed = true;
        if (channel != null) {
            return channel.close();
        }
        return io.netty.util.concurrent.ImmediateEventExecutor.INSTANCE.newSucceededFuture(null);
    }
}
