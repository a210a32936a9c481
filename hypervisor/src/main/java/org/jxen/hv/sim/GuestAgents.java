package org.jxen.hv.sim;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jxen.xenstore.client.WatchEvent;
import org.jxen.xenstore.client.XsClient;

/**
 * The XenStore side of a simulated host's guests and of dom0's backend drivers, over one
 * connection to a real XenStore daemon (jxenstored or any xenstored). Guests act on watch events
 * as Linux does; to keep a run deterministic, events are handled only in {@link #pump}, which
 * first makes a round trip ({@link XsClient#sync}) so that every change made before it (by the
 * toolstack between runs, or by a guest in this run) has been seen, then handles them in the
 * order the daemon sent them, until nothing is left. Handling takes no virtual time.
 */
final class GuestAgents {
    private final XsClient xs;
    private final SimHost host;
    private final ConcurrentLinkedQueue<WatchEvent> pending = new ConcurrentLinkedQueue<>();
    private final Map<Integer, GuestAgent> guests = new TreeMap<>();
    private final Backends backends;
    private final Set<String> watching = new HashSet<>();

    GuestAgents(XsClient xs, SimHost host) {
        this.xs = xs;
        this.host = host;
        this.backends = new Backends(this);
        backends.start();
    }

    XsClient xs() {
        return xs;
    }

    SimHost host() {
        return host;
    }

    /** Watches {@code path} with a token unique to this watch; watching again is a no-op. */
    void watch(String path, String token) {
        if (watching.add(token)) {
            xs.watch(path, token, pending::add);
        }
    }

    void unwatch(String path, String token) {
        if (watching.remove(token)) {
            xs.unwatch(path, token);
        }
    }

    /** The guest kernel of {@code d} starts: it prints its banner and brings up xenbus. */
    void boot(SimDomain d) {
        GuestAgent agent = new GuestAgent(this, d);
        guests.put(d.domid, agent);
        agent.boot();
        pump();
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
            xs.sync();
            List<WatchEvent> due = new ArrayList<>();
            for (WatchEvent e = pending.poll(); e != null; e = pending.poll()) {
                due.add(e);
            }
            if (due.isEmpty()) {
                return;
            }
            due.forEach(this::handle);
        }
    }

    private void handle(WatchEvent e) {
        String[] token = e.token().split("/");
        if (token[0].equals(Backends.TOKEN)) {
            backends.changed(e.path());
            return;
        }
        GuestAgent agent = guests.get(Integer.parseInt(token[1]));
        if (agent != null) { // events of a guest that is gone are dropped
            agent.handle(token);
        }
    }
}
