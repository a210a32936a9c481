package org.jxen.toolstack.java;

import java.util.List;
import org.jxen.hv.HypervisorException;

/** Where a guest's console output comes from: xenconsoled's log on a real host, the guest model on the simulated one. */
@FunctionalInterface
public interface GuestConsoles {
    List<String> lines(int domid) throws HypervisorException;
}
