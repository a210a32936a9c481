package org.jxen.hv.sim;

/**
 * Receives the simulated host's event trace: every scheduling decision and every change to a
 * domain, with its virtual time. The same topology, seed and calls give the same trace.
 */
@FunctionalInterface
public interface SimTrace {
    void record(long timeNs, String event);
}
