package org.jxen.hv.sim;

import java.lang.foreign.MemorySegment;
import org.jxen.xenstore.client.GuestRing;

/**
 * A guest's XenStore ring as the builder set it up (its page, granted at ref 1 to the store
 * domain, and its end of the store event channel), with the daemon's and the guest kernel's
 * notification targets once each end is bound. Touched by the daemon's thread without the host's
 * lock.
 */
final class StoreRing {
    final MemorySegment page;
    final int storeDomid;
    /** Told each time the daemon notifies the guest's end, before the guest is. */
    private final Runnable guestNotified;
    private volatile Runnable daemon;
    private volatile GuestRing guest;
    /** The daemon let the domain go: a guest end opened after that is closed from the start. */
    private boolean released;

    StoreRing(MemorySegment page, int storeDomid, Runnable guestNotified) {
        this.page = page;
        this.storeDomid = storeDomid;
        this.guestNotified = guestNotified;
    }

    synchronized void bindDaemon(Runnable notified) {
        daemon = notified;
        released = false;
    }

    /**
     * The daemon let the domain go (it died, or was released): nothing answers on the ring any
     * more, so the guest's end is closed and whoever waits on it hears so at once.
     */
    synchronized void releasedByDaemon() {
        daemon = null;
        released = true;
        GuestRing g = guest;
        if (g != null) {
            g.close();
        }
    }

    /**
     * The guest kernel's xenbus opens its end: the daemon's notifications reach {@code ring}. Closed
     * at once if the daemon let the domain go already (a kernel that boots while the toolstack
     * destroys it), so its first request fails instead of waiting for an answer that never comes.
     */
    synchronized GuestRing openGuestEnd() {
        GuestRing ring = new GuestRing(page, this::notifyDaemon);
        guest = ring;
        if (released) {
            ring.close();
        }
        return ring;
    }

    /** The guest notified its end: a turn for the daemon, if its end is bound. */
    void notifyDaemon() {
        Runnable d = daemon;
        if (d != null) {
            d.run();
        }
    }

    /** The daemon notified its end: the guest's reads and writes waiting for it go on. */
    void notifyGuest() {
        guestNotified.run();
        GuestRing g = guest;
        if (g != null) {
            g.notified();
        }
    }
}
