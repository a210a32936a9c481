package org.jxen.daemon.xapi;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jxen.api.ErrorCodes;
import org.jxen.api.XenApiFailure;
import org.jxen.daemon.rpc.Handlers;
import org.jxen.daemon.state.ObjectStore;

/**
 * New VMs from old ones: {@code clone} and {@code copy} (a template's clone is a template until
 * it is provisioned or the client says otherwise, as on XAPI), {@code snapshot} (a template marked
 * as a snapshot of its VM), and {@code provision}, which makes the clone a VM with the disks a
 * template's {@code other_config:disks} describes. Disks are copied whole: the file SR has no copy-on-write.
 */
final class VmCopies {
    /** One {@code <disk .../>} of XAPI's provision XML. */
    private static final Pattern DISK = Pattern.compile("<disk\\s([^>]*)/>");
    private static final Pattern ATTRIBUTE = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    /** What a VM's record keeps of where it came from, but not its identity or its life. */
    private static final List<String> NOT_COPIED = List.of("uuid", "power_state", "domid", "resident_on", "metrics",
            "guest_metrics", "VBDs", "VIFs", "consoles", "snapshots", "children", "current_operations",
            "allowed_operations", "suspend_VDI", "is_default_template", "is_control_domain", "snapshot_of",
            "snapshot_time", "is_a_snapshot", "parent", "VTPMs", "VUSBs", "VGPUs", "attached_PCIs", "crash_dumps",
            "snapshot_info", "snapshot_metadata", "transportable_snapshot_id", "blobs");

    private final ObjectStore store;
    private final Storage storage;
    private final Devices devices;
    private final MemoryImages images;
    private final VmLocks locks;
    private final String defaultSr;
    private final Clock clock;

    VmCopies(ObjectStore store, Storage storage, Devices devices, MemoryImages images, VmLocks locks, String defaultSr,
            Clock clock) {
        this.store = store;
        this.storage = storage;
        this.devices = devices;
        this.images = images;
        this.locks = locks;
        this.defaultSr = defaultSr;
        this.clock = clock;
    }

    void register(Handlers h) {
        h.on("VM.clone", call -> copy(call.ref(0), (String) call.arg(1), Map.of(), null));
        // VM.copy's SR takes every disk copy; with no such SR each stays on its own, as XAPI's
        h.on("VM.copy", call -> copy(call.ref(0), (String) call.arg(1), Map.of(), targetSr(call.ref(2))));
        h.on("VM.snapshot", call -> copy(call.ref(0), (String) call.arg(1), Map.of("is_a_snapshot", true,
                "is_a_template", true, "snapshot_of", call.ref(0), "snapshot_time", clock.instant()), null));
        h.on("VM.provision", call -> provision(call.ref(0)));
        h.on("VM.checkpoint", call -> checkpoint(call.ref(0), (String) call.arg(1)));
    }

    /**
     * A snapshot with the running VM's memory, as XAPI's checkpoint: its disks copied, the memory saved
     * (the VM runs on) into the snapshot's suspend VDI, so the snapshot is {@code Suspended}.
     */
    private String checkpoint(String vm, String name) throws XenApiFailure, InterruptedException {
        return locks.with(vm, "checkpoint", () -> {
            Map<String, Object> r = store.record("VM", vm);
            VmCalls.expect(vm, r, "Running");
            String snapshot = copyUnlocked(vm, name, Map.of("is_a_snapshot", true, "is_a_template", true,
                    "snapshot_of", vm, "snapshot_time", clock.instant()), null);
            String memory = images.save(r, true);
            store.set("VM", snapshot, Map.of("power_state", "Suspended", "suspend_VDI", memory));
            return snapshot;
        });
    }

    /**
     * {@code VM.copy}'s SR, as XAPI's xapi_vm.ml reads it: one that does not exist (such as
     * {@code OpaqueRef:NULL}) is null, each disk copied onto its own SR; an ISO library is refused.
     */
    private String targetSr(String sr) throws XenApiFailure {
        if (!store.exists("SR", sr)) {
            return null;
        }
        if (Storage.ISO.equals(store.field("SR", sr, "content_type"))) {
            throw XenApiFailure.of(ErrorCodes.OPERATION_NOT_ALLOWED, "Cannot copy a VM's disks to an ISO SR");
        }
        return sr;
    }

    /** A copy of {@code vm} named {@code name}, marked with {@code marks}, its disks copied onto {@code sr} (null: each onto its own SR). */
    private String copy(String vm, String name, Map<String, Object> marks, String sr)
            throws XenApiFailure, InterruptedException {
        return locks.with(vm, "clone", () -> copyUnlocked(vm, name, marks, sr));
    }

