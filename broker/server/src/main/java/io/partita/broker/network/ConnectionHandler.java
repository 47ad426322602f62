package io.partita.broker.network;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.local.LocalChannel;
import io.partita.broker.request.CloseConnectionException;
import io.partita.broker.request.FileRecordsPayload;
import io.partita.broker.request.RequestContext;
import io.partita.broker.request.RequestDispatcher;
import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiRequest;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.ByteBufferRecords;
import io.partita.protocol.wire.Frames;
import io.partita.protocol.wire.MalformedFrameException;
import io.partita.protocol.wire.RequestHeader;
import io.partita.protocol.wire.SegmentedFrame;
import io.partita.protocol.wire.UnsupportedVersionException;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.api.ApiMessages;
import io.partita.protocol.wire.api.AuthenticateResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The requests and responses of one connection.
 *
 * <p>Each frame is decoded (header first: an unknown api key or a malformed body closes the
 * connection with the reason logged; a known api at an unsupported version is answered
 * UNSUPPORTED_VERSION when its response can say so, see
 * {@link RequestDispatcher#unsupportedVersionResponse}), given a slot in this connection's
 * queue, and handed to a request thread; the handlers of one connection start one after the
 * other in request order ({@link SerialExecutor}). Requests may be pipelined and may complete in any order
 * and on any thread; responses are written strictly in request order: a completed response waits
 * in its slot until every earlier one is written. A slot with no response (acks=0) is skipped.
 *
 * <p><b>Authentication.</b> A connection authenticates at most once, with an Authenticate request.
 * When anonymous access is off, any request but ApiVersions and Authenticate before a successful
 * Authenticate closes the connection (most responses have no field for the error, and a produce
 * with acks=0 has no response at all). A failed Authenticate is answered, then the connection is
 * closed.
 *
 * <p><b>In-VM connections.</b> On a {@link LocalChannel} file regions cannot be written, so
 * records read from a segment are copied into a buffer there; sockets keep the zero-copy path.
 *
 * <p><b>Back-pressure.</b> The connection stops reading while its outbound buffer is above the
 * high water mark or while {@code maxInflight} requests are unanswered, and resumes when both
 * clear.
 *
 * <p><b>Threads.</b> All fields are owned by the connection's event loop; completions from other
 * threads are handed to it. The request frame's buffer is released when its handler is done
 * with it; file regions of responses never written are closed when the connection goes.
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionHandler.class);

    /** One request awaiting its turn to be answered. */
    private static final class Slot {
        final int correlationId;
        final short responseVersion;
        boolean done;
        ApiResponse response;
        /** When set, the connection is closed with this reason once this slot's response is written. */
        String closeAfter;

        Slot(int correlationId, short responseVersion) {
            this.correlationId = correlationId;
            this.responseVersion = responseVersion;
        }
    }

    private final RequestDispatcher dispatcher;
    /** Starts this connection's handlers one at a time, in request order. */
    private final Executor requestExecutor;
    private final int maxInflight;
    private final SocketServer.Connections connections;
    private final boolean anonymousAllowed;
    private final ArrayDeque<Slot> pending = new ArrayDeque<>();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private ChannelHandlerContext ctx;
    private String connectionId = "?";
    private boolean closing;
    private boolean quiescing;
    /** An Authenticate request has been read on this connection. */
    private boolean authenticateSeen;
    /** The Authenticate request was answered NONE. */
    private boolean authenticated;

    ConnectionHandler(RequestDispatcher dispatcher, Executor requestExecutor, int maxInflight,
            SocketServer.Connections connections, boolean anonymousAllowed) {
        this.dispatcher = dispatcher;
        this.anonymousAllowed = anonymousAllowed;
        this.requestExecutor = new SerialExecutor(requestExecutor);
        this.maxInflight = maxInflight;
        this.connections = connections;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        this.ctx = ctx;
        this.connectionId = String.valueOf(ctx.channel().remoteAddress());
        connections.add(this);
        dispatcher.connectionOpened(connectionId);
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        closing = true;
        for (Slot s : pending) {
            if (s.response != null) {
                FileRecordsPayload.release(s.response);
                s.response = null;
            }
        }
        pending.clear();
        connections.remove(this);
        dispatcher.connectionClosed(connectionId);
        drained.complete(null);
        super.channelInactive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        if (closing) {
            frame.release();
            return;
        }
        RequestHeader header;
        ApiRequest body;
        try {
            WireReader reader = new WireReader(frame.nioBuffer());
            header = RequestHeader.read(reader);
            ApiKey key = header.apiKey();
            String refusal = admission(key);
            if (refusal != null) {
                frame.release();
                close(refusal);
                return;
            }
            if (!key.isVersionSupported(header.apiVersion()) || !dispatcher.handles(key)) {
                frame.release();
                answerUnsupportedVersion(header);
                return;
            }
            body = ApiMessages.readRequest(key, header.apiVersion(), reader);
            reader.expectEnd(key + " request v" + header.apiVersion());
        } catch (MalformedFrameException | UnsupportedVersionException e) {
            frame.release();
            close("malformed request: " + e.getMessage());
            return;
        } catch (RuntimeException e) {
            frame.release();
            LOG.error("decoding a request from {} failed unexpectedly", connectionId, e);
            close("undecodable request");
            return;
        }
        Slot slot = new Slot(header.correlationId(), header.apiVersion());
        pending.addLast(slot);
        updateReading();
        RequestContext context = new RequestContext(header, connectionId, ctx.channel() instanceof LocalChannel);
        try {
            requestExecutor.execute(() -> run(context, body, frame, slot));
        } catch (RejectedExecutionException e) {
            frame.release();
            close("the broker is shutting down");
        }
    }

    /** Null when the connection may send a {@code key} request now, else why it is closed. */
    private String admission(ApiKey key) {
        if (key == ApiKey.AUTHENTICATE) {
            if (authenticateSeen) {
                return "a second Authenticate request on one connection";
            }
            authenticateSeen = true;
            return null;
        }
        if (key == ApiKey.API_VERSIONS || authenticated || anonymousAllowed) {
            return null;
        }
        return "a " + key + " request before authenticating, and this broker does not accept anonymous connections";
    }

    private void run(RequestContext context, ApiRequest body, ByteBuf frame, Slot slot) {
        CompletableFuture<ApiResponse> future;
        try {
            future = dispatcher.dispatch(context, body);
        } catch (RuntimeException e) {
            future = CompletableFuture.failedFuture(e);
        }
        future.whenComplete((response, error) -> {
            frame.release(); // the request's bytes (e.g. produce records) are no longer needed
            try {
                ctx.executor().execute(() -> onCompleted(slot, response, error));
            } catch (RejectedExecutionException e) {
                if (response != null) {
                    FileRecordsPayload.release(response);
                }
            }
        });
    }

    private void answerUnsupportedVersion(RequestHeader header) {
        ApiKey key = header.apiKey();
        Optional<ApiResponse> answer = RequestDispatcher.unsupportedVersionResponse(key);
        if (answer.isEmpty()) {
            close("unsupported version " + header.apiVersion() + " of " + key + " (supported: "
                    + key.versionRangeText() + "); its response has no field to carry UNSUPPORTED_VERSION");
            return;
        }
        LOG.debug("{}: answering {} v{} with UNSUPPORTED_VERSION", connectionId, key, header.apiVersion());
        Slot slot = new Slot(header.correlationId(), key.minVersion());
        slot.done = true;
        slot.response = answer.get();
        pending.addLast(slot);
        writeReady();
    }

    private void onCompleted(Slot slot, ApiResponse response, Throwable error) {
        if (closing) {
            if (response != null) {
                FileRecordsPayload.release(response);
            }
            return;
        }
        if (error != null) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof CloseConnectionException) {
                close(cause.getMessage());
            } else {
                LOG.error("a request from {} failed", connectionId, cause);
                close("request failed: " + cause);
            }
            return;
        }
        if (response instanceof AuthenticateResponse auth) {
            if (auth.error() == io.partita.protocol.wire.Errors.NONE) {
                authenticated = true;
            } else {
                slot.closeAfter = "authentication failed (" + auth.error() + ")";
            }
        }
        slot.done = true;
        slot.response = response;
        writeReady();
    }

    /** Writes every completed response at the head of the queue, in order. */
    private void writeReady() {
        boolean wrote = false;
        while (!closing && !pending.isEmpty() && pending.peekFirst().done) {
            Slot slot = pending.pollFirst();
            if (slot.response != null) {
                ApiResponse response = slot.response;
                slot.response = null;
                wrote |= write(slot, response);
            }
            if (slot.closeAfter != null) {
                if (wrote) {
                    ctx.flush();
                }
                close(slot.closeAfter);
                return;
            }
        }
        if (wrote) {
            ctx.flush();
        }
        updateReading();
        checkDrained();
    }

    private boolean write(Slot slot, ApiResponse response) {
        SegmentedFrame frame;
        try {
            frame = Frames.encodeResponse(slot.correlationId, slot.responseVersion, response);
        } catch (RuntimeException e) {
            FileRecordsPayload.release(response);
            LOG.error("encoding a {} response for {} failed", response.apiKey(), connectionId, e);
            close("response could not be encoded");
            return false;
        }
        for (SegmentedFrame.Segment segment : frame.segments()) {
            if (segment instanceof SegmentedFrame.Chunk chunk) {
                ctx.write(Unpooled.wrappedBuffer(chunk.bytes()), ctx.voidPromise());
            } else {
                Object payload = ((SegmentedFrame.Records) segment).payload();
                if (payload instanceof FileRecordsPayload file && ctx.channel() instanceof LocalChannel) {
                    if (!writeCopy(file)) {
                        return false;
                    }
                } else if (payload instanceof FileRecordsPayload file) {
                    ctx.write(new FileRecordsRegion(file.records()), ctx.voidPromise());
                } else {
                    ctx.write(Unpooled.wrappedBuffer(((ByteBufferRecords) payload).buffer()), ctx.voidPromise());
                }
            }
        }
        return true;
    }

    /** Copies records from their segment into a buffer and writes it; for channels without file regions. */
    private boolean writeCopy(FileRecordsPayload file) {
        ByteBuf copy;
        try {
            copy = Unpooled.wrappedBuffer(file.records().readAll());
        } catch (IOException | RuntimeException e) {
            LOG.error("reading records for {} failed", connectionId, e);
            close("records could not be read");
            return false;
        } finally {
            file.records().close();
        }
        ctx.write(copy, ctx.voidPromise());
        return true;
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        updateReading();
        super.channelWritabilityChanged(ctx);
    }

    private void updateReading() {
        Channel ch = ctx.channel();
        boolean read = !closing && !quiescing && ch.isWritable() && pending.size() < maxInflight;
        if (ch.config().isAutoRead() != read) {
            ch.config().setAutoRead(read);
        }
    }

    /** Stops reading requests; {@link #drained()} completes once every accepted request is answered. */
    void quiesce() {
        ctx.executor().execute(() -> {
            quiescing = true;
            updateReading();
            checkDrained();
        });
    }

    CompletableFuture<Void> drained() {
        return drained;
    }

    private void checkDrained() {
        if (quiescing && pending.isEmpty() && !drained.isDone()) {
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> drained.complete(null));
        }
    }

    /** Closes after everything already written has gone out. */
    void close(String reason) {
        if (closing) {
            return;
        }
        closing = true;
        if (reason != null) {
            LOG.info("closing connection {}: {}", connectionId, reason);
        }
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            LOG.debug("connection {} failed: {}", connectionId, cause.toString());
        } else {
            LOG.warn("connection {} failed", connectionId, cause);
        }
        closing = true;
        ctx.close();
    }
}
