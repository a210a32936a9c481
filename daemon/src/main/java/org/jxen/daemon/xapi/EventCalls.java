package org.jxen.daemon.xapi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jxen.api.ErrorCodes;
import org.jxen.api.XenApiFailure;
import org.jxen.api.model.ApiClass;
import org.jxen.daemon.rpc.Handlers;
import org.jxen.daemon.state.ObjectStore;
import org.jxen.daemon.state.Subscription;

/**
 * {@code event.from} and {@code event.inject} as XAPI answers them: classes named in any case,
 * {@code *} or {@code class/ref} ({@link Subscription#of}); tokens XAPI's shape
 * ({@code %020d,%020d}), {@code ""} meaning from the start; each event a lower-case class, the
 * operation, the reference and (but for {@code del}) the whole record as it is now.
 */
public final class EventCalls {
    /** The longest {@code event.from} wait jxend grants, so a stuck client does not pin a thread forever. */
    private static final double MAX_TIMEOUT_SECONDS = 3600;

    private final ObjectStore store;

    public EventCalls(ObjectStore store) {
        this.store = store;
    }

    public void register(Handlers handlers) {
        handlers.on("event.from", call -> from(strings(call.arg(0)), (String) call.arg(1), (Double) call.arg(2)));
        handlers.on("event.get_current_id", call -> store.generation());
        handlers.on("event.inject", call -> {
            String cls = classNamed((String) call.arg(0));
            if (cls == null) {
                throw XenApiFailure.of(ErrorCodes.HANDLE_INVALID, call.arg(0), call.arg(1));
            }
            return token(store.inject(cls, (String) call.arg(1)));
        });
    }

    private Map<String, Object> from(List<String> subscriptions, String token, double timeoutSeconds)
            throws XenApiFailure, InterruptedException {
        double seconds = Double.isFinite(timeoutSeconds) ? Math.clamp(timeoutSeconds, 0, MAX_TIMEOUT_SECONDS) : 0;
        ObjectStore.Events batch = store.changesSince(generation(token), Subscription.of(subscriptions, store.model()),
                (long) (seconds * 1e9));
        return result(batch);
    }

    private static Map<String, Object> result(ObjectStore.Events batch) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("events", wire(batch.events(), "0.0"));
        result.put("valid_ref_counts", batch.validRefCounts());
        result.put("token", token(batch.generation()));
        return result;
    }

    /** Events as XAPI's {@code event} records: the snapshot left out where there is none. */
    static List<Object> wire(List<ObjectStore.Event> events, String timestamp) {
        List<Object> wire = new ArrayList<>(events.size());
        for (ObjectStore.Event e : events) {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("id", Long.toString(e.generation()));
            event.put("timestamp", timestamp);
            event.put("class", e.cls().toLowerCase(Locale.ROOT));
            event.put("operation", e.change().wire());
            event.put("ref", e.ref());
            if (e.snapshot() != null) {
                event.put("snapshot", e.snapshot());
            }
            wire.add(event);
        }
        return wire;
    }

    private String classNamed(String name) {
        return store.model().find(name).map(ApiClass::name).orElse(null);
    }

    static String token(long generation) {
        return String.format("%020d,%020d", generation, 0);
    }

    private static long generation(String token) throws XenApiFailure {
        if (token.isEmpty()) {
            return 0;
        }
        int comma = token.indexOf(',');
        try {
            return Long.parseLong(comma < 0 ? token : token.substring(0, comma));
        } catch (NumberFormatException e) {
            throw XenApiFailure.of(ErrorCodes.EVENT_FROM_TOKEN_PARSE_FAILURE, token);
        }
    }

    static List<String> strings(Object set) {
        List<String> out = new ArrayList<>();
        for (Object o : (List<?>) set) {
            out.add(String.valueOf(o));
        }
        return out;
    }
}