    private String copyUnlocked(String vm, String name, Map<String, Object> marks, String sr) throws XenApiFailure {
        return store.atomically(() -> {
            Map<String, Object> from = store.record("VM", vm);
            if (Boolean.TRUE.equals(from.get("is_control_domain"))) {
                throw XenApiFailure.of(ErrorCodes.OPERATION_NOT_ALLOWED, "the control domain cannot be copied");
            }
            Map<String, Object> r = new LinkedHashMap<>(from);
            NOT_COPIED.forEach(r::remove);
            r.put("name_label", name);
            if (r.get("other_config") instanceof Map<?, ?> oc && oc.containsKey("default_template")) {
                Map<Object, Object> own = new LinkedHashMap<>(oc);
                own.remove("default_template"); // a copy is not one of the templates jxend ships
                r.put("other_config", own);
            }
            r.put("power_state", "Halted");
            r.put("domid", -1L);
            r.putAll(marks);
            r.put("metrics", store.create("VM_metrics", Map.of()));
            r.put("allowed_operations", VmOperations.allowed("Halted", r));
            String copy = store.create("VM", r);
            boolean snapshot = marks.containsKey("is_a_snapshot");
            for (Object vbd : (List<?>) from.get("VBDs")) {
                copyVbd(store.record("VBD", (String) vbd), copy, snapshot, sr);
            }
            for (Object vif : (List<?>) from.get("VIFs")) {
                Map<String, Object> v = new LinkedHashMap<>(store.record("VIF", (String) vif));
                keepOnly(v, "device", "network", "MAC", "MTU", "other_config", "qos_algorithm_type",
                        "qos_algorithm_params", "locking_mode", "ipv4_allowed", "ipv6_allowed");
                v.put("VM", copy);
                if (!snapshot) { // a clone or copy is another machine; a snapshot keeps its MACs, as XAPI's
                    v.put("MAC", "");
                }
                devices.createVif(v);
            }
            return copy;
        });
    }

    private void copyVbd(Map<String, Object> vbd, String vm, boolean snapshot, String sr) throws XenApiFailure {
        Map<String, Object> b = new LinkedHashMap<>(vbd);
        keepOnly(b, "userdevice", "bootable", "mode", "type", "unpluggable", "empty", "other_config",
                "qos_algorithm_type", "qos_algorithm_params");
        b.put("VM", vm);
        String vdi = (String) vbd.get("VDI");
        if (!Boolean.TRUE.equals(vbd.get("empty")) && store.exists("VDI", vdi)) {
            b.put("VDI", "CD".equals(vbd.get("type")) ? vdi : storage.copy(vdi, snapshot
                    ? Map.of("is_a_snapshot", true, "snapshot_of", vdi, "snapshot_time", clock.instant())
                    : sr == null ? Map.of() : Map.of("SR", sr)));
        } else {
            b.put("VDI", "OpaqueRef:NULL");
            b.put("empty", true);
        }
        devices.createVbd(b);
    }

    private static void keepOnly(Map<String, Object> record, String... fields) {
        record.keySet().retainAll(List.of(fields));
    }

    /**
     * Makes a template's clone a VM, as XAPI's provision does first (Xen Orchestra relies on it), then
     * the disks {@code other_config:disks} lists ({@code <provision><disk device size sr bootable type/>}).
     */
    private Object provision(String vm) throws XenApiFailure, InterruptedException {
        return locks.with(vm, "provision", () -> {
            Map<String, Object> r = new LinkedHashMap<>(store.record("VM", vm));
            r.put("is_a_template", false);
            store.set("VM", vm, Map.of("is_a_template", false,
                    "allowed_operations", VmOperations.allowed((String) r.get("power_state"), r)));
            Object xml = r.get("other_config") instanceof Map<?, ?> oc ? oc.get("disks") : null;
            if (xml == null) {
                return null;
            }
            List<Map<String, String>> disks = new ArrayList<>();
            Matcher m = DISK.matcher(xml.toString());
            while (m.find()) {
                Map<String, String> attrs = new LinkedHashMap<>();
                Matcher a = ATTRIBUTE.matcher(m.group(1));
                while (a.find()) {
                    attrs.put(a.group(1), a.group(2));
                }
                disks.add(attrs);
            }
            for (Map<String, String> d : disks) {
                provisionDisk(vm, r, d);
            }
            Map<String, Object> otherConfig = new LinkedHashMap<>((Map<String, Object>) r.get("other_config"));
            otherConfig.remove("disks");
            store.set("VM", vm, "other_config", otherConfig);
            return null;
        });
    }

    private void provisionDisk(String vm, Map<String, Object> r, Map<String, String> d) throws XenApiFailure {
        String sr = d.getOrDefault("sr", "");
        long size;
        try {
            size = Long.parseLong(d.getOrDefault("size", ""));
        } catch (NumberFormatException e) {
            throw XenApiFailure.of(ErrorCodes.INVALID_VALUE, "other_config:disks", d.toString());
        }
        Map<String, Object> vdi = new LinkedHashMap<>();
        vdi.put("name_label", r.get("name_label") + " " + d.getOrDefault("device", "0"));
        vdi.put("SR", sr.isEmpty() ? defaultSr : store.refByUuid("SR", sr));
        vdi.put("virtual_size", size);
        vdi.put("type", d.getOrDefault("type", "system"));
        String made = storage.create(vdi);
        Map<String, Object> vbd = new LinkedHashMap<>();
        vbd.put("VM", vm);
        vbd.put("VDI", made);
        vbd.put("userdevice", d.getOrDefault("device", "autodetect"));
        vbd.put("bootable", Boolean.parseBoolean(d.getOrDefault("bootable", "false")));
        vbd.put("mode", "RW");
        vbd.put("type", "Disk");
        vbd.put("unpluggable", true);
        devices.createVbd(vbd);
    }
}
