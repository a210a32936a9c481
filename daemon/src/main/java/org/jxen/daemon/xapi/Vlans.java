package org.jxen.daemon.xapi;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.jxen.api.ErrorCodes;
import org.jxen.api.XenApiFailure;
import org.jxen.daemon.host.Bridges;
import org.jxen.daemon.rpc.Handlers;
import org.jxen.daemon.state.ObjectStore;

/**
 * VLANs as XAPI makes them (xapi_vlan.ml, xapi_pif.ml, v26.13.0): {@code VLAN.create(tagged_PIF,
 * tag, network)} puts a new PIF on the network (the untagged side: the tagged PIF's device, the VLAN's
 * tag, XAPI's MAC {@code fe:ff:ff:ff:ff:ff}) and plugs it, which in dom0 is the VLAN's interface
 * ({@code eth0.TAG}) on the network's bridge. A VLAN PIF is plugged again when a VIF needs its network
 * and when jxend starts; unplugged, its interface goes (and the bridge, if nothing else is on it).
 * The host's own interface is not brought down: it is how the host is managed.
 */
final class Vlans {
    private static final Logger LOG = Logger.getLogger(Vlans.class.getName());
    /** The MAC XAPI gives a VLAN's untagged PIF. */
    private static final String VLAN_MAC = "fe:ff:ff:ff:ff:ff";
    private static final long MAX_TAG = 4094;

    private final ObjectStore store;
    private final Bridges bridges;

    Vlans(ObjectStore store, Bridges bridges) {
        this.store = store;
        this.bridges = bridges;
    }

    void register(Handlers h) {
        h.on("VLAN.create", call -> create(call.ref(0), (Long) call.arg(1), call.ref(2)));
        h.on("VLAN.destroy", call -> {
            destroy(call.ref(0));
            return null;
        });
        h.on("VLAN.pool_introduce", call -> store.atomically(() -> {
            String vlan = store.create("VLAN", Map.of("tagged_PIF", call.arg(0), "untagged_PIF", call.arg(1), "tag",
                    call.arg(2), "other_config", call.arg(3)));
            store.set("PIF", call.ref(1), "VLAN_master_of", vlan);
            return vlan;
        }));
        h.on("PIF.create_VLAN", call -> untagged(create(basePif(call.ref(2), (String) call.arg(0)), (Long) call.arg(3),
                call.ref(1))));
        h.on("pool.create_VLAN", call -> {
            List<Object> pifs = new ArrayList<>();
            for (String host : store.refs("host")) {
                pifs.add(untagged(create(basePif(host, (String) call.arg(0)), (Long) call.arg(2), call.ref(1))));
            }
            return pifs;
        });
        h.on("pool.create_VLAN_from_PIF", call -> {
            List<Object> pifs = new ArrayList<>();
            for (Object tagged : (List<?>) store.field("network", (String) store.field("PIF", call.ref(0), "network"),
                    "PIFs")) {
                pifs.add(untagged(create((String) tagged, (Long) call.arg(2), call.ref(1))));
            }
            return pifs;
        });
        h.on("PIF.destroy", call -> { // deprecated: VLAN.destroy of the PIF's VLAN
            Map<String, Object> pif = store.record("PIF", call.ref(0));
            if ((Long) pif.get("VLAN") < 0) {
                throw XenApiFailure.of(ErrorCodes.PIF_IS_PHYSICAL);
            }
            destroy((String) pif.get("VLAN_master_of"));
            return null;
        });
        h.on("PIF.plug", call -> {
            plug(call.ref(0));
            return null;
        });
        h.on("PIF.unplug", call -> {
            unplug(call.ref(0));
            return null;
        });
    }

    /** The host's PIF of {@code device} without a VLAN tag, or {@code INVALID_VALUE [device, DEVICE]}. */
    private String basePif(String host, String device) throws XenApiFailure {
        for (Object pif : (List<?>) store.field("host", host, "PIFs")) {
            Map<String, Object> r = store.record("PIF", (String) pif);
            if (device.equals(r.get("device")) && (Long) r.get("VLAN") == -1) {
                return (String) pif;
            }
        }
        throw XenApiFailure.of(ErrorCodes.INVALID_VALUE, "device", device);
    }

