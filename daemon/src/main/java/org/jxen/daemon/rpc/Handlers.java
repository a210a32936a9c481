package org.jxen.daemon.rpc;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The messages jxend implements, by wire name ({@code VM.start}); the rest are unknown to clients. */
public final class Handlers {
    private final Map<String, Handler> byMethod = new TreeMap<>();

    public void on(String method, Handler handler) {
        if (byMethod.putIfAbsent(method, handler) != null) {
            throw new IllegalStateException("two handlers for " + method);
        }
    }

    public Optional<Handler> find(String method) {
        return Optional.ofNullable(byMethod.get(method));
    }

    public boolean has(String method) {
        return byMethod.containsKey(method);
    }

    public Iterable<String> methods() {
        return byMethod.keySet();
    }
}
