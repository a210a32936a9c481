package org.jxen.xenstore.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ByteChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.jxen.xenstore.proto.Message;
import org.jxen.xenstore.proto.Op;
import org.jxen.xenstore.proto.Payload;
import org.jxen.xenstore.proto.XsErrno;
import org.jxen.xenstore.proto.XsException;

/**
 * A connection to a XenStore daemon: frames requests onto a byte stream, matches replies to
 * requests by request id, and hands watch events, in the order the daemon sent them, to one sink.
 * The stream is a Unix socket ({@link #socket}: dom0's view of any xenstored) or a guest's end of
 * its shared ring ({@link GuestRing}: requests reach the daemon as that guest's domid). Thread
 * safe: requests from many threads are pipelined. {@link XsClient} is the typed API on top.
 *
 * <p>Replies and events are read by a reader thread of the connection's own, or, for a
 * connection {@link #readByCallers read by its callers}, by the thread waiting for a reply, as
 * libxenstore reads a handle that has no watches: a round trip is then one hand-off to the daemon
 * and one back instead of three. Either way a reply that does not come within 30 s fails the
 * call; a caller reading the channel itself would wait in its read for good, so there the
 * connection is closed under it ({@link Overdue}).
 */
public final class XsConnection implements AutoCloseable {
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(30);
    /** How often a caller waiting while another reads looks whether it should read itself. */
    private static final long HANDOVER_NANOS = 100_000;

    private final ByteChannel channel;
    private final String peer;
    private final Duration replyTimeout;
    private final AtomicInteger nextReqId = new AtomicInteger();
    private final Map<Integer, CompletableFuture<Message>> pending = new ConcurrentHashMap<>();
    /**
     * What was read from the channel and not yet taken (in read mode): read in as large pieces as
     * come, so that a burst of replies to pipelined requests costs a read or two, not two each.
     */
    private final ByteBuffer in = ByteBuffer.allocate(2 * (Message.HEADER_SIZE + Message.PAYLOAD_MAX))
            .order(ByteOrder.LITTLE_ENDIAN).flip();
    /** Null when the callers read ({@link #readByCallers}). */
    private final Thread reader;
    /** Held by the caller reading the channel, when the callers read. */
    private final ReentrantLock reading = new ReentrantLock();
    private volatile Consumer<WatchEvent> watchEvents = event -> { };
    private volatile IOException failure;

    /**
     * Serves requests over {@code channel}, a blocking stream ({@code read} waits for at least one
     * byte and returns -1 at its end).
     *
     * @param peer what the channel reaches, for error messages (e.g. the socket's path)
     */
    public XsConnection(ByteChannel channel, String peer) {
        this(channel, peer, Thread.ofVirtual(), REPLY_TIMEOUT);
    }

    /**
     * A socket's reader is a platform thread: a reply then wakes its caller without a trip through
     * the virtual-thread scheduler, a third of a round trip (there are few sockets; a simulated
     * host's thousands of guest rings keep virtual readers).
     */
    private XsConnection(ByteChannel channel, String peer, Thread.Builder readers, Duration replyTimeout) {
        this.channel = channel;
        this.peer = peer;
        this.replyTimeout = replyTimeout;
        this.reader = readers == null ? null : readers.name("xsconnection-reader").start(this::readLoop);
    }

    /**
     * A connection over {@code channel} with no reader thread: a caller waiting for its reply
     * reads the channel itself (one at a time; the others' replies it reads on the way are handed
     * to them), and hands the watch events it reads to the sink on its own thread, in order, so
     * that {@code sync} needs no other thread. Events arriving while no one calls wait in the
     * channel until the next call. For clients that take their events after a round trip (the
     * simulated host's guests and backends) or have no watches (a toolstack); a sink that calls
     * the connection reads on, in the same thread.
     */
    public static XsConnection readByCallers(ByteChannel channel, String peer) {
        return readByCallers(channel, peer, REPLY_TIMEOUT);
    }

    /** {@link #readByCallers(ByteChannel, String)} with another patience than 30 s: for tests. */
    static XsConnection readByCallers(ByteChannel channel, String peer, Duration replyTimeout) {
        return new XsConnection(channel, peer, null, replyTimeout);
    }

    /** Connects to the daemon listening on {@code socket}: every socket client is dom0. */
    public static XsConnection socket(Path socket) throws IOException {
        return new XsConnection(open(socket), socket.toString(), Thread.ofPlatform().daemon(), REPLY_TIMEOUT);
    }

