package org.jxen.xenstore.client;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ByteChannel;
import org.jxen.xenstore.server.ring.GuestEnd;

/**
 * A guest's end of its XenStore ring as a blocking byte stream, for an {@link XsConnection}
 * (hence an {@link XsClient}) whose requests reach the daemon as that guest's domid: what a
 * simulated guest living in this process uses, the way a Linux guest's xenbus driver uses its
 * page. Writing puts request bytes into the request ring and notifies the daemon, waiting for
 * room when the ring is full; reading takes reply bytes, waiting for a notification when there
 * are none. The host delivers the daemon's notifications by calling {@link #notified()}.
 */
public final class GuestRing implements ByteChannel {
    private final GuestEnd end;
    private final Runnable notifyDaemon;
    private final Object kicks = new Object();
    private long kickCount;
    private volatile boolean open = true;

    /**
     * @param page         the guest's XenStore page, shared with the daemon
     * @param notifyDaemon kicks the guest's end of the XenStore event channel
     */
    public GuestRing(MemorySegment page, Runnable notifyDaemon) {
        this.end = new GuestEnd(page);
        this.notifyDaemon = notifyDaemon;
    }

    /** The daemon notified the guest's event channel (replies written, or requests consumed); any thread. */
    public void notified() {
        synchronized (kicks) {
            kickCount++;
            kicks.notifyAll();
        }
    }

    /** Takes what reply bytes there are, waiting for the daemon's notification while there are none; -1 once closed. */
    @Override
    public int read(ByteBuffer dst) throws IOException {
        while (true) {
            long seen = kicksSeen();
            int n = end.read(dst);
            if (n > 0) {
                notifyDaemon.run(); // room in the reply ring
                return n;
            }
            if (!awaitKickAfter(seen)) {
                return -1;
            }
        }
    }

    /** Puts all of {@code src} into the request ring, notifying the daemon and waiting for room as needed. */
    @Override
    public int write(ByteBuffer src) throws IOException {
        int total = 0;
        while (true) {
            long seen = kicksSeen();
            int n = end.write(src);
            total += n;
            if (n > 0) {
                notifyDaemon.run();
            }
            if (!src.hasRemaining()) {
                return total;
            }
            if (!awaitKickAfter(seen)) {
                throw new AsynchronousCloseException();
            }
        }
    }

    private long kicksSeen() {
        synchronized (kicks) {
            return kickCount;
        }
    }

    /** Waits until a notification newer than {@code seen} arrived; false if the ring was closed meanwhile. */
    private boolean awaitKickAfter(long seen) throws InterruptedIOException {
        synchronized (kicks) {
            while (open && kickCount == seen) {
                try {
                    kicks.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted waiting for the XenStore daemon's notification");
                }
            }
            return open;
        }
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    /** Stops using the ring; a read waiting for the daemon returns -1. */
    @Override
    public void close() {
        synchronized (kicks) {
            open = false;
            kicks.notifyAll();
        }
    }
}
