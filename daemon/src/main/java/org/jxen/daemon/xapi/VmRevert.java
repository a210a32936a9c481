package org.jxen.daemon.xapi;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jxen.api.ErrorCodes;
import org.jxen.api.XenApiFailure;
import org.jxen.daemon.rpc.Handlers;
import org.jxen.daemon.state.ObjectStore;

/**
 * {@code VM.revert(snapshot)}, as XAPI's xapi_vm_snapshot.ml does it: the snapshot's VM (made again
 * from the snapshot when it was destroyed) is halted if it is not, takes the snapshot's settings,
 * gets copies of the snapshot's disks in place of the disks they are snapshots of (its other disks
 * stay on the SR, unattached), the snapshot's CD drives and VIFs (MACs kept), and the snapshot's
 * power state: a checkpoint leaves it {@code Suspended} with a copy of the checkpoint's memory, for
 * {@code VM.resume}. The snapshot itself is unchanged, so it can be reverted to again.
 *
 * <p>The copies are made before anything of the VM is touched, even before it is shut down: a full
 * SR fails the revert ({@code SR_FULL}) with the VM as it was, running or not, where XAPI shuts it
 * down and deletes its disks first to make room.
 */
final class VmRevert {
    /**
     * What a VM keeps of its own: XAPI's list for a snapshot without {@code snapshot_metadata}
     * ({@code extended_do_not_copy}), as jxend's snapshots hold the VM's settings in their own
     * record; and what jxend's store derives.
     */
    private static final Set<String> KEPT = Set.of("uuid", "name_label", "power_state", "domid", "resident_on",
            "metrics", "guest_metrics", "VBDs", "VIFs", "consoles", "snapshots", "children", "current_operations",
            "allowed_operations", "suspend_VDI", "is_a_template", "is_default_template", "is_control_domain",
            "is_a_snapshot", "snapshot_of", "snapshot_time", "parent", "tags", "affinity", "groups", "VTPMs", "VUSBs",
            "VGPUs", "attached_PCIs", "crash_dumps", "snapshot_info", "snapshot_metadata", "transportable_snapshot_id",
            "blobs", "scheduled_to_be_resident_on", "protection_policy", "snapshot_schedule", "is_snapshot_from_vmpp",
            "is_vmss_snapshot", "appliance");

    private final ObjectStore store;
    private final Storage storage;
    private final Devices devices;
    private final VmLocks locks;
    private final VmCalls calls;
    private final PowerStates states;

    VmRevert(ObjectStore store, Storage storage, Devices devices, VmLocks locks, VmCalls calls, PowerStates states) {
        this.store = store;
        this.storage = storage;
        this.devices = devices;
        this.locks = locks;
        this.calls = calls;
        this.states = states;
    }

    void register(Handlers h) {
        h.on("VM.revert", call -> revert(call.ref(0)));
    }

    private Object revert(String snapshot) throws XenApiFailure, InterruptedException {
        return locks.with(snapshot, "revert", () -> {
            Map<String, Object> snap = store.record("VM", snapshot);
            if (!Boolean.TRUE.equals(snap.get("is_a_snapshot"))) {
                throw XenApiFailure.of(ErrorCodes.REVERT_ONLY_ALLOWED_ON_SNAPSHOT);
            }
            String of = (String) snap.get("snapshot_of");
            String vm = store.exists("VM", of) ? of : recreate(snap);
            return locks.with(vm, "reverting", () -> {
                Copies copies = copy(snapshot, snap, vm);
                try {
                    calls.hardShutdownHeld(vm);
                } catch (XenApiFailure | RuntimeException e) {
                    discard(copies.made());
                    throw e;
                }
                store.atomically(() -> {
                    replace(vm, snapshot, snap, copies);
                    return null;
                });
                return null;
            });
        });
    }

    /** A VM again for a snapshot whose VM was destroyed, as XAPI's create_vm_from_snapshot; its other snapshots follow. */
    private String recreate(Map<String, Object> snap) throws XenApiFailure {
        String gone = (String) snap.get("snapshot_of");
        return store.atomically(() -> {
            Map<String, Object> r = new LinkedHashMap<>(snap);
            KEPT.forEach(r::remove);
            r.put("name_label", snap.get("name_label"));
            r.put("power_state", "Halted");
            r.put("domid", -1L);
            r.put("metrics", store.create("VM_metrics", Map.of()));
            r.put("allowed_operations", VmOperations.allowed("Halted", r));
            String vm = store.create("VM", r);
            for (Map.Entry<String, Map<String, Object>> other : store.records("VM").entrySet()) {
                if (gone.equals(other.getValue().get("snapshot_of"))) {
                    store.set("VM", other.getKey(), "snapshot_of", vm);
                }
            }
            return vm;
        });
    }

    /** The copies of the snapshot's disks (by the snapshot's VBD) and of its memory image (or null). */
    private record Copies(Map<String, String> disks, String memory) {
        List<String> made() {
            List<String> all = new ArrayList<>(disks.values());
            if (memory != null) {
                all.add(memory);
            }
            return all;
        }
    }

    private void discard(List<String> copies) throws XenApiFailure {
        for (String copy : copies) {
            storage.destroy(copy);
        }
    }

