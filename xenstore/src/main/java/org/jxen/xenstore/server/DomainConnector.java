package org.jxen.xenstore.server;

import org.jxen.xenstore.store.Domids;

/**
 * Connects the daemon to an introduced domain's shared ring (a mapped page and an event channel).
 * On a host without Xen there are no rings: {@link #NONE} introduces domains without a connection,
 * which is what tools and tests driving INTRODUCE over the socket need.
 */
public interface DomainConnector {
    DomainConnector NONE = new DomainConnector() {
        @Override
        public ClientLink connect(XenStoreCore core, int domid, long gfn, int port) {
            return null;
        }

        @Override
        public void rebind(int domid, int port) {
        }

        @Override
        public void disconnect(int domid) {
        }

        @Override
        public boolean exists(int domid) {
            return domid >= 0 && domid <= Domids.MAX_REAL;
        }
    };

    /**
     * Maps the domain's ring and binds its event channel. A failure leaves nothing mapped or bound.
     *
     * @return the link the ring's messages travel on, or null when this host has no rings
     * @throws org.jxen.xenstore.proto.XsException with the errno of the call that failed
     */
    ClientLink connect(XenStoreCore core, int domid, long gfn, int port);

    /**
     * A connected domain was introduced again: bind its new event channel in place of the old
     * one and discard what its ring connection had half-read or not yet sent. The ring stays
     * mapped (C xenstored maps a guest's ring by its reserved grant and ignores the gfn).
     */
    void rebind(int domid, int port);

    /** Unmaps the ring and unbinds the event channel of a released domain. */
    void disconnect(int domid);

    /**
     * Whether the hypervisor has a domain with this id. Permissions may name only existing
     * domains (XSA-322). Without a hypervisor, every real (non-reserved) domid counts as existing.
     */
    boolean exists(int domid);
}
