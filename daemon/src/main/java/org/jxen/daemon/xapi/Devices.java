package org.jxen.daemon.xapi;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.jxen.api.ErrorCodes;
import org.jxen.api.XenApiFailure;
import org.jxen.daemon.rpc.Call;
import org.jxen.daemon.rpc.Handlers;
import org.jxen.config.DomainConfig;
import org.jxen.daemon.state.ObjectStore;
import org.jxen.toolstack.Toolstack;
import org.jxen.toolstack.VirtualDisks;
import org.jxen.toolstack.ToolstackException;

/**
 * VBDs and VIFs: a VM's disks and network interfaces as records, and plugging them into (and out
 * of) its running domain through the toolstack, as {@code xl block-attach} and
 * {@code network-attach} do. A VBD's {@code userdevice} N is the guest's {@code xvd} disk N; a
 * VIF's {@code device} N is its NIC N.
 */
final class Devices {
    private static final int MAX_VBDS = 16;
    private static final int MAX_VIFS = 7;
    /** Positions name disks xvda to xvdz. */
    private static final int LAST_LETTER = 26;

    private final ObjectStore store;
    private final Toolstack toolstack;
    private final VmConfigs configs;
    private final VmLocks locks;
    private final DiskSharing sharing;

    Devices(ObjectStore store, Toolstack toolstack, VmConfigs configs, VmLocks locks, DiskSharing sharing) {
        this.store = store;
        this.toolstack = toolstack;
        this.configs = configs;
        this.locks = locks;
        this.sharing = sharing;
    }

    /**
     * The guest's name for the disk: {@code xvda} for userdevice 0; a userdevice that is a device's
     * name (an xl.cfg's {@code xvda2}, {@code xvdq}, {@code hde}: XAPI takes those too) is that name.
     */
    static String vdev(Map<String, Object> vbd) {
        String userdevice = (String) vbd.get("userdevice");
        return isPosition(userdevice) ? "xvd" + (char) ('a' + Integer.parseInt(userdevice)) : userdevice;
    }

    private static boolean isPosition(String userdevice) {
        return userdevice.matches("[0-9]{1,9}");
    }

