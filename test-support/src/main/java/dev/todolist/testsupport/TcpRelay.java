package dev.todolist.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * A TCP relay to a real server, on a port of its own, that plays the server's outages for the clients pointed at
 * it: it relays (with a latency when asked), refuses (nothing listens on its port), or turns connections away (each
 * accepted and closed at once, and counted: what a client's reconnect attempts meet while a server crashes or starts,
 * and how a test sees those attempts).
 */
public final class TcpRelay implements AutoCloseable {

    private final String targetHost;

    private final int targetPort;

    /** Chosen by the first {@link #listen()} (port 0: the system's pick, no probe to race) and kept; 0 before. */
    private volatile int port;

    /** The connections relayed now (both sides); guarded by this relay's lock. */
    private final List<Socket> sockets = new ArrayList<>();

    /**
     * Bumped each time the relayed connections are dropped: a connection accepted before a drop but registered after
     * it (its target was still connecting) is closed instead of surviving the drop.
     */
    private int drops;

    /** How many of the next connections are turned away before the relay relays again. */
    private final AtomicInteger toTurnAway = new AtomicInteger();

    private final AtomicInteger turnedAway = new AtomicInteger();

    /** {@link System#nanoTime()} when the last connection was turned away. */
    private volatile long lastTurnedAway;

    private volatile @Nullable ServerSocket server;

    /** Nanoseconds each piece waits before it is written on. */
    private volatile long latency;

    /** Not listening yet: {@link #relay()} or {@link #turnAway(int)} starts it. */
    public TcpRelay(String targetHost, int targetPort) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
    }

    /** Its port, once it listened; it keeps it when it listens again after {@link #refuse()}. */
    public int port() {
        if (port == 0) {
            throw new IllegalStateException("the relay has not listened yet: call relay() or turnAway(int) first");
        }
        return port;
    }

    /** {@code host:port}, as gRPC targets and Redis addresses take it. */
    public String address() {
        return "127.0.0.1:" + port();
    }

    /** Relays every new connection to the target. */
    public synchronized void relay() {
        toTurnAway.set(0);
        listen();
    }

    /**
     * A server that crashed and restarts: the connections it relays are closed, and the next {@code connections}
     * new ones are closed as soon as they are accepted; after them it relays again.
     */
    public synchronized void turnAway(int connections) {
        toTurnAway.set(connections);
        dropConnections();
        listen();
    }

    /** How many connections were turned away so far. */
    public int turnedAway() {
        return turnedAway.get();
    }

    /** {@link System#nanoTime()} when the last connection was turned away: after it the relay relayed again. */
    public long lastTurnedAway() {
        return lastTurnedAway;
    }

    /** Delays what it relays, each way, by {@code latency} (from now on, also on open connections). */
    public void delay(Duration latency) {
        this.latency = latency.toNanos();
    }

    /** Stops listening (new connections are refused) and closes every connection it relays. */
    public synchronized void refuse() {
        closeQuietly(server);
        server = null;
        dropConnections();
    }

    private synchronized void dropConnections() {
        drops++;
        for (Socket socket : sockets) {
            closeQuietly(socket);
        }
        sockets.clear();
    }

    /**
     * Registers a connection {@code listener} accepted when {@code dropsThen} drops had been made, or closes it if
     * a drop came since or the relay stopped listening.
     */
    private synchronized boolean register(ServerSocket listener, Socket client, Socket target, int dropsThen) {
        if (drops != dropsThen || listener.isClosed()) {
            closeQuietly(client);
            closeQuietly(target);
            return false;
        }
        sockets.add(client);
        sockets.add(target);
        return true;
    }

    private synchronized int drops() {
        return drops;
    }

    private void listen() {
        if (server != null) {
            return;
        }
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", port));
            port = socket.getLocalPort();
            server = socket;
            Thread.ofPlatform().daemon().name("tcp-relay-accept-" + port).start(() -> accept(socket));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                int dropsThen = drops();
                if (toTurnAway.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                    closeQuietly(client);
                    lastTurnedAway = System.nanoTime();
                    turnedAway.incrementAndGet();
                    continue;
                }
                Socket target;
                try {
                    target = new Socket(targetHost, targetPort);
                }
                catch (IOException ex) {
                    closeQuietly(client); // the target refused: so does the relay
                    continue;
                }
                if (!register(socket, client, target, dropsThen)) {
                    continue;
                }
                pump(client, target);
                pump(target, client);
            }
            catch (IOException ex) {
                // closed
            }
        }
    }

    /**
     * Copies one direction: what is read is written {@link #latency} later (a delay line: a reader stamps what it
     * reads, a writer writes each piece when its time comes, so the latency adds to each piece, not up).
     */
    private void pump(Socket from, Socket to) {
        BlockingQueue<Piece> line = new LinkedBlockingQueue<>();
        Thread.ofPlatform().daemon().name("tcp-relay-read-" + port).start(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = from.getInputStream()) {
                for (int n; (n = in.read(buffer)) >= 0;) {
                    line.add(new Piece(Arrays.copyOf(buffer, n), System.nanoTime() + latency));
                }
            }
            catch (IOException ex) {
                // one side closed
            }
            finally {
                line.add(new Piece(new byte[0], System.nanoTime() + latency)); // the end
            }
        });
        Thread.ofPlatform().daemon().name("tcp-relay-write-" + port).start(() -> {
            try (OutputStream out = to.getOutputStream()) {
                for (Piece piece = line.take(); piece.bytes().length > 0; piece = line.take()) {
                    long early = piece.due() - System.nanoTime();
                    if (early > 0) {
                        Thread.sleep(Duration.ofNanos(early));
                    }
                    out.write(piece.bytes());
                    out.flush();
                }
            }
            catch (IOException | InterruptedException ex) {
                // one side closed
            }
            finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        });
    }

    /** Bytes read, and when to write them. */
    private record Piece(byte[] bytes, long due) {
    }

    private static void closeQuietly(@Nullable AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        }
        catch (Exception ex) {
            // already closed
        }
    }

    @Override
    public void close() {
        refuse();
    }
}
