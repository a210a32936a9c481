package org.jxen.xenstore.server.xen;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.jxen.xenstore.proto.XsErrno;
import org.jxen.xenstore.proto.XsException;
import org.jxen.xenstore.server.ClientLink;
import org.jxen.xenstore.server.DomainConnector;
import org.jxen.xenstore.server.DomainLiveness;
import org.jxen.xenstore.server.XenStoreCore;
import org.jxen.xenstore.server.ring.RingConnection;
import org.jxen.xenstore.server.ring.XenStoreRing;
import org.jxen.xenstore.server.xen.GrantTables.MappedPage;

/**
 * Rings and event channels on real Xen: maps an introduced guest's ring (its reserved XenStore
 * grant), binds its event channel, and runs a thread that waits for event-channel kicks and hands
 * them to the core's loop. VIRQ_DOM_EXC makes the core check which domains died or shut down.
 */
public final class XenDomainConnector implements DomainConnector, AutoCloseable {
    private static final System.Logger LOG = System.getLogger("jxenstored");

    /**
     * A domain's ring as connected here; the loop thread owns it. {@code page} is null for dom0,
     * whose ring the kernel maps; {@code localPort} is -1 while no event channel is bound.
     */
    private static final class Bound {
        final MappedPage page;
        RingConnection connection;
        int localPort;

        Bound(MappedPage page, int localPort) {
            this.page = page;
            this.localPort = localPort;
        }
    }

    /** What guests' rings need besides event channels, opened by {@link #start} after dom0's ring is served. */
    private record GuestDevices(GrantTables grants, DomainStates states) {
        void close() {
            grants.close();
            states.close();
        }
    }

    private final CompletableFuture<GuestDevices> guestDevices = new CompletableFuture<>();
    private final int outstandingLimit;
    private final Map<Integer, Bound> byDomid = new HashMap<>();
    private final Map<Integer, RingConnection> byPort = new ConcurrentHashMap<>();
    private volatile EventChannels events;
    private volatile Executor loop;
    private volatile int virqPort = -1;

    /** @param outstandingLimit replies a guest may leave unconsumed before it is no longer read */
    public XenDomainConnector(int outstandingLimit) {
        this.outstandingLimit = outstandingLimit;
    }

    /**
     * Serves dom0's ring, then opens what guests need and starts watching for domains' deaths,
     * while the core's loop (which {@code loop} runs tasks on) already serves the socket. This is
     * the slow part of starting in an emulated dom0 (the JVM links each native call on first use),
     * so it goes in that order: dom0's tools (xenstore-*, xl) reach the daemon through dom0's ring
     * ({@code /dev/xen/xenbus}), and only INTRODUCE and permissions naming domains need the rest;
     * such requests wait for it. Runs on the calling thread; a failure is thrown, and those
     * requests fail.
     */
    public void start(XenStoreCore core, Executor loop) throws IOException {
        this.loop = loop;
        try {
            events = EventChannels.open();
            Dom0Ring dom0 = Dom0Ring.map();
            Bound b = new Bound(null, events.bindInterdomain(0, dom0.port()));
            loop.execute(() -> {
                RingConnection c = ringConnection(core, 0, dom0.page(), b);
                core.open(0, c);
                c.run(); // the kernel may have queued requests before we listened
            });
            Thread.ofPlatform().daemon().name("xen-events").start(() -> pump(core));
            GuestDevices guests = new GuestDevices(GrantTables.open(), DomainStates.open());
            // The first call through each handle is the expensive one: make it here, not in the
            // first INTRODUCE and SET_PERMS, which are inside xl create.
            guests.states().state(0);
            guests.grants().warmUp();
            virqPort = events.bindVirq(EventChannels.VIRQ_DOM_EXC);
            guestDevices.complete(guests);
        } catch (IOException | RuntimeException e) {
            guestDevices.completeExceptionally(e);
            throw e;
        }
    }

    /** Grant mapping and domain states, once {@link #start} opened them (a caller on the loop waits until then). */
    private GuestDevices guests() {
        return guestDevices.join();
    }

    @Override
    public ClientLink connect(XenStoreCore core, int domid, long gfn, int port) {
        MappedPage page;
        int local;
        try {
            page = guests().grants().map(domid, GrantTables.XENSTORE_GRANT);
        } catch (XenCallException e) {
            throw refused(e);
        }
        try {
            local = events.bindInterdomain(domid, port);
        } catch (XenCallException e) {
            page.close();
            throw refused(e);
        }
        RingConnection c = ringConnection(core, domid, page.segment(), new Bound(page, local));
        loop.execute(c);
        return c;
    }

    /** C xenstored answers a failed INTRODUCE with the errno of the call that failed. */
    private static XsException refused(XenCallException e) {
        return new XsException(XsErrno.fromSystemErrno(e.errnoName()), "INTRODUCE: " + e.getMessage());
    }

    private RingConnection ringConnection(XenStoreCore core, int domid, MemorySegment page, Bound b) {
        b.connection = new RingConnection(core, domid, new XenStoreRing(page), new RingConnection.Port() {
            @Override
            public void notifyGuest() {
                if (b.localPort >= 0) {
                    events.notify(b.localPort);
                }
            }

            @Override
            public void rerun(RingConnection connection) {
                loop.execute(connection);
            }
        }, outstandingLimit);
        byDomid.put(domid, b);
        byPort.put(b.localPort, b.connection);
        return b.connection;
    }

    @Override
    public void rebind(int domid, int port) {
        Bound b = byDomid.get(domid);
        if (b == null) {
            return;
        }
        unbind(b);
        try {
            b.localPort = events.bindInterdomain(domid, port);
            byPort.put(b.localPort, b.connection);
        } catch (XenCallException e) {
            // C xenstored acknowledges such an INTRODUCE all the same and leaves the domain without a channel.
            LOG.log(System.Logger.Level.WARNING, "domain " + domid + " introduced again but has no event channel now: "
                    + e.getMessage());
        }
        b.connection.discardPending();
    }

    @Override
    public void disconnect(int domid) {
        Bound b = byDomid.remove(domid);
        if (b != null) {
            unbind(b);
            if (b.page != null) {
                b.page.close();
            }
        }
    }

    private void unbind(Bound b) {
        if (b.localPort >= 0) {
            byPort.remove(b.localPort);
            int port = b.localPort;
            b.localPort = -1;
            events.unbind(port);
        }
    }

    @Override
    public boolean exists(int domid) {
        return guests().states().state(domid) != DomainStates.State.GONE;
    }

    private DomainLiveness liveness(int domid) {
        return switch (guests().states().state(domid)) {
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
                    loop.execute(c);
                }
            }
        }
    }

    @Override
    public void close() {
        if (guestDevices.isDone() && !guestDevices.isCompletedExceptionally()) {
            guestDevices.join().close();
        }
        if (events != null) {
            events.close();
        }
    }
}