    /** Copies the snapshot's disks and memory; a failure deletes the copies made. */
    private Copies copy(String snapshot, Map<String, Object> snap, String vm) throws XenApiFailure {
        Map<String, String> disks = new LinkedHashMap<>();
        String memory = null;
        try {
            for (Object vbd : (List<?>) snap.get("VBDs")) {
                Map<String, Object> b = store.record("VBD", (String) vbd);
                if ("Disk".equals(b.get("type")) && store.exists("VDI", (String) b.get("VDI"))) {
                    disks.put((String) vbd, storage.copy((String) b.get("VDI"), Map.of("is_a_snapshot", false,
                            "snapshot_of", "OpaqueRef:NULL", "snapshot_time", Instant.EPOCH)));
                }
            }
            if (store.exists("VDI", (String) snap.get("suspend_VDI"))) {
                memory = storage.copy((String) snap.get("suspend_VDI"), Map.of());
            }
            return new Copies(disks, memory);
        } catch (XenApiFailure | RuntimeException e) {
            discard(new Copies(disks, memory).made());
            if (e instanceof XenApiFailure f && f.code().equals(ErrorCodes.SR_FULL)) {
                throw f;
            }
            throw XenApiFailure.of(ErrorCodes.VM_REVERT_FAILED, snapshot, vm);
        }
    }

    /** The VM's settings, devices and power state become the snapshot's (with the disk copies in place of its disks). */
    private void replace(String vm, String snapshot, Map<String, Object> snap, Copies copies) throws XenApiFailure {
        Map<String, Object> r = store.record("VM", vm);
        Set<String> snapshotted = new HashSet<>();
        for (String vbd : copies.disks().keySet()) {
            snapshotted.add((String) store.field("VDI", (String) store.field("VBD", vbd, "VDI"), "snapshot_of"));
        }
        repointSnapshots(copies);
        for (Object vbd : (List<?>) r.get("VBDs")) {
            String vdi = (String) store.field("VBD", (String) vbd, "VDI");
            store.destroy("VBD", (String) vbd);
            if (snapshotted.contains(vdi) && store.exists("VDI", vdi)) {
                storage.destroy(vdi); // the disk this snapshot has a copy of is replaced by a copy of the copy
            }
        }
        for (Object vif : (List<?>) r.get("VIFs")) {
            store.destroy("VIF", (String) vif);
        }
        if (store.exists("VDI", (String) r.get("suspend_VDI"))) {
            storage.destroy((String) r.get("suspend_VDI"));
        }
        Map<String, Object> settings = new LinkedHashMap<>(snap);
        KEPT.forEach(settings::remove);
        settings.put("ha_always_run", false);
        settings.put("parent", snapshot);
        settings.put("suspend_VDI", "OpaqueRef:NULL");
        store.set("VM", vm, settings);
        String guestMetrics = (String) r.get("guest_metrics");
        if (store.exists("VM_guest_metrics", guestMetrics)) {
            store.destroy("VM_guest_metrics", guestMetrics);
            store.set("VM", vm, "guest_metrics", "OpaqueRef:NULL");
        }
        for (Object vbd : (List<?>) snap.get("VBDs")) {
            devices.createVbd(vbdFor(vm, store.record("VBD", (String) vbd), copies.disks().get(vbd)));
        }
        for (Object vif : (List<?>) snap.get("VIFs")) {
            devices.createVif(vifFor(vm, store.record("VIF", (String) vif)));
        }
        if (copies.memory() != null) {
            states.suspended(vm, copies.memory());
        } else {
            states.halted(vm);
        }
    }

    /** The snapshots of a disk now replaced are snapshots of its replacement, as XAPI re-points them. */
    private void repointSnapshots(Copies copies) throws XenApiFailure {
        for (Map.Entry<String, String> e : copies.disks().entrySet()) {
            String was = (String) store.field("VDI", (String) store.field("VBD", e.getKey(), "VDI"), "snapshot_of");
            if (!store.exists("VDI", was)) {
                continue; // its disk is gone: nothing to re-point
            }
            for (Map.Entry<String, Map<String, Object>> vdi : store.records("VDI").entrySet()) {
                if (was.equals(vdi.getValue().get("snapshot_of"))) {
                    store.set("VDI", vdi.getKey(), "snapshot_of", e.getValue());
                }
            }
        }
    }

    private static Map<String, Object> vbdFor(String vm, Map<String, Object> of, String copy) {
        Map<String, Object> b = new LinkedHashMap<>(of);
        b.keySet().retainAll(List.of("userdevice", "bootable", "mode", "type", "unpluggable", "empty", "VDI",
                "other_config", "qos_algorithm_type", "qos_algorithm_params"));
        b.put("VM", vm);
        if (copy != null) {
            b.put("VDI", copy);
        }
        return b;
    }

    private static Map<String, Object> vifFor(String vm, Map<String, Object> of) {
        Map<String, Object> v = new LinkedHashMap<>(of);
        v.keySet().retainAll(List.of("device", "network", "MAC", "MTU", "other_config", "qos_algorithm_type",
                "qos_algorithm_params", "locking_mode", "ipv4_allowed", "ipv6_allowed"));
        v.put("VM", vm);
        return v;
    }
}
