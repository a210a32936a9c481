package org.jxen.xenstore.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.jxen.xenstore.proto.Message;
import org.jxen.xenstore.proto.Op;
import org.jxen.xenstore.proto.Payload;
import org.jxen.xenstore.proto.XsErrno;
import org.jxen.xenstore.proto.XsException;

/**
 * The typed XenStore API (any xenstored: jxenstored, C, OCaml) over an {@link XsConnection}: a
 * Unix socket ({@link #connect}) or a guest's shared ring ({@link GuestRing}). Thread safe:
 * requests from many threads are pipelined. Watch events go to their listeners, in order, on one
 * dispatcher thread; over a connection {@link XsConnection#readByCallers read by its callers}, on
 * the thread that read them, during a call (such listeners must be quick). Errors are
 * {@link XsException}s carrying the daemon's errno.
 */
public final class XsClient implements XsTransaction, AutoCloseable {
    /** How often {@link #transaction} retries a commit that failed with EAGAIN before giving up. */
    public static final int TRANSACTION_ATTEMPTS = 64;
    private static final long LISTENER_TIMEOUT_SECONDS = 30;

    private final XsConnection connection;
    private final Map<String, Consumer<WatchEvent>> listeners = new ConcurrentHashMap<>();
    /** Deliveries of watch events (and {@link #sync} markers), in the order the daemon sent them. */
    private final LinkedBlockingQueue<Runnable> events = new LinkedBlockingQueue<>();
    /** Delivers watch events to listeners; started by the first {@link #watch}. */
    private Thread dispatcher;
    /** Requests outside any transaction. */
    private final Tx plain = new Tx(0);

    /** The typed API over {@code connection}, which it then owns (closing the client closes it). */
    public XsClient(XsConnection connection) {
        this.connection = connection;
        connection.onWatchEvent(this::queue);
    }

    /** Connects to the daemon listening on {@code socket}. */
    public static XsClient connect(Path socket) throws IOException {
        return new XsClient(XsConnection.socket(socket));
    }

    @Override
    public byte[] read(String path) {
        return plain.read(path);
    }

    @Override
    public String readString(String path) {
        return plain.readString(path);
    }

    @Override
    public String readOrNull(String path) {
        return plain.readOrNull(path);
    }

    /**
     * Reads every one of {@code paths} in one round trip (the requests sent back to back, the
     * replies collected after, as {@link #pipelinedTransaction} does): each value, or null where
     * the read failed with ENOENT or EACCES, as a driver's {@code xenbus_read} of a node that is
     * gone or not its own reads. Other errors throw.
     */
    public String[] readEach(String... paths) {
        List<CompletableFuture<Message>> replies = new ArrayList<>(paths.length);
        for (String path : paths) {
            replies.add(connection.send(Op.READ, 0, str(path)));
        }
        String[] values = new String[paths.length];
        for (int i = 0; i < paths.length; i++) {
            Message m = connection.await(Op.READ, replies.get(i));
            if (m.type() != Op.ERROR.code()) {
                values[i] = text(m.payload());
            } else {
                XsErrno errno = XsErrno.parse(text(m.payload()));
                if (errno != XsErrno.ENOENT && errno != XsErrno.EACCES) {
                    throw new XsException(errno, "READ " + paths[i]);
                }
            }
        }
        return values;
    }

    public boolean exists(String path) {
        return orNull(() -> read(path)) != null;
    }

    @Override
    public void write(String path, String value) {
        plain.write(path, value);
    }

    @Override
    public void write(String path, byte[] value) {
        plain.write(path, value);
    }

    @Override
    public void mkdir(String path) {
        plain.mkdir(path);
    }

    @Override
    public void rm(String path) {
        plain.rm(path);
    }

    @Override
    public List<String> directory(String path) {
        return plain.directory(path);
    }

    @Override
    public boolean hasChildren(String path) {
        return plain.hasChildren(path);
    }

    @Override
    public List<Look> look(List<String> paths) {
        return plain.look(paths);
    }

    @Override
    public XsPermissions getPerms(String path) {
        return plain.getPerms(path);
    }