    private String untagged(String vlan) throws XenApiFailure {
        return (String) store.field("VLAN", vlan, "untagged_PIF");
    }

    /** XAPI's checks, in its order, then the two records, then the plug; a failed plug leaves nothing. */
    private String create(String tagged, long tag, String network) throws XenApiFailure {
        String[] made = store.atomically(() -> {
            Map<String, Object> n = store.record("network", network);
            if (!Boolean.TRUE.equals(n.get("managed"))) {
                throw XenApiFailure.of(ErrorCodes.NETWORK_UNMANAGED, network);
            }
            Map<String, Object> t = store.record("PIF", tagged);
            for (Object other : (List<?>) n.get("PIFs")) {
                if (t.get("host").equals(store.field("PIF", (String) other, "host"))) {
                    throw XenApiFailure.of(ErrorCodes.NETWORK_ALREADY_CONNECTED, t.get("host"), other);
                }
            }
            if (!Boolean.TRUE.equals(t.get("managed"))) {
                throw XenApiFailure.of(ErrorCodes.PIF_UNMANAGED, tagged);
            }
            if (!"OpaqueRef:NULL".equals(t.get("VLAN_master_of"))) {
                throw XenApiFailure.of(ErrorCodes.PIF_IS_VLAN, tagged);
            }
            if (tag < 0 || tag > MAX_TAG) {
                throw XenApiFailure.of(ErrorCodes.VLAN_TAG_INVALID, Long.toString(tag));
            }
            String device = (String) t.get("device");
            for (Object vlan : (List<?>) t.get("VLAN_slave_of")) {
                if ((Long) store.field("VLAN", (String) vlan, "tag") == tag) {
                    throw XenApiFailure.of(ErrorCodes.PIF_VLAN_EXISTS, device);
                }
            }
            if (bridges.hasVlan(device, (int) tag)) {
                throw XenApiFailure.of(ErrorCodes.VLAN_IN_USE, device, Long.toString(tag));
            }
            Map<String, Object> pif = new LinkedHashMap<>();
            pif.put("device", device);
            pif.put("network", network);
            pif.put("host", t.get("host"));
            pif.put("MAC", VLAN_MAC);
            pif.put("MTU", t.get("MTU"));
            pif.put("VLAN", tag);
            pif.put("metrics", t.get("metrics"));
            pif.put("physical", false);
            pif.put("currently_attached", false);
            pif.put("primary_address_type", t.get("primary_address_type"));
            String untagged = store.create("PIF", pif);
            String vlan = store.create("VLAN", Map.of("tagged_PIF", tagged, "untagged_PIF", untagged, "tag", tag));
            store.set("PIF", untagged, "VLAN_master_of", vlan);
            return new String[] {vlan, untagged};
        });
        try {
            plug(made[1]);
        } catch (XenApiFailure e) {
            store.atomically(() -> {
                store.destroy("VLAN", made[0]);
                store.destroy("PIF", made[1]);
                return null;
            });
            throw e;
        }
        return made[0];
    }

    private void destroy(String vlan) throws XenApiFailure {
        String untagged = (String) store.field("VLAN", vlan, "untagged_PIF");
        if (store.exists("PIF", untagged)) {
            if ((Long) store.field("PIF", untagged, "VLAN") < 0) {
                throw XenApiFailure.of(ErrorCodes.PIF_IS_PHYSICAL);
            }
            unplug(untagged);
        }
        store.atomically(() -> {
            store.destroy("VLAN", vlan);
            if (store.exists("PIF", untagged)) {
                store.destroy("PIF", untagged);
            }
            return null;
        });
    }

