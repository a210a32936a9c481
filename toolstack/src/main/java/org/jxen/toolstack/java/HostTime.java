package org.jxen.toolstack.java;

import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * How the toolstack lets time pass while it waits for a host's other parties (backends,
 * guests): on a real host it waits in real time; on the simulated host it runs the host, whose
 * virtual clock is then the toolstack's clock too. One implementation per kind of host; the
 * toolstack never reads a clock of its own.
 */
public interface HostTime {
    /** Now, in ns on the host's clock. */
    long nowNs();

    /**
     * Lets the host run until {@code done} holds or {@code timeoutNs} have passed on its clock;
     * true if {@code done} held. {@code done} is checked at once, and again each time the host
     * has run a little.
     */
    boolean await(BooleanSupplier done, long timeoutNs);

    /** How a host runs until something holds: {@link #await}'s shape, e.g. {@code SimHost::runUntil}. */
    @FunctionalInterface
    interface Runner {
        boolean runUntil(BooleanSupplier done, long timeoutNs);
    }

    /** A host's time from its clock and its way of running: {@code HostTime.of(host::now, host::runUntil)}. */
    static HostTime of(LongSupplier clock, Runner runner) {
        return new HostTime() {
            @Override
            public long nowNs() {
                return clock.getAsLong();
            }

            @Override
            public boolean await(BooleanSupplier done, long timeoutNs) {
                return runner.runUntil(done, timeoutNs);
            }
        };
    }
}