    /** Sets permissions, e.g. {@code XsPermissions.ownedBy(0).with(5, Access.READ)}: owner dom0, domain 5 may read. */
    @Override
    public void setPerms(String path, XsPermissions perms) {
        plain.setPerms(path, perms);
    }

    /**
     * Registers a watch; {@code listener} gets its events, the first one straight away.
     * Tokens identify watches: use a token once per path.
     */
    public void watch(String path, String token, Consumer<WatchEvent> listener) {
        synchronized (listeners) {
            if (dispatcher == null && !connection.isReadByCallers()) {
                dispatcher = Thread.ofVirtual().name("xsclient-watches").start(this::dispatchLoop);
            }
        }
        listeners.put(token, listener);
        try {
            call(Op.WATCH, 0, Payload.joined(List.of(path, token)));
        } catch (RuntimeException e) {
            listeners.remove(token);
            throw e;
        }
    }

    public void unwatch(String path, String token) {
        call(Op.UNWATCH, 0, Payload.joined(List.of(path, token)));
        listeners.remove(token);
    }

    public String domainPath(int domid) {
        return text(call(Op.GET_DOMAIN_PATH, 0, str(Integer.toString(domid))));
    }

    public boolean isIntroduced(int domid) {
        return text(call(Op.IS_DOMAIN_INTRODUCED, 0, str(Integer.toString(domid)))).equals("T");
    }

    public void introduce(int domid, long gfn, int eventChannel) {
        call(Op.INTRODUCE, 0, Payload.joined(List.of(Integer.toString(domid), Long.toString(gfn), Integer.toString(eventChannel))));
    }

    public void release(int domid) {
        call(Op.RELEASE, 0, str(Integer.toString(domid)));
    }

    /** Runs a CONTROL command, e.g. {@code control("quota")}, and returns its text. */
    public String control(String... words) {
        return text(call(Op.CONTROL, 0, Payload.joined(List.of(words))));
    }

    /**
     * Runs {@code body} in a transaction and commits it, starting again from scratch when the
     * commit fails with EAGAIN because something the transaction touched changed meanwhile
     * (up to {@link #TRANSACTION_ATTEMPTS} times). If {@code body} throws, the transaction is
     * abandoned and the exception propagates.
     */
    public <T> T transaction(Function<XsTransaction, T> body) {
        return inTransaction(Tx::new, body);
    }

    /**
     * As {@link #transaction}, but the body's writes, mkdirs, removals and permission changes are
     * sent without waiting for each reply (reads still wait): the daemon answers in order, so the
     * replies are collected once the body is done, before the commit. A failed request abandons
     * the transaction and throws, as {@link #transaction} would have at that request. For bodies
     * that do not decide on the outcome of their own writes, such as a toolstack writing a
     * domain's directories: many round trips become one.
     */
    public <T> T pipelinedTransaction(Function<XsTransaction, T> body) {
        return inTransaction(Pipelined::new, body);
    }

    /** Starts, runs and commits a transaction, again from scratch on EAGAIN; abandons it if the body throws. */
    private <T> T inTransaction(IntFunction<Tx> open, Function<XsTransaction, T> body) {
        for (int attempt = 1; ; attempt++) {
            int tx = Integer.parseUnsignedInt(text(call(Op.TRANSACTION_START, 0, str(""))));
            Tx t = open.apply(tx);
            T result;
            try {
                result = body.apply(t);
                t.finish();
            } catch (RuntimeException e) {
                t.abandon();
                orNull(() -> call(Op.TRANSACTION_END, tx, str("F")));
                throw e;
            }
            try {
                call(Op.TRANSACTION_END, tx, str("T"));
                return result;
            } catch (XsException e) {
                if (e.errno() != XsErrno.EAGAIN || attempt == TRANSACTION_ATTEMPTS) {
                    throw e;
                }
                backOff(attempt);
            }
        }
    }

