package org.jxen.hv.sim;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jxen.xenstore.client.WatchEvent;
import org.jxen.xenstore.client.XsClient;
import org.jxen.xenstore.client.XsConnection;
import org.jxen.xenstore.proto.XsException;
import org.jxen.xenstore.server.inproc.InProcessConnector;

/**
 * The XenStore side of a simulated host's guests and of dom0's backend drivers. The backends are
 * a dom0 client. With jxenstored in this process ({@code daemon} not null) each guest kernel is
 * its own client over its own ring, as its own domid; with a daemon elsewhere (C xenstored over
 * a socket, which cannot reach rings in this process) the guests share dom0's connection and act
 * with dom0's rights. Guests act on watch events as Linux does; to keep a run deterministic,
 * events are handled only in {@link #pump}, which first waits for the daemon to go quiet (its
 * loop idle, then, unless it sent no watch event since the last round, a round trip on dom0's
 * connection and on each guest ring the daemon notified since the last round), then handles them
 * connection by connection (dom0's, then each guest's by domid) in the order the daemon sent them,
 * until nothing is left.
 * Handling takes no virtual time.
 */
final class GuestAgents {
    private final StoreConnection dom0;
    private final SimHost host;
    private final Guests behaviour;
    /** jxenstored in this process, serving the guests' rings; null when guests use dom0's connection. */
    private final InProcessConnector daemon;
    private final Map<Integer, GuestAgent> guests = new TreeMap<>();
    private final Backends backends;
    /** Watch events for paused guests, by domid: a paused kernel does not run, so it acts on them later. */
    private final Map<Integer, List<WatchEvent>> held = new TreeMap<>();
    /** The daemon's count of watch events sent when the events were last all taken; -1: not yet. */
    private long eventsTaken = -1;

    GuestAgents(XsClient dom0, SimHost host, Guests guests, InProcessConnector daemon) {
        this.dom0 = new StoreConnection(dom0);
        this.host = host;
        this.behaviour = guests;
        this.daemon = daemon;
        this.backends = new Backends(this);
        backends.start();
    }

    StoreConnection dom0() {
        return dom0;
    }

    /** The host, for the hypercalls of guests and dom0's backends. */
    SimHost host() {
        return host;
    }

    /** What the guests do because of what they read. */
    Guests guests() {
        return behaviour;
    }

    /** The guest kernel of {@code d} starts: it connects to XenStore, prints its banner and brings up xenbus. */
    void boot(SimDomain d) {
        StoreConnection store = daemon == null ? dom0
                : new StoreConnection(new XsClient(XsConnection.readByCallers(host.openStoreRing(d), "d" + d.domid + "'s ring")));
        GuestAgent agent = new GuestAgent(this, d, store);
        guests.put(d.domid, agent);
        try {
            agent.boot();
        } catch (UncheckedIOException released) {
            forget(d.domid); // the daemon let the domain go as its kernel started (a destroy on another thread)
            return;
        }
        pump();
    }

    StoreConnection store(int domid) {
        return guests.get(domid).store();
    }

    void forget(int domid) {
        GuestAgent agent = guests.remove(domid);
        if (agent != null) {
            agent.stop();
        }
    }

    /** Handles every watch event due, including those that handling causes. */
    void pump() {
        while (true) {
            List<WatchEvent> due = new ArrayList<>();
            if (daemon == null) {
                dom0.sync();
                dom0.takeEvents(due);
            } else if (!takeGuestEvents(due) && held.isEmpty()) {
                return;
            }
            due.addAll(0, heldForRunningGuests());
            if (due.isEmpty()) {
                return;
            }
            coalesceBackendEvents(due).forEach(this::handle);
        }
    }

