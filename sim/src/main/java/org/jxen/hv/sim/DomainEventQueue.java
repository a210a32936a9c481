package org.jxen.hv.sim;

import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import org.jxen.hv.DomainEvent;
import org.jxen.hv.DomainEvents;

/** One subscriber's domain events, queued as the host's thread raises them. */
final class DomainEventQueue implements DomainEvents {
    private final ConcurrentLinkedQueue<DomainEvent> queue = new ConcurrentLinkedQueue<>();
    private final Consumer<DomainEventQueue> onClose;

    DomainEventQueue(Consumer<DomainEventQueue> onClose) {
        this.onClose = onClose;
    }

    void add(DomainEvent event) {
        queue.add(event);
    }

    @Override
    public Optional<DomainEvent> poll() {
        return Optional.ofNullable(queue.poll());
    }

    @Override
    public void close() {
        onClose.accept(this);
    }
}
