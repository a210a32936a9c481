package org.jxen.toolstack.java;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jxen.toolstack.ToolstackEvent;

/** The toolstack's subscribers; an event goes to each, in order, on the thread that caused it. */
final class EventBus {
    private final List<Consumer<ToolstackEvent>> listeners = new CopyOnWriteArrayList<>();

    AutoCloseable subscribe(Consumer<ToolstackEvent> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    void emit(ToolstackEvent event) {
        for (Consumer<ToolstackEvent> l : listeners) {
            l.accept(event);
        }
    }
}
