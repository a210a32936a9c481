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
 * type and by whether they ran in a transaction. {@code XsConnection} writes each request as one
 * encoded message (header first, under the channel's lock), so a write that starts at a buffer's
 * position 0 starts a request; the header's first word is its type and the third its transaction.
 */
final class CountingChannel implements ByteChannel {
    private static final int TYPES = 32;
    private final ByteChannel inner;
    private final AtomicLongArray byType = new AtomicLongArray(TYPES);
    private final AtomicLongArray inTransaction = new AtomicLongArray(TYPES);

    CountingChannel(ByteChannel inner) {
        this.inner = inner;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        if (src.position() == 0 && src.remaining() >= Message.HEADER_SIZE) {
            ByteBuffer h = src.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            int type = h.getInt(0);
            if (type >= 0 && type < TYPES) {
                byType.incrementAndGet(type);
                if (h.getInt(8) != 0) {
                    inTransaction.incrementAndGet(type);
                }
            }
        }
        return inner.write(src);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return inner.read(dst);
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
        long tx = 0;
        for (int t = 0; t < TYPES; t++) {
            Op op = Op.fromCode(t);
            if (op != null && byType.get(t) > 0) {
                all.put(op, byType.get(t));
            }
            tx += inTransaction.get(t);
        }
        return new Counts(all, tx);
    }

    /** Requests by type, and how many of them ran inside a transaction. */
    record Counts(Map<Op, Long> byType, long inTransaction) {
        long total() {
            return byType.values().stream().mapToLong(Long::longValue).sum();
        }

        /** What was sent between {@code earlier} and this. */
        Counts minus(Counts earlier) {
            Map<Op, Long> d = new EnumMap<>(Op.class);
            byType.forEach((op, n) -> {
                long m = n - earlier.byType.getOrDefault(op, 0L);
                if (m != 0) {
                    d.put(op, m);
                }
            });
            return new Counts(d, inTransaction - earlier.inTransaction);
        }

        @Override
        public String toString() {
            StringBuilder s = new StringBuilder();
            byType.forEach((op, n) -> s.append(s.isEmpty() ? "" : ", ").append(op).append(' ').append(n));
            return s.toString();
        }
    }
}
