package org.jxen.xenstore.server.ring;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;

/**
 * The XenStore ring page shared with a domain ({@code docs/misc/xenstore-ring.txt},
 * {@code struct xenstore_domain_interface}), seen from the server.
 *
 * <pre>
 *  0        1024      2048      2052      2056      2060      2064       2068        2072
 *  | req    | rsp     | req_cons| req_prod| rsp_cons| rsp_prod| features | connection | error |
 *    guest->server      server    guest     guest     server    server     guest/srv    server
 *                       writes    writes    writes    writes    writes
 * </pre>
 *
 * Indexes are free-running 32-bit counters; byte {@code i} of a stream lives at {@code i % 1024}.
 * The guest's indexes are hostile input: a producer more than 1024 bytes ahead of its consumer is
 * an error ({@link #ERROR_RINGIDX}), never a crash or an out-of-range copy. Indexes are read with
 * acquire and published with release ordering, so data written before an index is visible to
 * whoever sees the index.
 */
public final class XenStoreRing {
    public static final int RING_SIZE = 1024;
    public static final int PAGE_BYTES = 2076;

    static final long REQ = 0;
    static final long RSP = 1024;
    static final long REQ_CONS = 2048;
    static final long REQ_PROD = 2052;
    static final long RSP_CONS = 2056;
    static final long RSP_PROD = 2060;
    static final long SERVER_FEATURES = 2064;
    static final long CONNECTION = 2068;
    static final long ERROR = 2072;

    public static final int FEATURE_RECONNECTION = 1;
    public static final int FEATURE_ERROR = 2;
    public static final int CONNECTED = 0;
    public static final int RECONNECT = 1;
    public static final int ERROR_NONE = 0;
    public static final int ERROR_COMM = 1;
    public static final int ERROR_RINGIDX = 2;
    public static final int ERROR_PROTO = 3;

    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    private final MemorySegment page;

    public XenStoreRing(MemorySegment page) {
        if (page.byteSize() < PAGE_BYTES) {
            throw new IllegalArgumentException("a XenStore ring page needs " + PAGE_BYTES + " bytes, got " + page.byteSize());
        }
        this.page = page;
    }

    /** Offers features to the guest; bits are only ever added. */
    public void advertise(int features) {
        INT.setRelease(page, SERVER_FEATURES, (int) INT.getAcquire(page, SERVER_FEATURES) | features);
    }

    public int features() {
        return (int) INT.getAcquire(page, SERVER_FEATURES);
    }

    /**
     * Moves the guest's pending request bytes into {@code dst}, as many as fit.
     *
     * @return bytes moved, or -1 when the guest's indexes are inconsistent
     */
    public int read(ByteBuffer dst) {
        int cons = (int) INT.getAcquire(page, REQ_CONS);
        int prod = (int) INT.getAcquire(page, REQ_PROD);
        int available = prod - cons;
        if (Integer.compareUnsigned(available, RING_SIZE) > 0) {
            return -1;
        }
        int n = Math.min(available, dst.remaining());
        copyOut(REQ, cons, n, dst);
        INT.setRelease(page, REQ_CONS, cons + n);
        return n;
    }

    /**
     * Moves as much of {@code src} into the reply ring as there is room for.
     *
     * @return bytes moved, or -1 when the guest's indexes are inconsistent
     */
    public int write(ByteBuffer src) {
        int cons = (int) INT.getAcquire(page, RSP_CONS);
        int prod = (int) INT.getAcquire(page, RSP_PROD);
        int used = prod - cons;
        if (Integer.compareUnsigned(used, RING_SIZE) > 0) {
            return -1;
        }
        int n = Math.min(RING_SIZE - used, src.remaining());
        copyIn(src, n, RSP, prod);
        INT.setRelease(page, RSP_PROD, prod + n);
        return n;
    }

    /** True while the guest has request bytes the server has not taken. */
    public boolean hasInput() {
        return (int) INT.getAcquire(page, REQ_PROD) != (int) INT.getAcquire(page, REQ_CONS);
    }

    /** The guest asked for a reconnect (connection state 1). */
    public boolean reconnectRequested() {
        return (int) INT.getAcquire(page, CONNECTION) == RECONNECT;
    }

    /** Empties both queues and declares the ring connected again. */
    public void completeReconnect() {
        INT.setRelease(page, REQ_CONS, (int) INT.getAcquire(page, REQ_PROD));
        INT.setRelease(page, RSP_PROD, (int) INT.getAcquire(page, RSP_CONS));
        INT.setRelease(page, ERROR, ERROR_NONE);
        INT.setRelease(page, CONNECTION, CONNECTED);
    }

    /** Sets every index to 0, as C xenstored does when a domain is introduced again. */
    public void resetIndexes() {
        for (long index : new long[] {REQ_CONS, REQ_PROD, RSP_CONS, RSP_PROD}) {
            INT.setRelease(page, index, 0);
        }
    }

    /** Records why the server stopped talking on this ring. */
    public void fail(int error) {
        INT.setRelease(page, ERROR, error);
    }

    public int error() {
        return (int) INT.getAcquire(page, ERROR);
    }

    private void copyOut(long base, int index, int n, ByteBuffer dst) {
        int first = Math.min(n, RING_SIZE - (index & (RING_SIZE - 1)));
        dst.put(page.asSlice(base + (index & (RING_SIZE - 1)), first).asByteBuffer());
        if (n > first) {
            dst.put(page.asSlice(base, n - first).asByteBuffer());
        }
    }

    private void copyIn(ByteBuffer src, int n, long base, int index) {
        int first = Math.min(n, RING_SIZE - (index & (RING_SIZE - 1)));
        page.asSlice(base + (index & (RING_SIZE - 1)), first).asByteBuffer().put(src.slice(src.position(), first));
        if (n > first) {
            page.asSlice(base, n - first).asByteBuffer().put(src.slice(src.position() + first, n - first));
        }
        src.position(src.position() + n);
    }
}
