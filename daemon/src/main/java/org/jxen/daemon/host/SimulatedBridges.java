package org.jxen.daemon.host;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The simulated dom0's bridges: {@code xenbr0} on its one physical interface, as on a Xen host set up
 * the usual way, and those jxend makes. The simulated host's backends take any bridge name, so
 * these are only names; what a VIF may join is decided as on a real dom0.
 */
final class SimulatedBridges implements Bridges {
    private final Set<String> names = ConcurrentHashMap.newKeySet();

    SimulatedBridges() {
        names.add("xenbr0");
    }

    @Override
    public boolean exists(String name) {
        return names.contains(name);
    }

    @Override
    public void create(String name) {
        names.add(name);
    }

    @Override
    public boolean removeIfUnused(String name) {
        return names.remove(name);
    }
}
