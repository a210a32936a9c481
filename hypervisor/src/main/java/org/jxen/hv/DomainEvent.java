package org.jxen.hv;

/**
 * What a toolstack learns from VIRQ_DOM_EXC and the domain info after it: a domain shut down (with
 * its reason), became dying (destroyed, but its pages or ports still held), or is gone.
 */
public sealed interface DomainEvent {
    int domid();

    record ShutDown(int domid, ShutdownReason reason) implements DomainEvent {
    }

    record Dying(int domid) implements DomainEvent {
    }

    record Gone(int domid) implements DomainEvent {
    }
}
