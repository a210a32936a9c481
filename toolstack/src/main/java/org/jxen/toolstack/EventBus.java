package org.jxen.toolstack;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** The toolstack's subscribers; an event goes to each, in order, on the thread that caused it. */
public final class EventBus {
    private final List<Consumer<ToolstackEvent>> listeners = new CopyOnWriteArrayList<>();

    public AutoCloseable subscribe(Consumer<ToolstackEvent> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    public void emit(ToolstackEvent event) {
        for (Consumer<ToolstackEvent> l : listeners) {
            l.accept(event);
        }
    }
}
