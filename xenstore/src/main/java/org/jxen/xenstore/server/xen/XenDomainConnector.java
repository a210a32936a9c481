package org.jxen.xenstore.server.xen;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import org.jxen.xenstore.proto.XsErrno;
import org.jxen.xenstore.proto.XsException;
import org.jxen.xenstore.server.ClientLink;
import org.jxen.xenstore.server.CoreLoop;
import org.jxen.xenstore.server.DomainConnector;
import org.jxen.xenstore.server.DomainLiveness;
import org.jxen.xenstore.server.XenStoreCore;
import org.jxen.xenstore.server.ring.RingConnection;
import org.jxen.xenstore.server.ring.XenStoreRing;
import org.jxen.xen.Dom0Ring;
import org.jxen.xen.DomainStates;
import org.jxen.xen.EventChannels;
import org.jxen.xen.GrantTables;
import org.jxen.xen.GrantTables.MappedPage;
import org.jxen.xen.XenCallException;

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

    /** Dom0's ring, mapped, and its port, bound, by {@link #begin}'s thread. */
    private record Dom0Connection(Dom0Ring ring, Bound bound) {
    }

    private final CompletableFuture<Dom0Connection> dom0 = new CompletableFuture<>();
    private final CompletableFuture<GuestDevices> guestDevices = new CompletableFuture<>();
    private final int outstandingLimit;
    private final Map<Integer, Bound> byDomid = new HashMap<>();
    private final Map<Integer, RingConnection> byPort = new ConcurrentHashMap<>();
    private volatile EventChannels events;
    private volatile CoreLoop loop;
    private volatile int virqPort = -1;

    private XenDomainConnector(int outstandingLimit) {
        this.outstandingLimit = outstandingLimit;
    }

    /**
     * Starts connecting dom0's own ring (opening the event channel device, mapping the ring,
     * binding its port) on a thread of its own, alongside the rest of the daemon's start-up: in an
     * emulated dom0 the JVM's linking of the first native calls takes about a second, and dom0's
     * tools (xenstore-*, xl) reach the daemon through that ring ({@code /dev/xen/xenbus}).
     *
     * @param outstandingLimit replies a guest may leave unconsumed before it is no longer read
     */
    public static XenDomainConnector begin(int outstandingLimit) {
        XenDomainConnector xen = new XenDomainConnector(outstandingLimit);
        Thread.ofPlatform().daemon().name("xen-dom0-ring").start(new Runnable() { // not a lambda: see NativeLibrary.OnFirstUse
            @Override
            public void run() {
                xen.connectDom0();
            }
        });
        return xen;
    }

    private void connectDom0() {
        try {
            events = EventChannels.open();
            Dom0Ring ring = Dom0Ring.map();
            dom0.complete(new Dom0Connection(ring, new Bound(null, events.bindInterdomain(0, ring.port()))));
        } catch (IOException | RuntimeException e) {
            dom0.completeExceptionally(e);
        }
    }

    /**
     * Serves dom0's ring once {@link #begin} connected it, then opens what guests need and starts
     * watching for domains' deaths, while the core's loop already serves the socket. Kicks reach
     * the core as tasks on {@code loop}. Only INTRODUCE and permissions naming domains need the guests'
     * part; such requests wait for it. Runs on the calling thread; a failure is thrown, and those
     * requests fail.
     */
    public void start(XenStoreCore core, CoreLoop loop) throws IOException {
        this.loop = loop;
        try {
            Dom0Connection d = dom0Connection();
            loop.execute(() -> {
                RingConnection c = ringConnection(core, 0, d.ring().page(), d.bound());
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

    private Dom0Connection dom0Connection() throws IOException {
        try {
            return dom0.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while connecting dom0's ring", e);
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case IOException io -> throw io;
                case RuntimeException r -> throw r;
                case Error err -> throw err;
                default -> throw new IOException("connecting dom0's ring failed", e.getCause());
            }
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
