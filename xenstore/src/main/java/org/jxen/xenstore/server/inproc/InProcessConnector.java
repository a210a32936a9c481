package org.jxen.xenstore.server.inproc;

import java.util.HashMap;
import java.util.Map;
import org.jxen.xenstore.proto.XsException;
import org.jxen.xenstore.server.ClientLink;
import org.jxen.xenstore.server.CoreLoop;
import org.jxen.xenstore.server.DomainConnector;
import org.jxen.xenstore.server.XenStoreCore;
import org.jxen.xenstore.server.ring.RingConnection;
import org.jxen.xenstore.server.ring.XenStoreRing;

/**
 * Serves the rings of guests that live in this process (the simulated host): on INTRODUCE it
 * maps the guest's page and binds its event channel through the {@link InProcessHost}, and serves
 * the ring with the same {@link RingConnection} as on real Xen. The guest's notifications become
 * turns on the {@link CoreLoop}. Everything but those notifications runs on the loop's thread.
 */
public final class InProcessConnector implements DomainConnector {
    private static final System.Logger LOG = System.getLogger("jxenstored");

    private final InProcessHost host;
    private final CoreLoop loop;
    private final int outstandingLimit;
    private final Map<Integer, Ring> rings = new HashMap<>();
    /** The core served, known from the first INTRODUCE (before it, no domain can have changed for it). */
    private volatile XenStoreCore core;

    /** @param outstandingLimit replies a guest may leave unconsumed before it is no longer read */
    public InProcessConnector(InProcessHost host, CoreLoop loop, int outstandingLimit) {
        this.host = host;
        this.loop = loop;
        this.outstandingLimit = outstandingLimit;
    }

    /** One guest's ring as served here: its connection and the daemon's end of its event channel. */
    private final class Ring implements RingConnection.Port, Runnable {
        RingConnection connection;
        /** Null while the domain has no event channel (introduced again on a port that could not be bound). */
        InProcessHost.DaemonPort port;

        @Override
        public void notifyGuest() {
            if (port != null) {
                port.notifyGuest();
            }
        }

        @Override
        public void rerun(RingConnection c) {
            loop.execute(c);
        }

        /** The guest notified the daemon: a turn for its connection on the loop. */
        @Override
        public void run() {
            loop.execute(connection);
        }
    }

    @Override
    public ClientLink connect(XenStoreCore core, int domid, long gfn, int port) {
        this.core = core;
        Ring ring = new Ring();
        ring.connection = new RingConnection(core, domid, new XenStoreRing(host.mapStorePage(domid, gfn)), ring,
                outstandingLimit);
        try {
            ring.port = host.bindInterdomain(domid, port, ring);
        } catch (RuntimeException e) {
            host.unmapStorePage(domid);
            throw e;
        }
        rings.put(domid, ring);
        loop.execute(ring.connection); // the guest may have queued requests before it was introduced
        return ring.connection;
    }

    @Override
    public void rebind(int domid, int port) {
        Ring ring = rings.get(domid);
        if (ring == null) {
            return;
        }
        unbind(ring);
        try {
            ring.port = host.bindInterdomain(domid, port, ring);
        } catch (XsException e) {
            // As on Xen: C xenstored acknowledges such an INTRODUCE and leaves the domain without a channel.
            LOG.log(System.Logger.Level.WARNING, "domain " + domid + " introduced again but has no event channel now: "
                    + e.getMessage());
        }
        ring.connection.discardPending();
    }

    @Override
    public void disconnect(int domid) {
        Ring ring = rings.remove(domid);
        if (ring != null) {
            unbind(ring);
            host.unmapStorePage(domid);
        }
    }

    private static void unbind(Ring ring) {
        if (ring.port != null) {
            ring.port.unbind();
            ring.port = null;
        }
    }

    /**
     * The host's VIRQ_DOM_EXC: a domain shut down, died or went. On the loop, the daemon asks the
     * host what became of each introduced domain, releasing (and firing {@code @releaseDomain}
     * for) those gone. Any thread.
     */
    public void domainsChanged() {
        XenStoreCore c = core;
        if (c != null) {
            loop.execute(() -> c.checkDomains(host::liveness));
        }
    }

    /**
     * The daemon's {@link XenStoreCore#watchEventsSent}, or -1 before the first INTRODUCE (until
     * then the connector does not know the core). Any thread.
     */
    public long watchEventsSent() {
        XenStoreCore c = core;
        return c == null ? -1 : c.watchEventsSent();
    }

    /**
     * Returns once the loop ran every task handed to it before this call (guests' notifications,
     * {@link #domainsChanged}'s checks) and every task those handed it in turn (the turns that
     * flush watch events they queued to other rings): how a caller waits for the daemon to go
     * quiet. Not on the loop's thread.
     */
    public void awaitTasks() {
        loop.awaitQuiet();
    }

    @Override
    public boolean exists(int domid) {
        return host.exists(domid);
    }
}