    /** {@link #socket}, {@link #readByCallers read by its callers}. */
    public static XsConnection socketReadByCallers(Path socket) throws IOException {
        return readByCallers(open(socket), socket.toString());
    }

    private static SocketChannel open(Path socket) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            ch.close();
            throw new IOException("cannot connect to XenStore at " + socket + ": " + e.getMessage(), e);
        }
        return ch;
    }

    /** Whether the callers read the channel ({@link #readByCallers}): watch events then come on their threads. */
    public boolean isReadByCallers() {
        return reader == null;
    }

    /**
     * Where watch events go from now on: called on the connection's reader thread, in the order
     * the daemon sent them, before any later reply is handed to its caller. Events arriving while
     * no sink is set are dropped.
     */
    public void onWatchEvent(Consumer<WatchEvent> sink) {
        watchEvents = sink;
    }

    /**
     * Sends one request as it is and waits for its reply: the daemon's answer, or an
     * {@link Op#ERROR} message carrying its errno name.
     *
     * @throws XsException E2BIG for a payload the protocol cannot carry
     * @throws UncheckedIOException when the connection fails or no reply comes within 30 s (a
     *         connection read by its callers is then closed)
     */
    public Message call(Op op, int tx, byte[] payload) {
        return await(op, send(op, tx, payload));
    }

    /** A request to send: its type, the transaction it belongs to (0: none), and its payload. */
    public record Request(Op op, int tx, byte[] payload) {
    }

    /**
     * Sends one request without waiting for its reply: the daemon answers a connection's
     * requests in order, so a caller may send several and then {@link #await} each.
     *
     * @throws XsException E2BIG for a payload the protocol cannot carry
     * @throws UncheckedIOException when the connection has failed
     */
    public CompletableFuture<Message> send(Op op, int tx, byte[] payload) {
        return sendAll(List.of(new Request(op, tx, payload))).getFirst();
    }

    /**
     * {@link #send} of each of {@code requests}, back to back in one write: a socket's daemon
     * reads them in one go.
     *
     * @throws XsException E2BIG for a payload the protocol cannot carry (nothing is sent)
     * @throws UncheckedIOException when the connection has failed
     */
    public List<CompletableFuture<Message>> sendAll(List<Request> requests) {
        int size = 0;
        for (Request r : requests) {
            if (r.payload().length > Message.PAYLOAD_MAX) {
                throw new XsException(XsErrno.E2BIG, r.op() + ": payload of " + r.payload().length + " bytes exceeds "
                        + Message.PAYLOAD_MAX);
            }
            size += Message.HEADER_SIZE + r.payload().length;
        }
        List<CompletableFuture<Message>> replies = new ArrayList<>(requests.size());
        ByteBuffer buf = ByteBuffer.allocate(size);
        for (Request r : requests) {
            int id = nextReqId.incrementAndGet();
            CompletableFuture<Message> reply = new CompletableFuture<>();
            pending.put(id, reply);
            reply.whenComplete((m, e) -> pending.remove(id));
            replies.add(reply);
            Message.of(r.op(), id, r.tx(), r.payload()).writeTo(buf);
        }
        buf.flip();
        try {
            if (failure != null) {
                throw failure;
            }
            synchronized (channel) {
                while (buf.hasRemaining()) {
                    channel.write(buf);
                }
            }
            return replies;
        } catch (IOException e) {
            replies.forEach(r -> r.cancel(false));
            throw new UncheckedIOException("XenStore connection to " + peer + " failed", e);
        }
    }

    /** The reply to a request {@link #send} sent. */
    public Message await(Op op, CompletableFuture<Message> reply) {
        if (reader == null) {
            readUntil(reply);
        }
        try {
            return reply.get(replyTimeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new UncheckedIOException("XenStore connection to " + peer + " failed", (IOException) e.getCause());
        } catch (TimeoutException e) {
            throw new UncheckedIOException(new IOException(op + ": no reply from " + peer + " within " + patience()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted waiting for " + op + " from " + peer));
        }
    }

    private void readLoop() {
        try {
            while (true) {
                readMessage();
            }
        } catch (IOException e) {
            failed(e);
        }
    }

    /**
     * The caller reads until {@code reply} came (or the connection failed), one caller at a time.
     * A caller that finds another reading waits for its reply, which that one hands it as it reads
     * on; it looks again every {@link #HANDOVER_NANOS} in case that one left first, having got its
     * own (callers queued on a lock instead would each wake only once the one before left).
     */
    private void readUntil(CompletableFuture<Message> reply) {
        while (!reply.isDone()) {
            if (reading.tryLock()) {
                try {
                    while (!reply.isDone()) {
                        Overdue.waiting(this);
                        readMessage();
                    }
                } catch (IOException e) {
                    failed(e);
                } finally {
                    Overdue.done(this);
                    reading.unlock();
                }
            } else {
                try {
                    reply.get(HANDOVER_NANOS, TimeUnit.NANOSECONDS);
                } catch (TimeoutException | ExecutionException e) {
                    // not yet (look again), or failed (done)
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return; // await reports it
                }
            }
        }
    }

    /**
     * Reads one message: a watch event goes to the sink, a reply to the caller waiting for it.
     * The message is taken out of {@link #in} before either, so a sink may read on.
     */
    private void readMessage() throws IOException {
        fill(Message.HEADER_SIZE);
        int len = Message.payloadLength(in);
        if (len < 0 || len > Message.PAYLOAD_MAX) {
            throw new IOException(peer + " sent a payload of " + Integer.toUnsignedString(len) + " bytes");
        }
        fill(Message.HEADER_SIZE + len);
        Message m = Message.readFrom(in);
        if (m.type() == Op.WATCH_EVENT.code()) {
            List<String> parts = Payload.strings(m.payload());
            if (parts.size() >= 2) {
                watchEvents.accept(new WatchEvent(parts.get(0), parts.get(1)));
            }
        } else {
            CompletableFuture<Message> f = pending.get(m.reqId());
            if (f != null) {
                f.complete(m);
            }
        }
    }

    /** Reads until {@link #in} holds at least {@code n} bytes, as many as the channel gives at a time. */
    private void fill(int n) throws IOException {
        if (in.remaining() >= n) {
            return;
        }
        in.compact();
        try {
            while (in.position() < n) {
                if (channel.read(in) < 0) {
                    throw new IOException("XenStore daemon at " + peer + " closed the connection");
                }
            }
        } finally {
            in.flip();
        }
    }

    private void failed(IOException e) {
        if (failure == null) {
            failure = e; // the first cause: what follows (the read a close ended) is its consequence
        }
        pending.values().forEach(f -> f.completeExceptionally(e));
    }

    /**
     * A caller read the channel for its reply and nothing came within the connection's patience
     * (a guest ring the daemon let go of without closing it, a daemon that stopped answering):
     * every call waiting fails, and the channel is closed, which ends the blocked read.
     */
    private void giveUp() {
        failed(new IOException("no reply from " + peer + " within " + patience() + "; the connection is closed"));
        try {
            channel.close();
        } catch (IOException e) {
            // closing is all that is left to do; the calls have failed already
        }
    }

    private String patience() {
        return replyTimeout.toMillis() % 1000 == 0 ? replyTimeout.toSeconds() + " s" : replyTimeout.toMillis() + " ms";
    }

    /**
     * The connections whose caller is reading the channel for a reply, and since when nothing
     * came: one daemon thread looks at them a few times a second and gives up on those whose
     * daemon kept silent for longer than their patience. (Reading with a deadline is not
     * possible on a blocking channel; a timer per call would cost every round trip a wake-up.)
     */
    private static final class Overdue {
        private static final long LOOK_EVERY_MS = 250;
        private static final Map<XsConnection, Long> SILENT_SINCE = new ConcurrentHashMap<>();

        static {
            Thread.ofPlatform().daemon().name("xsconnection-overdue").start(Overdue::watch);
        }

        /** {@code c}'s caller waits for the next message from now on. */
        static void waiting(XsConnection c) {
            SILENT_SINCE.put(c, System.nanoTime());
        }

        static void done(XsConnection c) {
            SILENT_SINCE.remove(c);
        }

        private static void watch() {
            while (true) {
                try {
                    Thread.sleep(LOOK_EVERY_MS);
                } catch (InterruptedException e) {
                    return;
                }
                long now = System.nanoTime();
                SILENT_SINCE.forEach((c, since) -> {
                    if (now - since > c.replyTimeout.toNanos() && SILENT_SINCE.remove(c, since)) {
                        c.giveUp();
                    }
                });
            }
        }
    }

    /** Why the connection failed, or null while it is up. */
    public IOException failure() {
        return failure;
    }

    @Override
    public void close() throws IOException {
        channel.close();
        if (reader == null) {
            return;
        }
        try {
            reader.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
