package io.partita.broker.network;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
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
 * The listeners: accepts connections on a TCP address, on an in-VM name ({@code vm://name}, a
 * Netty local channel: the same frames without a socket, for clients in the broker's JVM), or
 * both, and gives each connection a pipeline of {@link FrameDecoder} then
 * {@link ConnectionHandler}. One acceptor thread and {@code num.network.threads} event loops do
 * all I/O of both; requests run on the executor given.
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
    private final List<Channel> serverChannels = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile Channel tcpChannel;

    private SocketServer(EventLoopGroup acceptor, EventLoopGroup workers) {
        this.acceptor = acceptor;
        this.workers = workers;
    }

    /**
     * Where to listen and how to treat connections.
     *
     * @param host             the TCP address to bind, empty for every interface; null for no TCP listener
     * @param port             the TCP port, 0 for any free one
     * @param vmName           the in-VM name to bind, or null for none
     * @param networkThreads   event loops for I/O
     * @param maxFrameBytes    the largest request frame accepted
     * @param maxInflight      unanswered requests per connection before it stops being read
     * @param anonymousAllowed whether connections may send requests without authenticating
     */
    public record Options(String host, int port, String vmName, int networkThreads, int maxFrameBytes,
            int maxInflight, boolean anonymousAllowed) {
        public Options {
            if (host == null && vmName == null) {
                throw new IllegalArgumentException("neither a TCP nor an in-VM listener");
            }
        }
    }

    /**
     * Binds a TCP listener and starts accepting; anonymous connections are allowed.
     *
     * @param host          the address to bind; empty for every interface
     * @param port          the port, 0 for any free one
     * @param networkThreads event loops for socket I/O
     * @param maxFrameBytes  the largest request frame accepted
     * @param maxInflight    unanswered requests per connection before it stops being read
     */
    public static SocketServer start(String host, int port, int networkThreads, int maxFrameBytes, int maxInflight,
            RequestDispatcher dispatcher, Executor requestExecutor) throws InterruptedException {
        return start(new Options(host, port, null, networkThreads, maxFrameBytes, maxInflight, true), dispatcher,
                requestExecutor);
    }

    /**
     * Binds the listeners of {@code options} and starts accepting.
     *
     * @throws io.netty.channel.ChannelException when the address or in-VM name is taken
     */
    public static SocketServer start(Options options, RequestDispatcher dispatcher, Executor requestExecutor)
            throws InterruptedException {
        int networkThreads = options.networkThreads();
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
                            self.initConnection(ch, options, dispatcher, requestExecutor);
                        }
                    });
            if (options.host() != null) {
                String host = options.host();
                int port = options.port();
                InetSocketAddress address = host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
                self.tcpChannel = b.bind(address).sync().channel();
                self.serverChannels.add(self.tcpChannel);
                LOG.debug("bound {}", self.tcpChannel.localAddress());
            }
            if (options.vmName() != null) {
                ServerBootstrap local = new ServerBootstrap()
                        .group(acceptor, workers)
                        .channel(LocalServerChannel.class)
                        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                                new WriteBufferWaterMark(WRITE_LOW_WATER_MARK, WRITE_HIGH_WATER_MARK))
                        .childHandler(new ChannelInitializer<LocalChannel>() {
                            @Override
                            protected void initChannel(LocalChannel ch) {
                                self.initConnection(ch, options, dispatcher, requestExecutor);
                            }
                        });
                self.serverChannels.add(local.bind(new LocalAddress(options.vmName())).sync().channel());
                LOG.debug("bound vm://{}", options.vmName());
            }
            return self;
        } catch (InterruptedException | RuntimeException e) {
            for (Channel ch : self.serverChannels) {
                ch.close().syncUninterruptibly();
            }
            acceptor.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            workers.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw e;
        }
    }

    private void initConnection(Channel ch, Options options, RequestDispatcher dispatcher, Executor requestExecutor) {
        channels.add(ch);
        ch.closeFuture().addListener(f -> channels.remove(ch));
        ch.pipeline().addLast("frames", new FrameDecoder(options.maxFrameBytes(), ch instanceof LocalChannel));
        ch.pipeline().addLast("requests", new ConnectionHandler(dispatcher, requestExecutor, options.maxInflight(),
                connections, options.anonymousAllowed()));
    }

    /** The bound TCP port (the chosen one when 0 was asked), or -1 without a TCP listener. */
    public int port() {
        Channel tcp = tcpChannel;
        return tcp == null ? -1 : ((InetSocketAddress) tcp.localAddress()).getPort();
    }

    /** Stops accepting connections and reading requests; requests already read carry on. */
    public void quiesce() {
        closeListeners();
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

    private void closeListeners() {
        for (Channel ch : serverChannels) {
            ch.close().syncUninterruptibly();
        }
    }

    /** Closes every connection and stops the network threads. */
    @Override
    public void close() {
        closeListeners();
        for (Channel ch : new ArrayList<>(channels)) {
            ch.close();
        }
        acceptor.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
