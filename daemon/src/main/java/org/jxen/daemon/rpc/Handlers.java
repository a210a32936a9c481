package org.jxen.daemon.rpc;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jxen.api.XenApiFailure;
import org.jxen.api.model.Message;

/** The messages jxend implements, by wire name ({@code VM.start}); the rest are unknown to clients. */
public final class Handlers {
    private final Map<String, Handler> byMethod = new TreeMap<>();

    public void on(String method, Handler handler) {
        if (byMethod.putIfAbsent(method, handler) != null) {
            throw new IllegalStateException("two handlers for " + method);
        }
    }

    /** Work that follows a call that succeeded, given the call and its result. */
    @FunctionalInterface
    public interface After {
        void done(Call call, Object result) throws XenApiFailure;
    }

    /** Runs {@code after} each time {@code method}'s handler returns (not when it fails). */
    public void after(String method, After after) {
        Handler inner = byMethod.get(method);
        if (inner == null) {
            throw new IllegalStateException("no handler for " + method + " to follow");
        }
        byMethod.put(method, call -> {
            Object result = inner.handle(call);
            after.done(call, result);
            return result;
        });
    }

    /** jxend's own calls beside XenAPI's ({@code jxen.*}), with the message the model has no entry for. */
    public record Extension(String cls, Message message, Handler handler) {
    }

    private final Map<String, Extension> extensions = new TreeMap<>();

    public void extend(String cls, Message message, Handler handler) {
        if (extensions.putIfAbsent(cls + "." + message.name(), new Extension(cls, message, handler)) != null) {
            throw new IllegalStateException("two handlers for " + cls + "." + message.name());
        }
    }

    public Iterable<Extension> extensions() {
        return extensions.values();
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
