package io.partita.client.network;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.partita.client.AuthenticationException;
import io.partita.client.Credentials;
import io.partita.client.HostPort;
import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiRequest;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.Frames;
import io.partita.protocol.wire.api.AuthenticateRequest;
import io.partita.protocol.wire.api.AuthenticateResponse;

import java.io.Closeable;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Connections to brokers by address, opened on first use and reopened after they fail. Every
 * request is version 0 of its api for now; {@link #send} returns a future that fails with
 * {@link DisconnectException} when the connection goes, and with a timeout after
 * {@code requestTimeoutMs}.
 *
 * <p><b>Addresses.</b> A host of the form {@code vm://name} (port ignored, see {@link HostPort})
 * reaches a broker in this JVM that listens on {@code VM://name}, over a Netty local channel: the
 * same frames as TCP without a socket.
 *
 * <p><b>Authentication.</b> Every new connection (reconnects too) first sends an Authenticate
 * request with the client's {@link Credentials} (a request for anonymous access when there are
 * none), and carries other requests only once the broker accepted it. A refusal fails the
 * requests waiting for that connection, and every later request to that broker, with an
 * {@link AuthenticationException}; it is never retried.
 *
 * <p>Thread-safe. One event-loop thread serves all connections of a client.
 */
public final class NetworkClient implements Closeable {
    private final EventLoopGroup group;
    private final String clientId;
    private final int requestTimeoutMs;
    private final int maxResponseBytes;
    private final Credentials credentials;
    /** Brokers that refused our credentials, by address: requests to them fail at once. */
    private final Map<String, AuthenticationException> refused = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<BrokerConnection>> connections = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** A client that asks for anonymous access. */
    public NetworkClient(String clientId, int requestTimeoutMs, int maxResponseBytes) {
        this(clientId, requestTimeoutMs, maxResponseBytes, Credentials.ANONYMOUS);
    }

    public NetworkClient(String clientId, int requestTimeoutMs, int maxResponseBytes, Credentials credentials) {
        this.credentials = java.util.Objects.requireNonNull(credentials, "credentials");
        this.clientId = clientId;
        this.requestTimeoutMs = requestTimeoutMs;
        this.maxResponseBytes = maxResponseBytes;
        this.group = new NioEventLoopGroup(1, new DefaultThreadFactory("partita-client-io", true));
    }

    /**
     * Sends a request to the broker at {@code host:port}.
     *
     * @param expectResponse false for requests the broker does not answer (produce, acks=0)
     */
    public CompletableFuture<ApiResponse> send(String host, int port, ApiKey key, ApiRequest body, boolean expectResponse) {
        return send(host, port, key, body, expectResponse, requestTimeoutMs);
    }

    /**
     * Sends a request that may take longer than {@code request.timeout.ms} to be answered (a
     * JoinGroup waits for the whole rebalance).
     *
     * @param timeoutMs how long to wait for the answer
     */
    public CompletableFuture<ApiResponse> send(String host, int port, ApiKey key, ApiRequest body, boolean expectResponse,
            long timeoutMs) {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("client is closed"));
        }
        String address = HostPort.isInVm(host) ? host : host + ":" + port;
        AuthenticationException refusal = refused.get(address);
        if (refusal != null) {
            return CompletableFuture.failedFuture(refusal);
        }
        return connection(address, host, port)
                .thenCompose(c -> c.send(key, (short) 0, body, expectResponse))
                .orTimeout(timeoutMs, TimeUnit.MILLISECONDS);
    }

    private CompletableFuture<BrokerConnection> connection(String address, String host, int port) {
        return connections.compute(address, (a, existing) -> {
            if (existing != null && (!existing.isDone() || (!existing.isCompletedExceptionally()
                    && existing.join().isUsable()))) {
                return existing;
            }
            return connect(address, host, port);
        });
    }

    private CompletableFuture<BrokerConnection> connect(String address, String host, int port) {
        CompletableFuture<BrokerConnection> result = new CompletableFuture<>();
        BrokerConnection handler = new BrokerConnection(address, clientId);
        ChannelInitializer<Channel> init = new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new LengthFieldBasedFrameDecoder(maxResponseBytes, 0,
                        Frames.SIZE_PREFIX_BYTES, 0, Frames.SIZE_PREFIX_BYTES));
                ch.pipeline().addLast(handler);
            }
        };
        Bootstrap b = new Bootstrap().group(group).handler(init);
        SocketAddress remote;
        if (HostPort.isInVm(host)) {
            b.channel(LocalChannel.class);
            remote = new LocalAddress(host.substring(HostPort.VM_PREFIX.length()));
        } else {
            b.channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, requestTimeoutMs);
            remote = new InetSocketAddress(host, port);
        }
        ChannelFuture f = b.connect(remote);
        f.addListener(done -> {
            if (done.isSuccess()) {
                Channel ch = f.channel();
                handler.attach(ch);
                authenticate(handler, result);
            } else {
                result.completeExceptionally(new DisconnectException("cannot connect to " + address + ": "
                        + done.cause().getMessage(), done.cause()));
            }
        });
        return result;
    }

    /** Sends the Authenticate request of a new connection; completes {@code result} once accepted. */
    private void authenticate(BrokerConnection connection, CompletableFuture<BrokerConnection> result) {
        AuthenticateRequest request = credentials.anonymous() ? AuthenticateRequest.anonymous()
                : new AuthenticateRequest(credentials.user(),
                        ByteBuffer.wrap(credentials.password().getBytes(StandardCharsets.UTF_8)));
        connection.send(ApiKey.AUTHENTICATE, (short) 0, request, true).whenComplete((response, error) -> {
            if (error != null) {
                result.completeExceptionally(error);
                connection.close();
                return;
            }
            AuthenticateResponse answer = (AuthenticateResponse) response;
            if (answer.error() == Errors.NONE) {
                result.complete(connection);
                return;
            }
            AuthenticationException refusal = new AuthenticationException(credentials.user(), connection.address(),
                    answer.error(), answer.errorMessage());
            refused.put(connection.address(), refusal);
            result.completeExceptionally(refusal);
            connection.close();
        });
    }

    /** Closes the connection to {@code host:port}, failing its outstanding requests. */
    public void disconnect(String host, int port) {
        CompletableFuture<BrokerConnection> c = connections.remove(HostPort.isInVm(host) ? host : host + ":" + port);
        if (c != null) {
            c.thenAccept(BrokerConnection::close);
        }
    }

    @Override
    public void close() {
        closed = true;
        java.util.List<io.netty.util.concurrent.Future<Void>> closing = new java.util.ArrayList<>();
        for (CompletableFuture<BrokerConnection> c : connections.values()) {
            BrokerConnection connection = c.isDone() && !c.isCompletedExceptionally() ? c.join() : null;
            if (connection != null) {
                closing.add(connection.close());
            } else {
                c.thenAccept(BrokerConnection::close);
            }
        }
        // Let the closes finish before the event loop stops: an in-VM broker's side of a local
        // channel hands its last step back to this loop.
        for (io.netty.util.concurrent.Future<Void> f : closing) {
            f.awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
