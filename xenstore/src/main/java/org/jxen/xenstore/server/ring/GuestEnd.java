package org.jxen.xenstore.server.ring;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.jxen.xenstore.proto.FrameDecoder;
import org.jxen.xenstore.proto.Message;

/**
 * The guest's end of a XenStore ring page, as a Linux xenbus driver drives it: requests go into
 * the request ring, replies and watch events come out of the reply ring. For guests that live in
 * this process: the warm-up's scratch connections, the client library's {@code GuestRing}
 * (simulated guests), and tests. Not thread safe, except that one thread may {@link #write} while
 * another {@link #read}s: they touch different halves of the page.
 */
public final class GuestEnd {
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    private final MemorySegment page;
    /**
     * Requests not yet in the ring, for {@link #send}; grows as needed. Empty until then: every
     * simulated guest has a GuestEnd, and most only {@link #write} and {@link #read} it.
     */
    private ByteBuffer pending = ByteBuffer.allocate(0).order(ByteOrder.LITTLE_ENDIAN);
    /** Replies taken out of the ring by {@link #pull}, made on its first call. */
    private FrameDecoder replies;

    public GuestEnd(MemorySegment page) {
        this.page = page;
    }

    /** Starts all four indexes at {@code start}: guests must not assume they start at zero. */
    void indexesAt(int start) {
        for (long off : new long[] {XenStoreRing.REQ_CONS, XenStoreRing.REQ_PROD, XenStoreRing.RSP_CONS, XenStoreRing.RSP_PROD}) {
            INT.setRelease(page, off, start);
        }
    }

    /** Queues a request; {@link #push()} moves what fits into the ring. */
    public void send(Message m) {
        room(m.size()).compact();
        m.writeTo(pending);
        pending.flip();
    }

    /** Queues raw bytes, e.g. a malformed header. */
    void sendRaw(byte[] bytes) {
        room(bytes.length).compact();
        pending.put(bytes);
        pending.flip();
    }

    /** {@link #pending}, grown if {@code bytes} more would not fit beside what it holds. */
    private ByteBuffer room(int bytes) {
        int needed = pending.remaining() + bytes;
        if (needed > pending.capacity()) {
            ByteBuffer larger = ByteBuffer.allocate(Math.max(needed, 2 * pending.capacity())).order(ByteOrder.LITTLE_ENDIAN);
            larger.put(pending).flip();
            pending = larger;
        }
        return pending;
    }

    /** Moves queued request bytes into the request ring as room allows; returns bytes moved. */
    public int push() {
        return write(pending);
    }

    /** Takes every reply byte from the ring and returns the whole messages received so far. */
    public List<Message> pull() {
        if (replies == null) { // the ring holds at most 1 KiB, so one message's room always lets a read progress
            replies = new FrameDecoder(Message.HEADER_SIZE + Message.PAYLOAD_MAX);
        }
        read(replies.buffer());
        List<Message> out = new ArrayList<>();
        replies.drain(Integer.MAX_VALUE, out::add);
        return out;
    }

    /** Moves what fits of {@code src} into the request ring; returns the bytes moved (0 when it is full). */
    public int write(ByteBuffer src) {
        int cons = (int) INT.getAcquire(page, XenStoreRing.REQ_CONS);
        int prod = (int) INT.getAcquire(page, XenStoreRing.REQ_PROD);
        int n = Math.min(XenStoreRing.RING_SIZE - (prod - cons), src.remaining());
        for (int i = 0; i < n; i++) {
            page.set(ValueLayout.JAVA_BYTE, XenStoreRing.REQ + ((prod + i) & 1023), src.get());
        }
        INT.setRelease(page, XenStoreRing.REQ_PROD, prod + n);
        return n;
    }

    /** Moves reply bytes from the ring into {@code dst} as room allows; returns the bytes moved (0 when it is empty). */
    public int read(ByteBuffer dst) {
        int cons = (int) INT.getAcquire(page, XenStoreRing.RSP_CONS);
        int prod = (int) INT.getAcquire(page, XenStoreRing.RSP_PROD);
        int n = Math.min(prod - cons, dst.remaining());
        for (int i = 0; i < n; i++) {
            dst.put(page.get(ValueLayout.JAVA_BYTE, XenStoreRing.RSP + ((cons + i) & 1023)));
        }
        INT.setRelease(page, XenStoreRing.RSP_CONS, cons + n);
        return n;
    }

    void set(long offset, int value) {
        INT.setRelease(page, offset, value);
    }

    int get(long offset) {
        return (int) INT.getAcquire(page, offset);
    }
}
