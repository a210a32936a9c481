package org.jxen.hv.sim;

import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jxen.xenstore.client.GuestRing;
import org.jxen.xenstore.proto.XsErrno;
import org.jxen.xenstore.proto.XsException;
import org.jxen.xenstore.server.inproc.InProcessHost;

/**
 * The guests' XenStore rings, as jxenstored in this process sees them: each built domain's store
 * page, and dom0's ends of the store event channels. What the daemon asks comes on its own thread,
 * so the rings are in a concurrent map and ports it unbinds wait for the host to close them.
 */
final class StoreRings {
    private final Map<Integer, StoreRing> rings = new ConcurrentHashMap<>();
    /** dom0's ends of store event channels the daemon unbound, closed by the host when it next runs. */
    private final Queue<Integer> portsUnbound = new ConcurrentLinkedQueue<>();
    /** Domains whose ring the daemon notified since {@link #takeNotified} last ran. */
    private final Set<Integer> notified = ConcurrentHashMap.newKeySet();

    /** {@code d} was built: its store page is a ring towards {@code storeDomid}. */
    void built(SimDomain d, int storeDomid) {
        int domid = d.domid;
        rings.put(domid, new StoreRing(d.pages.page(d.build.storeGfn()), storeDomid, () -> notified.add(domid)));
    }

    void dying(int domid) {
        rings.remove(domid);
    }

    /** The guest kernel of {@code d} opens its end of its XenStore ring. */
    GuestRing openGuestEnd(SimDomain d) {
        return rings.get(d.domid).openGuestEnd();
    }

    /** The page {@code domid} granted the store domain at ref 1; the daemon's thread. */
    MemorySegment mapStorePage(int domid) {
        StoreRing ring = rings.get(domid);
        if (ring == null) {
            throw new XsException(XsErrno.ENOENT, "domain " + domid + " has no XenStore page: not built, or gone");
        }
        if (ring.storeDomid != 0) {
            throw new XsException(XsErrno.EPERM, "domain " + domid + " granted its XenStore page to domain "
                    + ring.storeDomid + ", not to dom0");
        }
        return ring.page;
    }

    /** {@code domid}'s ring, for the daemon to bind; fails as XenStore does when there is none. */
    StoreRing ring(int domid) {
        StoreRing ring = rings.get(domid);
        if (ring == null) {
            throw new XsException(XsErrno.ENOENT, "domain " + domid + " has no XenStore ring: not built, or gone");
        }
        return ring;
    }

    /** The daemon listens on {@code ring}, whose event channel is dom0's {@code port}. */
    InProcessHost.DaemonPort bindDaemon(StoreRing ring, int port, Runnable daemonNotified) {
        ring.bindDaemon(daemonNotified);
        return new InProcessHost.DaemonPort() {
            @Override
            public void notifyGuest() {
                ring.notifyGuest();
            }

            @Override
            public void unbind() {
                ring.releasedByDaemon();
                portsUnbound.add(port); // on the daemon's thread: closed when the host next runs
            }
        };
    }

    /**
     * The domains whose ring the daemon notified (replies, watch events) since the last call, by
     * domid; they are forgotten. Any thread.
     */
    SortedSet<Integer> takeNotified() {
        SortedSet<Integer> taken = new TreeSet<>();
        for (Integer domid : notified) {
            if (notified.remove(domid)) {
                taken.add(domid);
            }
        }
        return taken;
    }

    /** The next of dom0's ports the daemon unbound, or null when there is none left. */
    Integer nextUnboundPort() {
        return portsUnbound.poll();
    }
}
