package org.jxen.hv;

import java.util.Optional;

/** A subscription to {@link DomainEvent}s, in the order they happened; thread-safe. */
public interface DomainEvents extends AutoCloseable {
    /** The next event, if one has happened since the last. */
    Optional<DomainEvent> poll();

    /** Ends the subscription. */
    @Override
    void close();
}
