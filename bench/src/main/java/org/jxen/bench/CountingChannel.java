package org.jxen.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ByteChannel;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import org.jxen.xenstore.proto.Message;
import org.jxen.xenstore.proto.Op;

/**
 * A client's byte stream to a XenStore daemon that counts the requests written through it, by
 * type and by whether they ran in a transaction, and times each to its reply. It follows both
 * streams message by message (XsConnection writes and reads them in pieces of any size, one writer
 * and one reader at a time): a request's header gives its type, id and transaction, a reply's
 * header its id.
 */
final class CountingChannel implements ByteChannel {
    private static final int TYPES = 32;
    private final ByteChannel inner;
    private final AtomicLongArray byType = new AtomicLongArray(TYPES);
    private final AtomicLongArray inTransaction = new AtomicLongArray(TYPES);
    /** Wall ns from each request's write to its reply's header, summed by request type. */
    private final AtomicLongArray roundTripNs = new AtomicLongArray(TYPES);
    /** Requests in flight by request id: their type, and when they were written. */
    private final java.util.concurrent.ConcurrentHashMap<Integer, long[]> inFlight =
            new java.util.concurrent.ConcurrentHashMap<>();
    /**
     * Wall ns during which at least one request awaited its reply: pipelined requests overlap, so
     * this, not the sum of their round trips, is the time the connection kept its callers waiting.
     */
    private long waitingNs;
    private int awaited;
    private long waitingSince;
    private final Messages requests = new Messages(this::requested);
    private final Messages replies = new Messages(this::replied);

    CountingChannel(ByteChannel inner) {
        this.inner = inner;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        int from = src.position();
        int n = inner.write(src);
        requests.follow(src, from, n);
        return n;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        int from = dst.position();
        int n = inner.read(dst);
        replies.follow(dst, from, n);
        return n;
    }

    private void requested(ByteBuffer header) {
        int type = header.getInt(0);
        if (type >= 0 && type < TYPES) {
            long now = System.nanoTime();
            inFlight.put(header.getInt(4), new long[] {type, now});
            synchronized (this) {
                if (awaited++ == 0) {
                    waitingSince = now;
                }
            }
            byType.incrementAndGet(type);
            if (header.getInt(8) != 0) {
                inTransaction.incrementAndGet(type);
            }
        }
    }

    private void replied(ByteBuffer header) {
        long[] sent = inFlight.remove(header.getInt(4));
        if (sent != null) {
            long now = System.nanoTime();
            roundTripNs.addAndGet((int) sent[0], now - sent[1]);
            synchronized (this) {
                if (--awaited == 0) {
                    waitingNs += now - waitingSince;
                }
            }
        }
    }

    /** Follows one direction's stream of messages, handing each header to {@code onHeader}. */
    private static final class Messages {
        private final ByteBuffer header = ByteBuffer.allocate(Message.HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        private final java.util.function.Consumer<ByteBuffer> onHeader;
        private int bodyLeft;

        Messages(java.util.function.Consumer<ByteBuffer> onHeader) {
            this.onHeader = onHeader;
        }

        /** The {@code n} bytes of {@code buf} from {@code from} went through. */
        void follow(ByteBuffer buf, int from, int n) {
            for (int i = from; i < from + n; ) {
                if (bodyLeft > 0) {
                    int skip = Math.min(bodyLeft, from + n - i);
                    bodyLeft -= skip;
                    i += skip;
                    continue;
                }
                header.put(buf.get(i++));
                if (!header.hasRemaining()) {
                    onHeader.accept(header);
                    bodyLeft = header.getInt(12);
                    header.clear();
                }
            }
        }
    }

    @Override
    public boolean isOpen() {
        return inner.isOpen();
    }

    @Override
    public void close() throws IOException {
        inner.close();
    }

    /** The requests sent so far. */
    Counts snapshot() {
        Map<Op, Long> all = new EnumMap<>(Op.class);
        Map<Op, Long> ns = new EnumMap<>(Op.class);
        long tx = 0;
        for (int t = 0; t < TYPES; t++) {
            Op op = Op.fromCode(t);
            if (op != null && byType.get(t) > 0) {
                all.put(op, byType.get(t));
                ns.put(op, roundTripNs.get(t));
            }
            tx += inTransaction.get(t);
        }
        synchronized (this) {
            return new Counts(all, tx, ns, waitingNs);
        }
    }

    /**
     * Requests by type, how many of them ran inside a transaction, their round trips' wall ns by
     * type, and the wall ns during which at least one of them awaited its reply.
     */
    record Counts(Map<Op, Long> byType, long inTransaction, Map<Op, Long> roundTripNs, long waitingNs) {
        long total() {
            return byType.values().stream().mapToLong(Long::longValue).sum();
        }

        /** What was sent between {@code earlier} and this. */
        Counts minus(Counts earlier) {
            Map<Op, Long> d = new EnumMap<>(Op.class);
            Map<Op, Long> ns = new EnumMap<>(Op.class);
            byType.forEach((op, n) -> {
                long m = n - earlier.byType.getOrDefault(op, 0L);
                if (m != 0) {
                    d.put(op, m);
                    ns.put(op, roundTripNs.get(op) - earlier.roundTripNs.getOrDefault(op, 0L));
                }
            });
            return new Counts(d, inTransaction - earlier.inTransaction, ns, waitingNs - earlier.waitingNs);
        }

        /** This and {@code other} together. */
        Counts plus(Counts other) {
            Map<Op, Long> d = new EnumMap<>(byType);
            Map<Op, Long> ns = new EnumMap<>(roundTripNs);
            other.byType.forEach((op, n) -> d.merge(op, n, Long::sum));
            other.roundTripNs.forEach((op, n) -> ns.merge(op, n, Long::sum));
            return new Counts(d, inTransaction + other.inTransaction, ns, waitingNs + other.waitingNs);
        }

        static Counts none() {
            return new Counts(new EnumMap<>(Op.class), 0, new EnumMap<>(Op.class), 0);
        }

        /** Each type's mean round trip, µs. */
        String meanRoundTrips() {
            StringBuilder s = new StringBuilder();
            byType.forEach((op, n) -> s.append(s.isEmpty() ? "" : ", ").append(op).append(' ')
                    .append(String.format("%.0f", roundTripNs.getOrDefault(op, 0L) / 1e3 / n)));
            return s.toString();
        }

        @Override
        public String toString() {
            StringBuilder s = new StringBuilder();
            byType.forEach((op, n) -> s.append(s.isEmpty() ? "" : ", ").append(op).append(' ').append(n));
            return s.toString();
        }
    }
}
