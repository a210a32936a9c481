package org.jxen.xenstore.server.xen;

import java.lang.foreign.MemorySegment;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.jxen.xenstore.server.ClientLink;
import org.jxen.xenstore.server.DomainConnector;
import org.jxen.xenstore.server.DomainLiveness;
import org.jxen.xenstore.server.XenStoreCore;
import org.jxen.xenstore.server.ring.RingConnection;
import org.jxen.xenstore.server.ring.XenStoreRing;

/**
 * Rings and event channels on real Xen: maps an introduced guest's ring (its reserved XenStore
 * grant), binds its event channel, and runs a thread that waits for event-channel kicks and hands
 * them to the core's loop. VIRQ_DOM_EXC makes the core check which domains died or shut down.
 */
public final class XenDomainConnector implements DomainConnector, AutoCloseable {
    private static final System.Logger LOG = System.getLogger("jxenstored");

    private record Bound(int localPort, MemorySegment grantedPage, RingConnection connection) {
    }

    private final EventChannels events = EventChannels.open();
    private final GrantTables grants = GrantTables.open();
    private final DomainStates states = DomainStates.open();
    private final int outstandingLimit;
    private final Map<Integer, Bound> byDomid = new HashMap<>();
    private final Map<Integer, RingConnection> byPort = new ConcurrentHashMap<>();
    private volatile Executor loop;
    private int virqPort = -1;

    /** @param outstandingLimit replies a guest may leave unconsumed before it is no longer read */
    public XenDomainConnector(int outstandingLimit) {
        this.outstandingLimit = outstandingLimit;
    }

    /** Connects dom0's own ring and starts taking events; {@code loop} runs tasks on the core's thread. */
    public void start(XenStoreCore core, Executor loop, Dom0Ring dom0) {
        this.loop = loop;
        // The first call through a native handle costs ~140 ms in an emulated dom0 (the JVM links
        // and interprets its adapters). Make those calls now rather than in the first INTRODUCE and
        // SET_PERMS, which are inside xl create.
        states.state(0);
        grants.warmUp();
        int local = events.bindInterdomain(0, dom0.port());
        RingConnection c = ringConnection(core, 0, dom0.page(), local);
        core.open(0, c);
        byDomid.put(0, new Bound(local, null, c));
        virqPort = events.bindVirq(EventChannels.VIRQ_DOM_EXC);
        Thread.ofPlatform().daemon().name("xen-events").start(() -> pump(core));
        loop.execute(c::onEvent); // the kernel may have queued requests before we listened
    }

    @Override
    public ClientLink connect(XenStoreCore core, int domid, long gfn, int port) {
        MemorySegment page = grants.map(domid, GrantTables.XENSTORE_GRANT);
        int local;
        try {
            local = events.bindInterdomain(domid, port);
        } catch (RuntimeException e) {
            grants.unmap(page);
            throw e;
        }
        RingConnection c = ringConnection(core, domid, page, local);
        byDomid.put(domid, new Bound(local, page, c));
        loop.execute(c::onEvent);
        return c;
    }

    private RingConnection ringConnection(XenStoreCore core, int domid, MemorySegment page, int local) {
        RingConnection c = new RingConnection(core, domid, new XenStoreRing(page), new RingConnection.Port() {
            @Override
            public void notifyGuest() {
                events.notify(local);
            }

            @Override
            public void rerun(RingConnection connection) {
                loop.execute(connection::onEvent);
            }
        }, outstandingLimit);
        byPort.put(local, c);
        return c;
    }

    @Override
    public void disconnect(int domid) {
        Bound b = byDomid.remove(domid);
        if (b != null) {
            byPort.remove(b.localPort());
            events.unbind(b.localPort());
            if (b.grantedPage() != null) {
                grants.unmap(b.grantedPage());
            }
        }
    }

    @Override
    public boolean exists(int domid) {
        return states.state(domid) != DomainStates.State.GONE;
    }

    private DomainLiveness liveness(int domid) {
        return switch (states.state(domid)) {
            case RUNNING -> DomainLiveness.RUNNING;
            case SHUT_DOWN -> DomainLiveness.SHUT_DOWN;
            case DYING, GONE -> DomainLiveness.GONE;
        };
    }

    /** Waits for kicks on the event channel device and queues the matching work on the core's loop. */
    private void pump(XenStoreCore core) {
        while (true) {
            int port;
            try {
                port = events.pending();
                events.unmask(port);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "event channel device failed; rings stop: " + e.getMessage(), e);
                return;
            }
            if (port == virqPort) {
                loop.execute(() -> core.checkDomains(this::liveness));
            } else {
                RingConnection c = byPort.get(port);
                if (c != null) {
                    loop.execute(c::onEvent);
                }
            }
        }
    }

    @Override
    public void close() {
        events.close();
        grants.close();
        states.close();
    }
}
