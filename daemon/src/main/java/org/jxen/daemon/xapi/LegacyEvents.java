package org.jxen.daemon.xapi;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jxen.api.ErrorCodes;
import org.jxen.api.XenApiFailure;
import org.jxen.daemon.rpc.Handlers;
import org.jxen.daemon.state.ObjectStore;
import org.jxen.daemon.state.Subscription;

/**
 * XAPI's deprecated event API, which older scripts and npm {@code xen-api}'s fallback still use:
 * {@code event.register} and {@code event.unregister} change the one subscription a session has,
 * {@code event.next} blocks until something it selects changes and returns those changes, as XAPI's
 * {@code Xapi_event.Next}: {@code SESSION_NOT_REGISTERED} before a register, {@code EVENTS_LOST}
 * when the changes asked for are forgotten (the next call goes on from now), {@code SESSION_INVALID}
 * when the session ends while it waits. A {@code del} event carries the record as it was.
 * Unlike XAPI's queue, changes to one object between two calls come as one event, its newest.
 */
final class LegacyEvents {
    /** How often a waiting {@code event.next} looks whether its session still exists. */
    private static final long SESSION_CHECK_NS = TimeUnit.SECONDS.toNanos(1);

    /** A session's subscription: its strings and the generation up to which it has been sent events. */
    private static final class Registration {
        final Set<String> subscriptions = new LinkedHashSet<>();
        long sent;

        Registration(long sent) {
            this.sent = sent;
        }
    }

    private final ObjectStore store;
    private final Map<String, Registration> bySession = new ConcurrentHashMap<>();

    LegacyEvents(ObjectStore store) {
        this.store = store;
    }

    void register(Handlers handlers) {
        handlers.on("event.register", call -> {
            forgetEndedSessions();
            Registration r = bySession.computeIfAbsent(call.session(), s -> new Registration(store.generation()));
            synchronized (r) {
                r.subscriptions.addAll(EventCalls.strings(call.arg(0)));
            }
            return "";
        });
        handlers.on("event.unregister", call -> {
            Registration r = bySession.computeIfAbsent(call.session(), s -> new Registration(store.generation()));
            synchronized (r) {
                EventCalls.strings(call.arg(0)).forEach(r.subscriptions::remove);
            }
            return "";
        });
        handlers.on("event.next", call -> next(call.session()));
    }

    private List<Object> next(String session) throws XenApiFailure, InterruptedException {
        Registration r = bySession.get(session);
        if (r == null) {
            throw XenApiFailure.of(ErrorCodes.SESSION_NOT_REGISTERED, trackId(session));
        }
        while (true) {
            long since;
            Subscription watched;
            synchronized (r) {
                since = r.sent;
                watched = Subscription.of(r.subscriptions, store.model());
            }
            ObjectStore.Events batch;
            try {
                batch = store.changesSince(since, watched, SESSION_CHECK_NS, true);
            } catch (XenApiFailure lost) {
                synchronized (r) {
                    r.sent = store.generation();
                }
                throw lost;
            }
            if (!store.exists("session", session)) {
                bySession.remove(session);
                throw XenApiFailure.of(ErrorCodes.SESSION_INVALID, session);
            }
            synchronized (r) {
                // calls of one session waiting together get disjoint changes, as XAPI's ranges
                if (r.sent == since) {
                    r.sent = batch.generation();
                    if (!batch.events().isEmpty()) {
                        return EventCalls.wire(batch.events(), timestamp());
                    }
                }
            }
        }
    }

    /** A session that logged out without unregistering leaves nothing behind. */
    private void forgetEndedSessions() {
        bySession.keySet().removeIf(session -> !store.exists("session", session));
    }

    /** OCaml's {@code string_of_float (Unix.time ())}, as XAPI stamps an {@code event.next} event. */
    private static String timestamp() {
        return System.currentTimeMillis() / 1000 + ".";
    }

    /** XAPI's {@code Context.trackid_of_session}: the session named by a hash, not by its secret reference. */
    static String trackId(String session) {
        try {
            byte[] md5 = MessageDigest.getInstance("MD5").digest(session.getBytes(StandardCharsets.UTF_8));
            return "trackid=" + HexFormat.of().formatHex(md5);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no MD5", e);
        }
    }
}
