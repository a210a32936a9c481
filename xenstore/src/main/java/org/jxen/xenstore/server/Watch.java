package org.jxen.xenstore.server;

import org.jxen.xenstore.store.Paths;

/**
 * A registered watch.
 *
 * @param path      canonical path (or {@code @special})
 * @param relativeTo the domain path a relative watch was given under, or null: its events are
 *                  reported relative again
 * @param seq       registration order, which is the order events reach a client
 */
record Watch(Session session, String path, String token, String relativeTo, long seq) {

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