    void register(Handlers h) {
        h.on("VBD.create", call -> createVbd(record(call)));
        h.on("VBD.destroy", call -> destroy("VBD", call.ref(0)));
        h.on("VBD.plug", call -> plugVbd(call.ref(0)));
        h.on("VBD.unplug", call -> unplugVbd(call.ref(0)));
        h.on("VBD.unplug_force", call -> unplugVbd(call.ref(0)));
        h.on("VBD.assert_attachable", call -> {
            sharing.assertAttachable(call.ref(0));
            return null;
        });
        h.on("VIF.create", call -> createVif(record(call)));
        h.on("VIF.destroy", call -> destroy("VIF", call.ref(0)));
        h.on("VIF.plug", call -> plugVif(call.ref(0)));
        h.on("VIF.unplug", call -> unplugVif(call.ref(0)));
        h.on("VIF.unplug_force", call -> unplugVif(call.ref(0))); // the toolstack's detach forces after its timeout
        h.on("VIF.move", call -> moveVif(call.ref(0), call.ref(1)));
        h.on("VM.get_allowed_VBD_devices", call -> free(call.ref(0), "VBDs", "VBD", "userdevice", MAX_VBDS));
        h.on("VM.get_allowed_VIF_devices", call -> free(call.ref(0), "VIFs", "VIF", "device", MAX_VIFS));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> record(Call call) {
        return new LinkedHashMap<>((Map<String, Object>) call.arg(0));
    }

    /** Makes a VBD from a coerced record: {@code autodetect} or no userdevice takes the first free one. */
    String createVbd(Map<String, Object> r) throws XenApiFailure {
        return store.atomically(() -> {
            String vm = (String) r.get("VM");
            store.record("VM", vm);
            boolean empty = Boolean.TRUE.equals(r.get("empty"));
            if (!empty) {
                store.record("VDI", (String) r.get("VDI"));
            }
            r.put("userdevice", userdevice(vm, (String) r.get("userdevice")));
            r.put("currently_attached", false);
            r.put("device", "");
            r.put("allowed_operations", vbdOperations("CD".equals(r.get("type")), empty));
            return store.create("VBD", r);
        });
    }

    /**
     * A new VBD's userdevice, checked as XAPI's {@code VBD.create} checks it: {@code autodetect} (or
     * none) the first free position of 16; a position 0-25 ({@code xvda} to {@code xvdz}) or a
     * device's name ({@code INVALID_DEVICE} otherwise), which no other disk of the VM may have under
     * any of its names ({@code DEVICE_ALREADY_EXISTS}: position 1 is {@code xvdb}).
     */
    private String userdevice(String vm, String asked) throws XenApiFailure {
        List<String> free = free(vm, "VBDs", "VBD", "userdevice", MAX_VBDS);
        if (asked == null || asked.isEmpty() || asked.equals("autodetect")) {
            if (free.isEmpty()) {
                throw XenApiFailure.of(ErrorCodes.INVALID_DEVICE, asked == null ? "" : asked);
            }
            return free.getFirst();
        }
        boolean valid = isPosition(asked) ? Integer.parseInt(asked) < LAST_LETTER : VirtualDisks.devid(asked).isPresent();
        if (!valid) {
            throw XenApiFailure.of(ErrorCodes.INVALID_DEVICE, asked);
        }
        int devid = VirtualDisks.devid(vdev(Map.of("userdevice", asked))).orElseThrow();
        for (Object vbd : (List<?>) store.field("VM", vm, "VBDs")) {
            if (VirtualDisks.devid(vdev(store.record("VBD", (String) vbd))).orElse(-1) == devid) {
                throw XenApiFailure.of(ErrorCodes.DEVICE_ALREADY_EXISTS, asked);
            }
        }
        return asked;
    }

    /** What a VBD allows: a CD drive also a medium's insert when empty, its eject when not. */
    static List<String> vbdOperations(boolean cd, boolean empty) {
        List<String> ops = new ArrayList<>(List.of("attach", "plug", "unplug", "unplug_force"));
        if (cd) {
            ops.add(empty ? "insert" : "eject");
        }
        return ops;
    }

    /** Makes a VIF from a coerced record: no device takes the first free one, no MAC gets a random Xen one. */
    String createVif(Map<String, Object> r) throws XenApiFailure {
        return store.atomically(() -> {
            String vm = (String) r.get("VM");
            store.record("VM", vm);
            Object mtu = store.field("network", (String) r.get("network"), "MTU");
            String device = (String) r.get("device");
            List<String> free = free(vm, "VIFs", "VIF", "device", MAX_VIFS);
            if (device == null || device.isEmpty()) {
                if (free.isEmpty()) {
                    throw XenApiFailure.of(ErrorCodes.INVALID_DEVICE, "");
                }
                device = free.getFirst();
            } else if (!isPosition(device)) {
                throw XenApiFailure.of(ErrorCodes.INVALID_DEVICE, device); // as xapi_vif_helpers: any unsigned number
            } else if (used(vm, "VIFs", "VIF", "device").contains(Integer.toString(Integer.parseInt(device)))) {
                throw XenApiFailure.of(ErrorCodes.DEVICE_ALREADY_EXISTS, device);
            }
            String mac = (String) r.get("MAC");
            r.put("MAC_autogenerated", mac == null || mac.isEmpty());
            if (mac == null || mac.isEmpty()) {
                r.put("MAC", randomMac());
            }
            if (!(r.get("MTU") instanceof Long m) || m == 0) {
                r.put("MTU", mtu);
            }
            r.put("device", device);
            r.put("currently_attached", false);
            r.put("allowed_operations", List.of("attach", "plug", "unplug"));
            return store.create("VIF", r);
        });
    }

    /** A Xen MAC address (00:16:3e, Xen's prefix) with random low bytes, as xl makes them. */
    private static String randomMac() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return String.format("00:16:3e:%02x:%02x:%02x", r.nextInt(256), r.nextInt(128), r.nextInt(256));
    }

    private Object destroy(String cls, String ref) throws XenApiFailure {
        if (Boolean.TRUE.equals(store.field(cls, ref, "currently_attached"))) {
            throw XenApiFailure.of(ErrorCodes.OPERATION_NOT_ALLOWED, cls + " " + ref + " is plugged in: unplug it first");
        }
        store.destroy(cls, ref);
        return null;
    }

    /** What plugging a device in or out does to its VM's domain. */
    @FunctionalInterface
    private interface DomainChange {
        void apply(int domid, Map<String, Object> device) throws ToolstackException, XenApiFailure;
    }

    /** What a plug holds while it plugs a device in: a disk's {@link DiskSharing} reservation. */
    @FunctionalInterface
    private interface Holding {
        DiskSharing.Reservation hold(String ref) throws XenApiFailure;

        Holding NOTHING = ref -> () -> { };
    }

    /**
     * Plugs device {@code ref} of class {@code cls} in or out of its VM's running domain under the VM's
     * lock, holding what {@code holding} takes for it until it is recorded as {@code after} of it.
     */
    private Object plug(String cls, String ref, boolean in, Holding holding, DomainChange change,
            java.util.function.Function<Map<String, Object>, Map<String, Object>> after)
            throws XenApiFailure, InterruptedException {
        Map<String, Object> r = store.record(cls, ref);
        String vm = (String) r.get("VM");
        return locks.with(vm, cls + (in ? ".plug" : ".unplug"), () -> {
            int domid = in ? runningDomain(vm, ref, r) : pluggedDomain(vm, ref, r);
            try (DiskSharing.Reservation held = holding.hold(ref)) {
                try {
                    change.apply(domid, r);
                } catch (ToolstackException e) {
                    throw VmFailures.of(e, vm);
                }
                store.set(cls, ref, after.apply(r));
            }
            return null;
        });
    }

