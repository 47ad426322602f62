package io.partita.broker;

import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiRequest;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Frames;
import io.partita.protocol.wire.RequestHeader;
import io.partita.protocol.wire.api.ApiMessages;

import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A blocking client for tests: one socket, requests encoded with the protocol codecs, responses
 * read back in order. {@link #send} may be called several times before {@link #receive} to
 * pipeline requests.
 */
public final class TestWireClient implements Closeable {
    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;
    private final Deque<RequestHeader> sent = new ArrayDeque<>();
    private int nextCorrelationId = 1;

    public TestWireClient(int port) throws IOException {
        this(port, 30_000);
    }

    public TestWireClient(int port, int readTimeoutMs) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(readTimeoutMs);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        out = socket.getOutputStream();
        in = new DataInputStream(socket.getInputStream());
    }

    /** Sends a request at version 0 and returns its correlation id. */
    public int send(ApiRequest request) throws IOException {
        RequestHeader header = new RequestHeader(request.apiKey(), (short) 0, nextCorrelationId++, "test-client");
        out.write(bytes(Frames.encodeRequest(header, request)));
        out.flush();
        sent.addLast(header);
        return header.correlationId();
    }

    /** A copy of the buffer's remaining bytes. */
    public static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }

    /** Sends raw bytes, for malformed-input tests. */
    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Reads the response to the oldest unanswered request and checks its correlation id. */
    @SuppressWarnings("unchecked")
    public <R extends ApiResponse> R receive() throws IOException {
        RequestHeader header = sent.pollFirst();
        if (header == null) {
            throw new IllegalStateException("no request awaits a response");
        }
        ByteBuffer frame = readFrame();
        ApiMessages.DecodedResponse decoded = ApiMessages.decodeResponse(frame, header.apiKey(), header.apiVersion());
        if (decoded.header().correlationId() != header.correlationId()) {
            throw new IOException("expected correlation id " + header.correlationId() + " but got "
                    + decoded.header().correlationId());
        }
        return (R) decoded.body();
    }

    /** Reads one frame without its size prefix. */
    public ByteBuffer readFrame() throws IOException {
        int size = in.readInt();
        byte[] body = new byte[size];
        in.readFully(body);
        return ByteBuffer.wrap(body);
    }

    /** Sends and waits for the response. */
    public <R extends ApiResponse> R call(ApiRequest request) throws IOException {
        send(request);
        return receive();
    }

    /** Marks a request sent without expecting a response (acks=0). */
    public void forgetLast() {
        sent.pollLast();
    }

    /** True when the broker closed the connection: the next read hits end of stream. */
    public boolean isClosedByPeer() throws IOException {
        try {
            return in.read() < 0;
        } catch (EOFException e) {
            return true;
        } catch (IOException e) {
            return e.getMessage() != null && e.getMessage().contains("reset");
        }
    }

    public ApiKey lastSentApi() {
        return sent.isEmpty() ? null : sent.peekLast().apiKey();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