    /** Brings a VLAN PIF's interface up on its network's bridge; the host's own interface is up already. */
    void plug(String pif) throws XenApiFailure {
        Map<String, Object> r = store.record("PIF", pif);
        if (!Boolean.TRUE.equals(r.get("managed"))) {
            throw XenApiFailure.of(ErrorCodes.PIF_UNMANAGED, pif);
        }
        if ((Long) r.get("VLAN") < 0) {
            return;
        }
        String bridge = (String) store.field("network", (String) r.get("network"), "bridge");
        try {
            bridges.addVlan((String) r.get("device"), ((Long) r.get("VLAN")).intValue(), bridge);
        } catch (IOException e) {
            throw XenApiFailure.of(ErrorCodes.INTERNAL_ERROR, "cannot bring VLAN " + r.get("VLAN") + " of "
                    + r.get("device") + " up on bridge " + bridge + ": " + e.getMessage());
        }
        store.set("PIF", pif, "currently_attached", true);
    }

    /** As XAPI's checks allow: not the host's management interface, no VIF on the network plugged in. */
    private void unplug(String pif) throws XenApiFailure {
        Map<String, Object> r = store.record("PIF", pif);
        if (!Boolean.TRUE.equals(r.get("managed"))) {
            throw XenApiFailure.of(ErrorCodes.PIF_UNMANAGED, pif);
        }
        if (Boolean.TRUE.equals(r.get("management"))) {
            throw XenApiFailure.of(ErrorCodes.PIF_IS_MANAGEMENT_IFACE, pif);
        }
        String network = (String) r.get("network");
        for (Object vif : (List<?>) store.field("network", network, "VIFs")) {
            if (Boolean.TRUE.equals(store.field("VIF", (String) vif, "currently_attached"))) {
                throw XenApiFailure.of(ErrorCodes.VIF_IN_USE, network, vif);
            }
        }
        if (Boolean.TRUE.equals(r.get("disallow_unplug"))) {
            throw XenApiFailure.of(ErrorCodes.PIF_DOES_NOT_ALLOW_UNPLUG, pif);
        }
        if ((Long) r.get("VLAN") < 0) {
            throw XenApiFailure.of(ErrorCodes.OPERATION_NOT_ALLOWED, "jxend does not bring the host's interface "
                    + r.get("device") + " down");
        }
        String bridge = (String) store.field("network", network, "bridge");
        try {
            bridges.removeVlan((String) r.get("device"), ((Long) r.get("VLAN")).intValue());
            bridges.removeIfUnused(bridge);
        } catch (IOException e) {
            throw XenApiFailure.of(ErrorCodes.INTERNAL_ERROR, "cannot take VLAN " + r.get("VLAN") + " of "
                    + r.get("device") + " down: " + e.getMessage());
        }
        store.set("PIF", pif, "currently_attached", false);
    }

    /** A VIF is joining {@code network}: its VLAN PIFs that are not plugged in are plugged now, as XAPI's attach. */
    void plugFor(String network) throws XenApiFailure {
        for (Object pif : (List<?>) store.field("network", network, "PIFs")) {
            if (!Boolean.TRUE.equals(store.field("PIF", (String) pif, "currently_attached"))) {
                plug((String) pif);
            }
        }
    }

    /**
     * At start: the VLAN PIFs the database says are plugged in are brought up again (dom0 may have
     * rebooted, and the simulated host always has); one that cannot be is marked unplugged, with a warning.
     */
    void reconcile() throws XenApiFailure {
        for (String vlan : store.refs("VLAN")) {
            String pif = (String) store.field("VLAN", vlan, "untagged_PIF");
            if (store.exists("PIF", pif) && Boolean.TRUE.equals(store.field("PIF", pif, "currently_attached"))) {
                try {
                    plug(pif);
                } catch (XenApiFailure e) {
                    LOG.warning("VLAN PIF " + store.field("PIF", pif, "uuid") + " left unplugged: "
                            + String.join(" ", e.description()));
                    store.set("PIF", pif, "currently_attached", false);
                }
            }
        }
    }
}
