package org.jxen.xenstore.server.inproc;

import java.lang.foreign.MemorySegment;
import org.jxen.xenstore.server.DomainLiveness;

/**
 * What jxenstored needs from a Xen host whose guests live in this process (the simulated host):
 * a guest's XenStore page and the XenStore event channel between daemon and guest. On real Xen
 * these are the guest's reserved grant (ref 1) and an interdomain event channel, which
 * {@code server.xen.XenDomainConnector} reaches through libxengnttab and libxenevtchn; here the
 * host hands over the page the guest shares and delivers notifications by calling back.
 * Failures are {@link org.jxen.xenstore.proto.XsException}s with the errno Xen would give
 * (INTRODUCE answers with it), e.g. ENOENT for a domain the host does not have.
 */
public interface InProcessHost {
    /**
     * Maps {@code domid}'s XenStore page ({@code gfn} is INTRODUCE's argument; on Xen the page is
     * found by grant and the gfn ignored). The daemon uses the page until {@link #unmapStorePage}.
     */
    MemorySegment mapStorePage(int domid, long gfn);

    /** The daemon no longer touches {@code domid}'s page. */
    void unmapStorePage(int domid);

    /**
     * Binds the daemon's end of an event channel to the guest's port {@code remotePort}. Each
     * time the guest notifies its end, the host runs {@code daemonNotified} (on any thread; it
     * only hands work to the daemon's loop).
     */
    DaemonPort bindInterdomain(int domid, int remotePort, Runnable daemonNotified);

    /** Whether the host has a domain with this id: permissions may name only existing domains. */
    boolean exists(int domid);

    /**
     * What became of {@code domid}, asked on the daemon's thread after the host said domains
     * changed ({@link InProcessConnector#domainsChanged}, the VIRQ_DOM_EXC of this host).
     */
    DomainLiveness liveness(int domid);

    /** The daemon's end of one guest's XenStore event channel. */
    interface DaemonPort {
        /** Notifies the guest's end (replies written, requests consumed). */
        void notifyGuest();

        /** Closes the daemon's end: the guest's notifications no longer reach the daemon. */
        void unbind();
    }
}
