package io.partita.broker.network;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.partita.broker.request.RequestDispatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The listener: accepts connections on one address and gives each a pipeline of
 * {@link FrameDecoder} then {@link ConnectionHandler}. One acceptor thread and
 * {@code num.network.threads} event loops do all socket I/O; requests run on the executor given.
 *
 * <p>Shutdown is two-step: {@link #quiesce()} closes the listening socket and stops reading
 * from every connection, {@link #awaitDrained(long)} waits for the requests already read to be
 * answered, and {@link #close()} closes the connections and stops the threads.
 */
public final class SocketServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SocketServer.class);

    /** Per-connection outbound bytes above which the connection stops reading requests. */
    private static final int WRITE_HIGH_WATER_MARK = 1 << 20;
    private static final int WRITE_LOW_WATER_MARK = 256 << 10;

    /** The open connections. */
    static final class Connections {
        private final Set<ConnectionHandler> open = ConcurrentHashMap.newKeySet();

        void add(ConnectionHandler c) {
            open.add(c);
        }

        void remove(ConnectionHandler c) {
            open.remove(c);
        }

        List<ConnectionHandler> snapshot() {
            return new ArrayList<>(open);
        }
    }

    private final EventLoopGroup acceptor;
    private final EventLoopGroup workers;
    private final Connections connections = new Connections();
    private final Set<Channel> channels = ConcurrentHashMap.newKeySet();
    private volatile Channel serverChannel;

    private SocketServer(EventLoopGroup acceptor, EventLoopGroup workers) {
        this.acceptor = acceptor;
        this.workers = workers;
    }

    /**
     * Binds and starts accepting.
     *
     * @param host          the address to bind; empty for every interface
     * @param port          the port, 0 for any free one
     * @param networkThreads event loops for socket I/O
     * @param maxFrameBytes  the largest request frame accepted
     * @param maxInflight    unanswered requests per connection before it stops being read
     */
    public static SocketServer start(String host, int port, int networkThreads, int maxFrameBytes, int maxInflight,
            RequestDispatcher dispatcher, Executor requestExecutor) throws InterruptedException {
        EventLoopGroup acceptor = new NioEventLoopGroup(1, new DefaultThreadFactory("partita-acceptor", true));
        EventLoopGroup workers = new NioEventLoopGroup(networkThreads, new DefaultThreadFactory("partita-network", true));
        SocketServer self = new SocketServer(acceptor, workers);
        try {
            ServerBootstrap b = new ServerBootstrap()
                    .group(acceptor, workers)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.SO_KEEPALIVE, true)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                            new WriteBufferWaterMark(WRITE_LOW_WATER_MARK, WRITE_HIGH_WATER_MARK))
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            self.channels.add(ch);
                            ch.closeFuture().addListener(f -> self.channels.remove(ch));
                            ch.pipeline().addLast("frames", new FrameDecoder(maxFrameBytes));
                            ch.pipeline().addLast("requests", new ConnectionHandler(dispatcher, requestExecutor,
                                    maxInflight, self.connections));
                        }
                    });
            InetSocketAddress address = host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
            self.serverChannel = b.bind(address).sync().channel();
            LOG.debug("bound {}", self.serverChannel.localAddress());
            return self;
        } catch (InterruptedException | RuntimeException e) {
            acceptor.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            workers.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw e;
        }
    }

    /** The bound port (the chosen one when 0 was asked). */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** Stops accepting connections and reading requests; requests already read carry on. */
    public void quiesce() {
        serverChannel.close().syncUninterruptibly();
        for (ConnectionHandler c : connections.snapshot()) {
            c.quiesce();
        }
    }

    /**
     * Waits until every request read before {@link #quiesce()} has been answered.
     *
     * @return false when the deadline passed first
     */
    public boolean awaitDrained(long timeoutMs) throws InterruptedException {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (ConnectionHandler c : connections.snapshot()) {
            all.add(c.drained());
        }
        try {
            CompletableFuture.allOf(all.toArray(new CompletableFuture[0])).get(timeoutMs, TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return true;
        }
    }

    /** Closes every connection and stops the network threads. */
    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
        for (Channel ch : new ArrayList<>(channels)) {
            ch.close();
        }
        acceptor.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