    /**
     * With the guests on their own rings: waits for the daemon to go quiet, then takes dom0's
     * events and those of the guests whose ring the daemon notified since the last round (only
     * they can have events: a round trip on each of those rings, not on every guest's), dom0's
     * first, then by domid. When the daemon sent no watch event since the events were last taken
     * there is nothing to take, and no round trip is made: false.
     */
    private boolean takeGuestEvents(List<WatchEvent> due) {
        long sent = daemon.watchEventsSent(); // before the wait: every event it counts is then in its ring or socket
        daemon.awaitTasks(); // every event queued (by dom0's requests, the guests', domain checks) is in its ring
        host.closeDaemonPorts();
        if (sent >= 0 && sent == eventsTaken) {
            return false; // (rings the replies notified stay marked: synced, harmlessly, in the next round that takes)
        }
        dom0.sync(); // dom0's socket: its events came before the reply
        List<StoreConnection> notified = new ArrayList<>();
        for (int domid : host.takeStoreRingsNotified()) {
            GuestAgent agent = guests.get(domid);
            if (agent != null) {
                try {
                    agent.store().sync(); // the guest's reader took all the daemon wrote before the reply
                    notified.add(agent.store());
                } catch (UncheckedIOException released) {
                    // the daemon let the domain go meanwhile (a destroy on another thread): it has no more events
                }
            }
        }
        if (!notified.isEmpty()) {
            daemon.awaitTasks();
            // The replies to those syncs: nothing more to take from them. (While the host pumps no
            // one else talks to the daemon, as determinism asks, so no event's mark is lost here.)
            host.takeStoreRingsNotified();
        }
        dom0.takeEvents(due);
        notified.forEach(c -> c.takeEvents(due));
        eventsTaken = sent;
        return true;
    }

    /**
     * One event per backend device a round, and per guest's device for its xenbus: a driver reads
     * the device's current state whatever changed, so the toolstack's fifteen writes into a new
     * device's directories need one look, not fifteen (a guest's is for the device's directory,
     * which says whether it came or went). Other events, and the order of the first event of each
     * device, are kept.
     */
    private List<WatchEvent> coalesceBackendEvents(List<WatchEvent> due) {
        List<WatchEvent> kept = new ArrayList<>(due.size());
        Set<String> devices = new HashSet<>();
        for (WatchEvent e : due) {
            String device = e.token().equals(Backends.TOKEN) ? Backends.device(e.path())
                    : e.token().startsWith(GuestAgent.DEVICES_TOKEN + "/") ? GuestAgent.deviceDir(e.path()) : null;
            if (device == null) {
                kept.add(e);
            } else if (devices.add(e.token() + " " + device)) {
                kept.add(e.token().equals(Backends.TOKEN) ? e : new WatchEvent(device, e.token()));
            }
        }
        return kept;
    }

    /** The events held for guests that were paused and now run again, in the order they came. */
    private List<WatchEvent> heldForRunningGuests() {
        List<WatchEvent> released = new ArrayList<>();
        held.entrySet().removeIf(h -> {
            GuestAgent agent = guests.get(h.getKey());
            if (agent != null && agent.paused()) {
                return false;
            }
            if (agent != null) {
                released.addAll(h.getValue());
            }
            return true;
        });
        return released;
    }

    private void handle(WatchEvent e) {
        String[] token = e.token().split("/");
        if (token[0].equals(Backends.TOKEN)) {
            backends.changed(e.path());
            return;
        }
        int domid = Integer.parseInt(token[1]);
        GuestAgent agent = guests.get(domid);
        if (agent != null && agent.paused()) { // its vCPUs do not run: it acts once unpaused
            held.computeIfAbsent(domid, d -> new ArrayList<>()).add(e);
            return;
        }
        if (agent != null) { // events of a guest that is gone are dropped
            try {
                agent.handle(token, e.path());
            } catch (UncheckedIOException | XsException gone) {
                // the daemon let the domain go, or the toolstack took its nodes away, while the event
                // waited (a destroy on another thread): Linux's xenbus logs the failed read and goes on
            }
        }
    }
}
