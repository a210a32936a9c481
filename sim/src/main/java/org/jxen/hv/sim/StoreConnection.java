package org.jxen.hv.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jxen.xenstore.client.WatchEvent;
import org.jxen.xenstore.client.XsClient;

/**
 * One XenStore connection of the simulated host's (dom0's backends, or a guest's own ring) and
 * the watch events it received, kept in the order the daemon sent them until they are taken.
 */
final class StoreConnection {
    private final XsClient xs;
    private final Queue<WatchEvent> events = new ConcurrentLinkedQueue<>();
    private final Set<String> watching = new HashSet<>();

    StoreConnection(XsClient xs) {
        this.xs = xs;
    }

    XsClient xs() {
        return xs;
    }

    /** Watches {@code path} with a token unique to this watch; watching again is a no-op. */
    void watch(String path, String token) {
        if (watching.add(token)) {
            xs.watch(path, token, events::add);
        }
    }

    void unwatch(String path, String token) {
        if (watching.remove(token)) {
            xs.unwatch(path, token);
        }
    }

    /** Returns once every event the daemon sent before now was received. */
    void sync() {
        xs.sync();
    }

    /** Moves the events received so far to {@code into}, in the daemon's order. */
    void takeEvents(List<WatchEvent> into) {
        for (WatchEvent e = events.poll(); e != null; e = events.poll()) {
            into.add(e);
        }
    }

    void close() {
        try {
            xs.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
