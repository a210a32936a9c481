package org.jxen.xenstore.server;

import org.jxen.xenstore.store.Paths;

/**
 * A registered watch. Equality is identity: a registration is one thing, even when a client
 * registers the same path and token again after removing it. (A record's value equality would
 * also cost the first UNWATCH a method-handle bootstrap, about 60 ms in an emulated dom0.)
 */
final class Watch {
    private final Session session;
    private final String path;
    private final String token;
    private final String relativeTo;
    private final long seq;

    /**
     * @param path       canonical path (or {@code @special})
     * @param relativeTo the domain path a relative watch was given under, or null: its events are
     *                   reported relative again
     * @param seq        registration order, which is the order events reach a client
     */
    Watch(Session session, String path, String token, String relativeTo, long seq) {
        this.session = session;
        this.path = path;
        this.token = token;
        this.relativeTo = relativeTo;
        this.seq = seq;
    }

    Session session() {
        return session;
    }

    String path() {
        return path;
    }

    String token() {
        return token;
    }

    long seq() {
        return seq;
    }

    /** The path to put in an event for a change at {@code eventPath}. */
    String reported(String eventPath) {
        if (relativeTo != null && eventPath.startsWith(relativeTo) && eventPath.length() > relativeTo.length()
                && eventPath.charAt(relativeTo.length()) == '/') {
            return eventPath.substring(relativeTo.length() + 1);
        }
        return eventPath;
    }

    static String relativeBase(String given, int domid) {
        return given.startsWith("/") || Paths.isSpecial(given) ? null : Paths.domainPath(domid);
    }
}
