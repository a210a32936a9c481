package org.jxen.xenstore.server;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jxen.xenstore.proto.FrameDecoder;
import org.jxen.xenstore.proto.Message;

/**
 * The Unix-socket transport and the core's event loop. One thread runs {@link #run()}: it
 * accepts, reads requests, hands them to the core and writes replies. epoll reports only the
 * connections with something to do, so idle connections cost nothing per request (C xenstored
 * polls every connection on every pass).
 *
 * <p>Fairness: a connection gets at most {@link #REQUESTS_PER_TURN} requests handled per pass
 * before the others get theirs, and one whose replies pile up unread is not read from until
 * they drain, so a flooding client neither starves others nor grows the daemon's memory. Watch
 * events are not requests and cannot be held back that way: a connection that lets
 * {@link #OUTPUT_HARD_LIMIT} bytes of them pile up is closed.
 */
public final class SocketTransport implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("jxenstored");
    static final int REQUESTS_PER_TURN = 32;
    /** Unsent reply bytes at which a connection stops being read. */
    static final int OUTPUT_BACKLOG_LIMIT = 1 << 20;
    /** Unsent bytes at which a connection that does not read is dropped. */
    static final int OUTPUT_HARD_LIMIT = 16 << 20;
    /** Default for how long the loop polls for more work after a pass before it blocks. */
    public static final int DEFAULT_SPIN_MICROS = 50;

    private final XenStoreCore core;
    private final Path socketPath;
    private final long spinNanos;
    private final Selector selector;
    private final ServerSocketChannel server;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Set<SocketLink> pendingInput = new LinkedHashSet<>();
    private final Set<SocketLink> pendingOutput = new LinkedHashSet<>();
    private final Set<SocketLink> pendingClose = new LinkedHashSet<>();
    private volatile boolean running = true;
    private long nextLinkId;

    /**
     * Binds {@code socketPath}, replacing a stale socket file but refusing one a live daemon listens on.
     *
     * @param spinMicros how long to poll for the next request before blocking (0: block at once)
     */
    public SocketTransport(XenStoreCore core, Path socketPath, int spinMicros) throws IOException {
        this.core = core;
        this.socketPath = socketPath;
        this.spinNanos = spinMicros * 1000L;
        Path dir = socketPath.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        if (Files.exists(socketPath)) {
            if (isLive(socketPath)) {
                throw new IOException("another XenStore daemon is listening on " + socketPath + "; stop it or use --socket PATH");
            }
            Files.delete(socketPath);
        }
        this.selector = Selector.open();
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        bindPrivately(server, socketPath);
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
    }

    /**
     * Every socket client is dom0, so the socket is root's alone (mode 0600, as C xenstored makes
     * it). It is bound in a fresh directory only its owner can enter and given its mode before it
     * is moved into place: nobody can connect in between.
     */
    private static void bindPrivately(ServerSocketChannel server, Path socketPath) throws IOException {
        // Not createTempDirectory: seeding its SecureRandom costs a quarter of a second in an emulated dom0.
        Path staging = Files.createDirectory(socketPath.toAbsolutePath().resolveSibling(
                        ".jxenstored-" + ProcessHandle.current().pid() + "-" + System.nanoTime()),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path staged = staging.resolve("s");
        try {
            server.bind(UnixDomainSocketAddress.of(staged));
            Files.setPosixFilePermissions(staged, PosixFilePermissions.fromString("rw-------"));
            Files.move(staged, socketPath, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(staged);
            Files.delete(staging);
        }
    }

    private static boolean isLive(Path p) {
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(p))) {
            return probe.isConnected();
        } catch (IOException e) {
            return false;
        }
    }

    /** Runs {@code task} on the loop thread: the way other threads (other transports) reach the core. */
    public void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    /**
     * The event loop; returns after {@link #close()}, having closed every connection and removed
     * the socket file. A task or connection that fails unexpectedly is logged and, for a
     * connection, closed; the loop and everyone else go on.
     */
    public void run() {
        try {
            while (running) {
                try {
                    pass();
                } catch (IOException e) {
                    if (running) {
                        LOG.log(System.Logger.Level.ERROR, "event loop: " + e.getMessage(), e);
                    }
                }
            }
        } finally {
            shutdown();
        }
    }

    private void pass() throws IOException {
        runTasks();
        flushAll(); // what tasks (ring traffic) sent to sockets must not wait for a socket event
        awaitWork();
        for (SelectionKey key : selector.selectedKeys()) {
            if (key.attachment() instanceof SocketLink link) {
                isolated(link, () -> onReady(link, key));
            } else if (key.isValid() && key.isAcceptable()) {
                accept();
            }
        }
        selector.selectedKeys().clear();
        for (SocketLink link : List.copyOf(pendingInput)) {
            pendingInput.remove(link);
            isolated(link, () -> process(link));
        }
        flushAll();
        for (SocketLink link : List.copyOf(pendingClose)) {
            drop(link);
        }
    }

    /** Runs one connection's work; a bug it hits closes that connection, not the daemon. */
    private void isolated(SocketLink link, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, link.describe() + ": internal error, connection closed", e);
            link.close("internal error: " + e);
        }
    }

    /**
     * Waits for the next event. Right after a pass the next request usually follows within
     * microseconds (a client in a request/reply loop, a transaction's next step), so the loop
     * polls without blocking for up to {@code spinMicros} before parking in epoll: that saves the
     * thread wake-up on every round trip (it halves request latency on these machines). An idle
     * daemon spins once after its last request, then parks and uses no CPU.
     */
    private void awaitWork() throws IOException {
        if (!pendingInput.isEmpty()) {
            selector.selectNow();
            return;
        }
        long spinUntil = System.nanoTime() + spinNanos;
        while (running && tasks.isEmpty() && System.nanoTime() < spinUntil) {
            if (selector.selectNow() > 0) {
                return;
            }
            Thread.onSpinWait();
        }
        // selectNow() cleared any wakeup() that execute() or close() sent during the spin: a queued
        // task or a stop must not wait for select(). One arriving after this check wakes select().
        if (!tasks.isEmpty() || !running) {
            return;
        }
        selector.select();
    }

    private void runTasks() {
        Runnable r;
        while ((r = tasks.poll()) != null) {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "a task on the event loop failed; serving goes on", e);
            }
        }
    }

    private void onReady(SocketLink link, SelectionKey key) {
        if (!key.isValid()) {
            return;
        }
        if (key.isWritable()) {
            link.flush();
        }
        if (key.isValid() && key.isReadable()) {
            link.fill();
            process(link);
        }
    }

    private void accept() throws IOException {
        SocketChannel ch;
        while ((ch = server.accept()) != null) {
            ch.configureBlocking(false);
            SocketLink link = new SocketLink(ch, ++nextLinkId);
            link.key = ch.register(selector, SelectionKey.OP_READ, link);
            core.open(0, link);
        }
    }

    /** Handles the complete requests buffered for a link, up to its turn's budget. */
    private void process(SocketLink link) {
        boolean backlogged = link.outputBacklog() >= OUTPUT_BACKLOG_LIMIT;
        int budget = backlogged ? 0 : REQUESTS_PER_TURN;
        FrameDecoder.Status status = link.frames.drain(budget, m -> {
            if (!link.closing) {
                core.handle(link.session, m);
            }
        });
        switch (status) {
            case TOO_LONG -> link.close("payload of " + link.frames.badLength() + " bytes exceeds " + Message.PAYLOAD_MAX);
            // Backlogged: resumed by flush() once the client reads; otherwise: next pass.
            case BUDGET_USED -> {
                if (backlogged) {
                    link.stalled = true;
                } else {
                    pendingInput.add(link);
                }
            }
            case NEED_MORE -> { }
        }
        if (!link.closing) {
            link.updateInterest();
        }
    }

    private void flushAll() {
        for (SocketLink link : List.copyOf(pendingOutput)) {
            isolated(link, link::flush);
        }
    }

    private void drop(SocketLink link) {
        pendingInput.remove(link);
        pendingOutput.remove(link);
        pendingClose.remove(link);
        link.key.cancel();
        try {
            core.close(link.session);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, link.describe() + ": internal error while closing", e);
        }
        try {
            link.channel.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing " + link.describe() + ": " + e.getMessage());
        }
    }

    /** Stops the loop; the loop thread then closes every connection and removes the socket file. */
    @Override
    public void close() {
        running = false;
        selector.wakeup();
    }

    private void shutdown() {
        for (SelectionKey key : List.copyOf(selector.keys())) {
            if (key.attachment() instanceof SocketLink link) {
                isolated(link, link::flush);
                drop(link);
            }
        }
        try (selector; server) {
            Files.deleteIfExists(socketPath);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "shutdown: " + e.getMessage());
        }
    }

    /** One socket connection: its buffers and the session the core keeps for it. */
    private final class SocketLink implements ClientLink {
        final SocketChannel channel;
        final long id;
        final FrameDecoder frames = new FrameDecoder(64 * 1024);
        ByteBuffer out = ByteBuffer.allocate(16 * 1024).order(ByteOrder.LITTLE_ENDIAN);
        SelectionKey key;
        Session session;
        boolean closing;
        /** Requests are buffered but held back until the client reads its replies. */
        boolean stalled;

        SocketLink(SocketChannel channel, long id) {
            this.channel = channel;
            this.id = id;
        }

        void fill() {
            try {
                if (channel.read(frames.buffer()) < 0) {
                    closing = true;
                }
            } catch (IOException e) {
                closing = true;
            }
            if (closing) {
                drop(this);
            }
        }

        @Override
        public void send(Message m) {
            if (closing) {
                return;
            }
            if (out.position() + m.size() > OUTPUT_HARD_LIMIT) {
                close("does not read: " + out.position() + " bytes of replies and events unsent");
                return;
            }
            if (out.remaining() < m.size()) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(out.capacity() * 2, out.position() + m.size()))
                        .order(ByteOrder.LITTLE_ENDIAN);
                out.flip();
                bigger.put(out);
                out = bigger;
            }
            m.writeTo(out);
            pendingOutput.add(this);
        }

        int outputBacklog() {
            return out.position();
        }

        void flush() {
            if (!channel.isOpen()) {
                pendingOutput.remove(this);
                return;
            }
            out.flip();
            try {
                channel.write(out);
            } catch (IOException e) {
                closing = true;
            }
            out.compact();
            if (closing) {
                drop(this);
                return;
            }
            if (out.position() == 0) {
                pendingOutput.remove(this);
            }
            if (stalled && out.position() < OUTPUT_BACKLOG_LIMIT) {
                stalled = false;
                pendingInput.add(this);
            }
            updateInterest();
        }

        void updateInterest() {
            if (!key.isValid()) {
                return;
            }
            int ops = out.position() > 0 ? SelectionKey.OP_WRITE : 0;
            if (out.position() < OUTPUT_BACKLOG_LIMIT) {
                ops |= SelectionKey.OP_READ;
            }
            if (key.interestOps() != ops) {
                key.interestOps(ops);
            }
        }

        /** Marks the link for closing; the loop drops it once the current request is done. */
        @Override
        public void close(String reason) {
            LOG.log(System.Logger.Level.INFO, describe() + " closed: " + reason);
            closing = true;
            pendingClose.add(this);
        }

        @Override
        public String describe() {
            return "socket#" + id;
        }

        @Override
        public void opened(Session s) {
            session = s;
        }
    }
}
