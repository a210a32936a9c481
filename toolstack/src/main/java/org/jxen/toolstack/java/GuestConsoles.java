package org.jxen.toolstack.java;

import org.jxen.hv.ConsoleOutput;
import org.jxen.hv.HypervisorException;

/**
 * Where a guest's console output comes from, as the bytes went through its ring: xenconsoled's log
 * on a real host, the guest model on the simulated one.
 */
@FunctionalInterface
public interface GuestConsoles {
    /** What the guest printed from offset {@code from} on. */
    ConsoleOutput output(int domid, long from) throws HypervisorException;
}
