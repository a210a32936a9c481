package org.jxen.daemon.xapi;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;
import org.jxen.api.ErrorCodes;
import org.jxen.api.XenApiFailure;
import org.jxen.daemon.host.Bridges;
import org.jxen.daemon.rpc.Handlers;
import org.jxen.daemon.state.ObjectStore;

/**
 * Networks as XAPI makes and removes them (xapi_network.ml, v26.13.0). A network made by
 * {@code network.create} has no PIF: it is internal to the host, its bridge {@code xapiN} unless
 * the client names one, and the bridge is made in dom0 when a VIF first joins it (XAPI's
 * {@code attach_internal}) and taken away with the network. A network with the host's interfaces
 * on it (PIFs) has the administrator's bridge or, for a VLAN, one jxend makes ({@link Vlans}); an
 * unmanaged one ({@code managed=false}) must name a bridge dom0 already has.
 */
final class Networks {
    private static final Logger LOG = Logger.getLogger(Networks.class.getName());
    /** Prefixes of the bridges dom0 and XAPI name themselves: a client may not take one (XAPI's bridge_blacklist). */
    private static final List<String> RESERVED_PREFIXES = List.of("xen", "xapi", "vif", "tap", "eth");
    /** Linux's longest interface name (IFNAMSIZ less its NUL). */
    private static final int MAX_BRIDGE_NAME = 15;
    private static final String INTERNAL_STEM = "xapi";

    private final ObjectStore store;
    private final Bridges bridges;
    private final Vlans vlans;

    Networks(ObjectStore store, Bridges bridges, Vlans vlans) {
        this.store = store;
        this.bridges = bridges;
        this.vlans = vlans;
    }

    @SuppressWarnings("unchecked")
    void register(Handlers h) {
        h.on("network.create", call -> create(new LinkedHashMap<>((Map<String, Object>) call.arg(0))));
        h.on("network.destroy", call -> {
            destroy(call.ref(0));
            return null;
        });
        h.on("network.attach", call -> {
            store.record("host", call.ref(1));
            bridge(call.ref(0));
            return null;
        });
    }

    private String create(Map<String, Object> fields) throws XenApiFailure {
        return store.atomically(() -> {
            Set<String> taken = new HashSet<>();
            store.records("network").values().forEach(n -> taken.add((String) n.get("bridge")));
            String bridge = (String) fields.getOrDefault("bridge", "");
            if (bridge.isEmpty()) {
                int n = 0;
                while (taken.contains(INTERNAL_STEM + n)) {
                    n++;
                }
                bridge = INTERNAL_STEM + n;
            } else {
                String given = bridge;
                if (given.length() > MAX_BRIDGE_NAME || RESERVED_PREFIXES.stream().anyMatch(given::startsWith)) {
                    throw XenApiFailure.of(ErrorCodes.INVALID_VALUE, "bridge", given);
                }
                if (taken.contains(given)) {
                    throw XenApiFailure.of(ErrorCodes.BRIDGE_NAME_EXISTS, given);
                }
            }
            fields.put("bridge", bridge);
            if (fields.get("MTU") instanceof Long mtu && mtu <= 0) {
                fields.put("MTU", 1500L);
            }
            return store.create("network", fields);
        });
    }

    /**
     * Refuses while a VIF is plugged in or a PIF is on the network; removes the VIFs of VMs that do not
     * run, the network, and the bridge jxend made for it.
     */
    private void destroy(String network) throws XenApiFailure {
        Map<String, Object> r = store.atomically(() -> {
            Map<String, Object> n = store.record("network", network);
            List<Object> plugged = new ArrayList<>();
            for (Object vif : (List<?>) n.get("VIFs")) {
                if (Boolean.TRUE.equals(store.field("VIF", (String) vif, "currently_attached"))) {
                    plugged.add(vif);
                }
            }
            if (!plugged.isEmpty()) {
                throw XenApiFailure.of(ErrorCodes.NETWORK_CONTAINS_VIF, plugged.toArray());
            }
            List<?> pifs = (List<?>) n.get("PIFs");
            if (!pifs.isEmpty()) {
                throw XenApiFailure.of(ErrorCodes.NETWORK_CONTAINS_PIF, pifs.toArray());
            }
            for (Object vif : (List<?>) n.get("VIFs")) {
                store.destroy("VIF", (String) vif);
            }
            store.destroy("network", network);
            return n;
        });
        if (isInternal(r)) {
            String bridge = (String) r.get("bridge");
            try {
                bridges.removeIfUnused(bridge);
            } catch (IOException e) { // the network is gone all the same, as in XAPI; the bridge is left to the administrator
                LOG.warning("network " + r.get("uuid") + " removed, its bridge " + bridge + " left: " + e.getMessage());
            }
        }
    }

    /**
     * The bridge a VIF on {@code network} joins, ready in dom0: made now for an internal network, with
     * its VLAN interface for a VLAN's network (its PIF plugged), and {@code BRIDGE_NOT_AVAILABLE} for an
     * unmanaged network whose bridge dom0 does not have.
     */
    String bridge(String network) throws XenApiFailure {
        Map<String, Object> r = store.record("network", network);
        String bridge = (String) r.get("bridge");
        if (isInternal(r)) {
            try {
                bridges.create(bridge);
            } catch (IOException e) {
                throw XenApiFailure.of(ErrorCodes.INTERNAL_ERROR, "cannot make bridge " + bridge + " for network "
                        + r.get("uuid") + ": " + e.getMessage());
            }
        } else if (!Boolean.TRUE.equals(r.get("managed"))) {
            if (!bridges.exists(bridge)) {
                throw XenApiFailure.of(ErrorCodes.BRIDGE_NOT_AVAILABLE, bridge);
            }
        } else {
            vlans.plugFor(network);
        }
        return bridge;
    }

    /** A network of jxend's own making: managed, with none of the host's interfaces on it. */
    private static boolean isInternal(Map<String, Object> network) {
        return Boolean.TRUE.equals(network.get("managed")) && ((List<?>) network.get("PIFs")).isEmpty();
    }
}