    Object plugVbd(String vbd) throws XenApiFailure, InterruptedException {
        return plug("VBD", vbd, true, ref -> sharing.reserve(List.of(ref)),
                (domid, r) -> toolstack.attachDisk(domid, configs.disk(r)),
                r -> Map.of("currently_attached", true, "device", vdev(r)));
    }

    Object unplugVbd(String vbd) throws XenApiFailure, InterruptedException {
        return plug("VBD", vbd, false, Holding.NOTHING, (domid, r) -> toolstack.detachDisk(domid, vdev(r)),
                r -> Map.of("currently_attached", false, "device", ""));
    }

    private Object plugVif(String vif) throws XenApiFailure, InterruptedException {
        return plug("VIF", vif, true, Holding.NOTHING, (domid, r) -> toolstack.attachNic(domid, configs.nic(r, device(r))),
                r -> Map.of("currently_attached", true));
    }

    private Object unplugVif(String vif) throws XenApiFailure, InterruptedException {
        return plug("VIF", vif, false, Holding.NOTHING, (domid, r) -> toolstack.detachNic(domid, device(r)),
                r -> Map.of("currently_attached", false));
    }

    /**
     * XAPI's {@code VIF.move}: onto another network. A plugged VIF is unplugged from its bridge and
     * plugged into the new network's (libxl has no call that moves a backend); the new bridge is
     * checked first, and if the guest cannot take the NIC back there it gets the old one again.
     */
    private Object moveVif(String vif, String network) throws XenApiFailure, InterruptedException {
        store.record("network", network);
        Map<String, Object> r = store.record("VIF", vif);
        if (!Boolean.TRUE.equals(r.get("currently_attached"))) {
            store.set("VIF", vif, "network", network);
            return null;
        }
        String vm = (String) r.get("VM");
        return locks.with(vm, "VIF.move", () -> {
            int domid = pluggedDomain(vm, vif, r);
            Map<String, Object> moved = new LinkedHashMap<>(r);
            moved.put("network", network);
            DomainConfig.Nic before = configs.nic(r, device(r));
            DomainConfig.Nic after = configs.nic(moved, device(r));
            try {
                toolstack.detachNic(domid, device(r));
            } catch (ToolstackException e) {
                throw VmFailures.of(e, vm);
            }
            try {
                toolstack.attachNic(domid, after);
            } catch (ToolstackException e) {
                try {
                    toolstack.attachNic(domid, before);
                } catch (ToolstackException again) {
                    store.set("VIF", vif, "currently_attached", false);
                }
                throw VmFailures.of(e, vm);
            }
            store.set("VIF", vif, "network", network);
            return null;
        });
    }

    private static int device(Map<String, Object> vif) {
        return Integer.parseInt((String) vif.get("device"));
    }

    private int runningDomain(String vm, String device, Map<String, Object> r) throws XenApiFailure {
        if (Boolean.TRUE.equals(r.get("currently_attached"))) {
            throw XenApiFailure.of(ErrorCodes.DEVICE_ALREADY_ATTACHED, device);
        }
        return domid(vm);
    }

    private int pluggedDomain(String vm, String device, Map<String, Object> r) throws XenApiFailure {
        if (!Boolean.TRUE.equals(r.get("currently_attached"))) {
            throw XenApiFailure.of(ErrorCodes.DEVICE_ALREADY_DETACHED, device);
        }
        return domid(vm);
    }

    private int domid(String vm) throws XenApiFailure {
        Map<String, Object> r = store.record("VM", vm);
        String state = (String) r.get("power_state");
        if (!state.equals("Running")) {
            throw XenApiFailure.of(ErrorCodes.VM_BAD_POWER_STATE, vm, "running", state.toLowerCase(java.util.Locale.ROOT));
        }
        return ((Long) r.get("domid")).intValue();
    }

    /** The device numbers below {@code max} that none of the VM's devices of {@code cls} uses. */
    private List<String> free(String vm, String setField, String cls, String numberField, int max)
            throws XenApiFailure {
        Set<String> used = used(vm, setField, cls, numberField);
        List<String> free = new ArrayList<>();
        for (int n = 0; n < max; n++) {
            if (!used.contains(Integer.toString(n))) {
                free.add(Integer.toString(n));
            }
        }
        return free;
    }

    private Set<String> used(String vm, String setField, String cls, String numberField) throws XenApiFailure {
        Set<String> used = new HashSet<>();
        for (Object d : (List<?>) store.field("VM", vm, setField)) {
            used.add((String) store.field(cls, (String) d, numberField));
        }
        return used;
    }
}
