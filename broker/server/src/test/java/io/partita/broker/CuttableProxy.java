package io.partita.broker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay on 127.0.0.1 between clients and a broker whose connections a test can cut at any
 * moment, as a network failure would: {@link #cutAll()} closes both sockets of every relayed
 * connection, dropping whatever bytes are in flight either way. New connections are relayed as
 * before. {@link #holdAnswers()} stops relaying bytes from the broker until the next cut, so a test
 * can be sure that what it sent last is unanswered when it cuts. One accepting thread and two
 * copying threads per connection; thread-safe.
 */
final class CuttableProxy implements AutoCloseable {
    private final ServerSocket server;
    private final List<Socket> open = new ArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicLong bytesUp = new AtomicLong();
    private boolean holding;
    private volatile int targetPort = -1;
    private volatile boolean closed;

    CuttableProxy() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Where connections are relayed to; set before the first client connects. */
    void target(int port) {
        targetPort = port;
    }

    /** Client connections accepted so far. */
    int accepted() {
        return accepted.get();
    }

    /** Relayed connections now open. */
    synchronized int live() {
        return open.size() / 2;
    }

    /** Bytes relayed from clients to the broker so far. */
    long bytesUp() {
        return bytesUp.get();
    }

    /** From now until the next {@link #cutAll()}, bytes from the broker are held back, not relayed. */
    synchronized void holdAnswers() {
        holding = true;
    }

    /**
     * Closes every relayed connection (both sides), dropping held answers, and relays answers
     * again on new connections; returns how many connections there were.
     */
    synchronized int cutAll() {
        int n = open.size() / 2;
        for (Socket s : open) {
            closeQuietly(s);
        }
        open.clear();
        holding = false;
        notifyAll();
        return n;
    }

    private synchronized void awaitRelease(Socket from) throws IOException {
        while (holding && !from.isClosed()) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while holding answers", e);
            }
        }
        if (from.isClosed()) {
            throw new IOException("cut while holding answers");
        }
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                accepted.incrementAndGet();
                Socket upstream = new Socket();
                try {
                    upstream.connect(new InetSocketAddress("127.0.0.1", targetPort), 10_000);
                } catch (IOException e) {
                    closeQuietly(client);
                    closeQuietly(upstream);
                    continue;
                }
                synchronized (this) {
                    open.add(client);
                    open.add(upstream);
                }
                pump(client, upstream, true);
                pump(upstream, client, false);
            } catch (IOException e) {
                if (!closed) {
                    throw new IllegalStateException("proxy accept failed", e);
                }
            }
        }
    }

    private void pump(Socket from, Socket to, boolean up) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[64 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (up) {
                        bytesUp.addAndGet(n);
                    } else {
                        awaitRelease(from);
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // cut, or the other side closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, up ? "proxy-up" : "proxy-down");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        cutAll();
    }
}
