package org.jxen.daemon.host;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The simulated dom0's bridges: {@code xenbr0} on its one physical interface, as on a Xen host set up
 * the usual way, and those jxend makes. The simulated host's backends take any bridge name, so
 * these are only names (a VLAN's interface, the bridge it is on); what a VIF may join is decided as
 * on a real dom0.
 */
final class SimulatedBridges implements Bridges {
    private final Set<String> names = ConcurrentHashMap.newKeySet();
    /** Each VLAN interface, by name, to the bridge it is on. */
    private final Map<String, String> vlans = new ConcurrentHashMap<>();

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
        return !vlans.containsValue(name) && names.remove(name);
    }

    @Override
    public boolean hasVlan(String parent, int tag) {
        return vlans.containsKey(Bridges.vlanInterface(parent, tag));
    }

    @Override
    public void addVlan(String parent, int tag, String bridge) {
        names.add(bridge);
        vlans.put(Bridges.vlanInterface(parent, tag), bridge);
    }

    @Override
    public void removeVlan(String parent, int tag) {
        vlans.remove(Bridges.vlanInterface(parent, tag));
    }
}
