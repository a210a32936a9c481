package org.jxen.xenstore.server;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jxen.xenstore.proto.FrameDecoder;
import org.jxen.xenstore.proto.Message;

/**
 * The Unix-socket transport, plugged into the {@link CoreLoop}: accepts, reads requests, hands them
 * to the core and writes replies, all on the loop's thread. epoll reports only the connections
 * with something to do, so idle connections cost nothing per request (C xenstored polls every
 * connection on every pass).
 *
 * <p>Fairness: a connection gets at most {@link #REQUESTS_PER_TURN} requests handled per pass
 * before the others get theirs, and one whose replies pile up unread is not read from until
 * they drain, so a flooding client neither starves others nor grows the daemon's memory. Watch
 * events are not requests and cannot be held back that way: a connection that lets
 * {@link #OUTPUT_HARD_LIMIT} bytes of them pile up is closed. An unexpected exception while
 * serving one connection closes that connection only.
 */
public final class SocketTransport implements CoreLoop.Transport, CoreLoop.Ready {
    private static final System.Logger LOG = System.getLogger("jxenstored");
    static final int REQUESTS_PER_TURN = 32;
    /** Unsent reply bytes at which a connection stops being read. */
    static final int OUTPUT_BACKLOG_LIMIT = 1 << 20;
    /** Unsent bytes at which a connection that does not read is dropped. */
    static final int OUTPUT_HARD_LIMIT = 16 << 20;

    private final CoreLoop loop;
    private final XenStoreCore core;
    private final Path socketPath;
    private final ServerSocketChannel server;
    private final Set<SocketLink> links = new LinkedHashSet<>();
    private final Set<SocketLink> pendingInput = new LinkedHashSet<>();
    private final Set<SocketLink> pendingOutput = new LinkedHashSet<>();
    private final Set<SocketLink> pendingClose = new LinkedHashSet<>();
    private long nextLinkId;

    /**
     * Binds {@code socketPath}, replacing a stale socket file but refusing one a live daemon
     * listens on, and plugs the transport into {@code loop} (before the loop runs).
     */
    public SocketTransport(CoreLoop loop, XenStoreCore core, Path socketPath) throws IOException {
        this.loop = loop;
        this.core = core;
        this.socketPath = socketPath;
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
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        bindPrivately(server, socketPath);
        server.configureBlocking(false);
        loop.register(server, SelectionKey.OP_ACCEPT, this);
        loop.plug(this);
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

    /**
     * Requests held over from earlier passes (budgets), then output, then closes.
     *
     * @return true while some connection has complete requests waiting for their turn
     */
    @Override
    public boolean work() {
        for (SocketLink link : List.copyOf(pendingInput)) {
            pendingInput.remove(link);
            isolated(link, () -> process(link));
        }
        for (SocketLink link : List.copyOf(pendingOutput)) {
            isolated(link, link::flush);
        }
        for (SocketLink link : List.copyOf(pendingClose)) {
            drop(link);
        }
        return !pendingInput.isEmpty();
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

    /** The listening socket is ready: accept every waiting client. */
    @Override
    public void ready(SelectionKey key) throws IOException {
        SocketChannel ch;
        while ((ch = server.accept()) != null) {
            ch.configureBlocking(false);
            SocketLink link = new SocketLink(ch, ++nextLinkId);
            link.key = loop.register(ch, SelectionKey.OP_READ, link);
            links.add(link);
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

    private void drop(SocketLink link) {
        links.remove(link);
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

    /** The loop is stopping: sends what can be sent, closes every connection, removes the socket file. */
    @Override
    public void shutdown() {
        for (SocketLink link : List.copyOf(links)) {
            isolated(link, link::flush);
            drop(link);
        }
        try (server) {
            Files.deleteIfExists(socketPath);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "shutdown: " + e.getMessage());
        }
    }

    /** One socket connection: its buffers and the session the core keeps for it. */
    private final class SocketLink implements ClientLink, CoreLoop.Ready {
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

        @Override
        public void ready(SelectionKey key) {
            isolated(this, this::onReady);
        }

        private void onReady() {
            if (key.isWritable()) {
                flush();
            }
            if (key.isValid() && key.isReadable()) {
                fill();
                process(this);
            }
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