    /**
     * Waits a random while, longer as the attempts grow (at most 10 ms), before a transaction starts
     * again: transactions adding siblings to one directory conflict with each other (every create
     * adds to {@code /local/domain}, {@code /vm} and {@code /libxl}), and retried at once they go on
     * conflicting: with a thousand creates at once, one in a hundred gave up after 64 attempts.
     */
    private static void backOff(int attempt) {
        long maxMicros = Math.min(1L << Math.min(attempt, 14), 10_000);
        LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(maxMicros) * 1_000);
    }

    /**
     * A transaction whose changes are sent at once and answered later ({@link
     * #pipelinedTransaction}); its reads wait, as a plain transaction's do. The changes wait in
     * {@link #queued} until a read or the end of the body, then go in one write with it.
     */
    private final class Pipelined extends Tx {
        private record Sent(XsConnection.Request request, CompletableFuture<Message> reply, boolean absentOk) {
        }

        private final List<XsConnection.Request> queued = new ArrayList<>();
        private final List<Boolean> queuedAbsentOk = new ArrayList<>();
        private final List<Sent> sent = new ArrayList<>();

        Pipelined(int id) {
            super(id);
        }

        private void queue(Op op, byte[] payload, boolean absentOk) {
            queued.add(new XsConnection.Request(op, id, payload));
            queuedAbsentOk.add(absentOk);
        }

        /** Sends what is queued, then {@code then}, in one write; returns the replies to {@code then}. */
        private List<CompletableFuture<Message>> flush(List<XsConnection.Request> then) {
            List<XsConnection.Request> out = new ArrayList<>(queued);
            out.addAll(then);
            List<CompletableFuture<Message>> replies = out.isEmpty() ? List.of() : connection.sendAll(out);
            for (int i = 0; i < queued.size(); i++) {
                sent.add(new Sent(queued.get(i), replies.get(i), queuedAbsentOk.get(i)));
            }
            List<CompletableFuture<Message>> theirs = replies.subList(queued.size(), replies.size());
            queued.clear();
            queuedAbsentOk.clear();
            return theirs;
        }

        /** Requests answered together (reads, listings): the changes before them go with them. */
        @Override
        List<CompletableFuture<Message>> sendTogether(List<XsConnection.Request> requests) {
            return flush(requests);
        }

        /** A read (or listing): the changes before it go with it, and it waits. */
        @Override
        byte[] request(Op op, byte[] payload) {
            Message m = connection.await(op, flush(List.of(new XsConnection.Request(op, id, payload))).getFirst());
            if (m.type() == Op.ERROR.code()) {
                throw new XsException(XsErrno.parse(text(m.payload())), op + " " + Payload.printable(payload));
            }
            return m.payload();
        }

        /** Every reply; the first failure throws. */
        @Override
        void finish() {
            flush(List.of());
            for (Sent s : sent) {
                Message m = connection.await(s.request().op(), s.reply());
                if (m.type() == Op.ERROR.code()) {
                    XsErrno errno = XsErrno.parse(text(m.payload()));
                    if (!(s.absentOk() && errno == XsErrno.ENOENT)) {
                        throw new XsException(errno, s.request().op() + " " + Payload.printable(s.request().payload()));
                    }
                }
            }
        }

        /** Waits out the replies still coming, so none is left for a later call to trip over; drops what was never sent. */
        @Override
        void abandon() {
            queued.clear();
            queuedAbsentOk.clear();
            for (Sent s : sent) {
                s.reply().exceptionally(e -> null).join();
            }
        }

        @Override
        public void write(String path, byte[] value) {
            queue(Op.WRITE, Payload.concat(str(path), value), false);
        }

        @Override
        public void mkdir(String path) {
            queue(Op.MKDIR, str(path), false);
        }

        @Override
        public void rm(String path) {
            queue(Op.RM, str(path), false);
        }

        @Override
        public void rmIfThere(String path) {
            queue(Op.RM, str(path), true);
        }

        @Override
        public void setPerms(String path, XsPermissions perms) {
            queue(Op.SET_PERMS, Payload.concat(str(path), Payload.joined(perms.toWire())), false);
        }
    }

    /**
     * Sends one request as it is and waits for its reply payload; an ERROR reply throws
     * {@link XsException}. The typed methods above are built on this.
     */
    public byte[] call(Op op, int tx, byte[] payload) {
        Message m = connection.call(op, tx, payload);
        if (m.type() == Op.ERROR.code()) {
            throw new XsException(XsErrno.parse(text(m.payload())), op + " " + Payload.printable(payload));
        }
        return m.payload();
    }

    /** Takes a watch event from the connection's reader; events of raw WATCH calls have no taker. */
    private void queue(WatchEvent e) {
        if (connection.isReadByCallers()) {
            deliver(e);
        } else if (!listeners.isEmpty()) {
            events.add(() -> deliver(e));
        }
    }

    private void dispatchLoop() {
        try {
            while (true) {
                events.take().run();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void deliver(WatchEvent e) {
        Consumer<WatchEvent> l = listeners.get(e.token());
        if (l != null) {
            l.accept(e);
        }
    }

    /**
     * Returns once every watch event the daemon sent before it answered this call has been
     * handed to its listener. A daemon answers a connection's requests and sends its events in
     * order, so one round trip is a barrier: a change another client made before this call has
     * been seen by this client's watches when it returns.
     */
    public void sync() {
        call(Op.GET_DOMAIN_PATH, 0, str("0"));
        synchronized (listeners) {
            if (dispatcher == null) {
                return; // no watches, or their events were delivered by the reading caller
            }
        }
        CountDownLatch delivered = new CountDownLatch(1);
        events.add(delivered::countDown);
        try {
            if (!delivered.await(LISTENER_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new UncheckedIOException(new IOException("watch listeners did not finish within "
                        + LISTENER_TIMEOUT_SECONDS + " s"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted waiting for watch listeners"));
        }
    }

    /** Why the connection failed, or null while it is up. */
    public IOException failure() {
        return connection.failure();
    }

    @Override
    public void close() throws IOException {
        connection.close();
        synchronized (listeners) {
            if (dispatcher != null) {
                dispatcher.interrupt();
            }
        }
    }

    private static byte[] str(String s) {
        return Payload.nulTerminated(s);
    }

    private static String text(byte[] payload) {
        int end = payload.length;
        if (end > 0 && payload[end - 1] == 0) {
            end--;
        }
        return new String(payload, 0, end, StandardCharsets.UTF_8);
    }

    private static <T> T orNull(java.util.function.Supplier<T> s) {
        try {
            return s.get();
        } catch (XsException e) {
            if (e.errno() == XsErrno.ENOENT) {
                return null;
            }
            throw e;
        }
    }

    /** Requests bound to one transaction id (0: none). */
    private class Tx implements XsTransaction {
        final int id;

        Tx(int id) {
            this.id = id;
        }

        /** Sends a request in this transaction and waits for its reply payload; an ERROR reply throws. */
        byte[] request(Op op, byte[] payload) {
            return call(op, id, payload);
        }

        /** Sends requests back to back; their replies come in order. */
        List<CompletableFuture<Message>> sendTogether(List<XsConnection.Request> requests) {
            return connection.sendAll(requests);
        }

        /** The body is done: anything still owed to it is settled before the commit. */
        void finish() {
        }

        /** The body failed: the transaction is about to be abandoned. */
        void abandon() {
        }

        @Override
        public byte[] read(String path) {
            return request(Op.READ, str(path));
        }

        @Override
        public String readString(String path) {
            return text(read(path));
        }

        @Override
        public String readOrNull(String path) {
            return orNull(() -> readString(path));
        }

        @Override
        public void write(String path, String value) {
            write(path, value.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void write(String path, byte[] value) {
            request(Op.WRITE, Payload.concat(str(path), value));
        }

        @Override
        public void mkdir(String path) {
            request(Op.MKDIR, str(path));
        }

        @Override
        public void rm(String path) {
            request(Op.RM, str(path));
        }

        @Override
        public List<Look> look(List<String> paths) {
            List<XsConnection.Request> requests = new ArrayList<>(2 * paths.size());
            for (String path : paths) {
                requests.add(new XsConnection.Request(Op.READ, id, str(path)));
                requests.add(new XsConnection.Request(Op.DIRECTORY, id, str(path)));
            }
            List<CompletableFuture<Message>> replies = sendTogether(requests);
            List<Look> looks = new ArrayList<>(paths.size());
            for (int i = 0; i < paths.size(); i++) {
                byte[] value = answer(requests.get(2 * i), replies.get(2 * i), XsErrno.ENOENT);
                byte[] names = answer(requests.get(2 * i + 1), replies.get(2 * i + 1), XsErrno.ENOENT, XsErrno.E2BIG);
                looks.add(new Look(value == null ? null : text(value),
                        value == null ? List.of() : names == null ? null : Payload.strings(names)));
            }
            return looks;
        }

        /** A reply's payload, or null for an error {@code tolerated} names; other errors throw. */
        private byte[] answer(XsConnection.Request request, CompletableFuture<Message> reply, XsErrno... tolerated) {
            Message m = connection.await(request.op(), reply);
            if (m.type() != Op.ERROR.code()) {
                return m.payload();
            }
            XsErrno errno = XsErrno.parse(text(m.payload()));
            if (!Arrays.asList(tolerated).contains(errno)) {
                throw new XsException(errno, request.op() + " " + Payload.printable(request.payload()));
            }
            return null;
        }

        @Override
        public boolean hasChildren(String path) {
            try {
                return Payload.strings(request(Op.DIRECTORY, str(path))).size() > 0;
            } catch (XsException e) {
                if (e.errno() != XsErrno.E2BIG) {
                    throw e;
                }
                return true; // too many to list in one reply: certainly some
            }
        }

        @Override
        public List<String> directory(String path) {
            try {
                return Payload.strings(request(Op.DIRECTORY, str(path)));
            } catch (XsException e) {
                if (e.errno() != XsErrno.E2BIG) {
                    throw e;
                }
                return directoryInParts(path); // too many children for one reply, as libxenstore's xs_directory
            }
        }

        /**
         * A directory whose list of children does not fit in one reply, read with DIRECTORY_PART
         * ({@code xs_directory_part}): each reply is the node's generation, then whole names from
         * the byte offset asked for, and an extra nul once the list is complete; when the
         * generation changes between parts the node changed, and the list is read again.
         */
        private List<String> directoryInParts(String path) {
            for (int attempt = 1; ; attempt++) {
                List<String> names = new ArrayList<>();
                String generation = null;
                long offset = 0;
                boolean changed = false;
                while (true) {
                    byte[] reply = request(Op.DIRECTORY_PART, Payload.joined(List.of(path, Long.toString(offset))));
                    int rest = Payload.afterFirstNul(reply);
                    if (rest < 0) {
                        throw new XsException(XsErrno.EIO, "DIRECTORY_PART " + path + ": a reply without a generation");
                    }
                    String gen = new String(reply, 0, rest - 1, StandardCharsets.ISO_8859_1);
                    if (generation == null) {
                        generation = gen;
                    } else if (!generation.equals(gen)) {
                        changed = true;
                        break;
                    }
                    int len = reply.length - rest;
                    boolean complete = len == 1 || len >= 2 && reply[reply.length - 1] == 0 && reply[reply.length - 2] == 0;
                    int slice = complete ? len - 1 : len;
                    if (!complete && slice == 0) {
                        throw new XsException(XsErrno.EIO, "DIRECTORY_PART " + path + ": an empty part at offset " + offset);
                    }
                    names.addAll(Payload.strings(Arrays.copyOfRange(reply, rest, rest + slice)));
                    offset += slice;
                    if (complete) {
                        break;
                    }
                }
                if (!changed) {
                    return names;
                }
                if (attempt == TRANSACTION_ATTEMPTS) {
                    throw new XsException(XsErrno.EAGAIN, "DIRECTORY_PART " + path + ": changed while read "
                            + TRANSACTION_ATTEMPTS + " times");
                }
            }
        }

        @Override
        public XsPermissions getPerms(String path) {
            return XsPermissions.parse(Payload.strings(request(Op.GET_PERMS, str(path))));
        }

        @Override
        public void setPerms(String path, XsPermissions perms) {
            request(Op.SET_PERMS, Payload.concat(str(path), Payload.joined(perms.toWire())));
        }
    }
}
