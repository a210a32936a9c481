package org.jxen.xenstore.server;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jxen.xenstore.store.Change;
import org.jxen.xenstore.store.Paths;

/**
 * All watches, indexed by path so that a change costs time in proportion to its depth and the
 * watches that match it, not to all watches.
 */
final class Watches {
    /** A watch that fires, and the path its event reports. */
    record Hit(Watch watch, String eventPath) {
    }

    private final Map<String, List<Watch>> byPath = new HashMap<>();
    private long seq;
    private int count;

    Watch add(Session session, String path, String token, String relativeTo) {
        Watch w = new Watch(session, path, token, relativeTo, ++seq);
        byPath.computeIfAbsent(path, k -> new ArrayList<>(1)).add(w);
        session.watches().add(w);
        count++;
        return w;
    }

    Watch find(Session session, String path, String token) {
        for (Watch w : session.watches()) {
            if (w.path().equals(path) && w.token().equals(token)) {
                return w;
            }
        }
        return null;
    }

    void remove(Watch w) {
        List<Watch> list = byPath.get(w.path());
        if (list != null && list.remove(w)) {
            count--;
            if (list.isEmpty()) {
                byPath.remove(w.path());
            }
        }
        w.session().watches().remove(w);
    }

    void removeAll(Session session) {
        for (Watch w : List.copyOf(session.watches())) {
            remove(w);
        }
    }

    int size() {
        return count;
    }

    /**
     * The watches a change fires, in registration order: those set on the changed path and, unless
     * the change is exact, on each of its ancestors. Cost: one lookup per path component.
     */
    List<Hit> matching(Change change) {
        List<Hit> hits = new ArrayList<>();
        String path = change.path();
        if (change.exact() || Paths.isSpecial(path)) {
            addAll(hits, byPath.get(path), path);
        } else {
            for (String p = path; ; p = Paths.parent(p)) {
                addAll(hits, byPath.get(p), path);
                if (p.equals(Paths.ROOT)) {
                    break;
                }
            }
        }
        if (hits.size() > 1) {
            hits.sort(Comparator.comparingLong(h -> h.watch().seq()));
        }
        return hits;
    }

    private static void addAll(List<Hit> hits, List<Watch> watches, String eventPath) {
        if (watches != null) {
            for (Watch w : watches) {
                hits.add(new Hit(w, eventPath));
            }
        }
    }
}
