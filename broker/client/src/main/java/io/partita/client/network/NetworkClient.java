package io.partita.client.network;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiRequest;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Frames;

import java.io.Closeable;
import java.net.InetSocketAddress;
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
 * <p>Thread-safe. One event-loop thread serves all connections of a client.
 */
public final class NetworkClient implements Closeable {
    private final EventLoopGroup group;
    private final String clientId;
    private final int requestTimeoutMs;
    private final int maxResponseBytes;
    private final Map<String, CompletableFuture<BrokerConnection>> connections = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public NetworkClient(String clientId, int requestTimeoutMs, int maxResponseBytes) {
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
        String address = host + ":" + port;
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
        Bootstrap b = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, requestTimeoutMs)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new LengthFieldBasedFrameDecoder(maxResponseBytes, 0,
                                Frames.SIZE_PREFIX_BYTES, 0, Frames.SIZE_PREFIX_BYTES));
                        ch.pipeline().addLast(handler);
                    }
                });
        ChannelFuture f = b.connect(new InetSocketAddress(host, port));
        f.addListener(done -> {
            if (done.isSuccess()) {
                Channel ch = f.channel();
                handler.attach(ch);
                result.complete(handler);
            } else {
                result.completeExceptionally(new DisconnectException("cannot connect to " + address + ": "
                        + done.cause().getMessage(), done.cause()));
            }
        });
        return result;
    }

    /** Closes the connection to {@code host:port}, failing its outstanding requests. */
    public void disconnect(String host, int port) {
        CompletableFuture<BrokerConnection> c = connections.remove(host + ":" + port);
        if (c != null) {
            c.thenAccept(BrokerConnection::close);
        }
    }

    @Override
    public void close() {
        closed = true;
        for (CompletableFuture<BrokerConnection> c : connections.values()) {
            c.thenAccept(BrokerConnection::close);
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
