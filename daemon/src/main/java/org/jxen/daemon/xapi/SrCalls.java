package org.jxen.daemon.xapi;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jxen.api.ErrorCodes;
import org.jxen.api.XenApiFailure;
import org.jxen.daemon.rpc.Handlers;
import org.jxen.daemon.state.ObjectStore;

/**
 * SRs and their PBDs made, plugged, unplugged and removed, as XAPI's xapi_sr.ml and xapi_pbd.ml do
 * (v26.13.0), for the two kinds of SR jxend has drivers for, each a directory of the host named by
 * the PBD's {@code device_config:location} ({@link Storage}): {@code file} (disk images) and
 * {@code iso} (a library of CD images). {@code SR.create} makes the SR and its PBD and plugs it;
 * {@code SR.introduce}, {@code PBD.create} and {@code PBD.plug} attach one that exists, as Xen
 * Orchestra does; {@code SR.forget} drops the records and leaves the files, {@code SR.destroy}
 * removes an empty SR. The local SR jxend makes for itself stays.
 */
final class SrCalls {
    static final List<String> TYPES = List.of("file", Storage.ISO);
    /** What clients may do with an SR (XenCenter and the web console offer what is listed). */
    static final List<String> DISK_SR_OPERATIONS = List.of("scan", "vdi_create", "vdi_destroy", "vdi_resize",
            "vdi_clone", "vdi_snapshot");
    private static final List<String> ISO_SR_OPERATIONS = List.of("scan");

    private final ObjectStore store;
    private final Storage storage;
    private final HostInventory.Refs refs;

    SrCalls(ObjectStore store, Storage storage, HostInventory.Refs refs) {
        this.store = store;
        this.storage = storage;
        this.refs = refs;
    }

    @SuppressWarnings("unchecked")
    void register(Handlers h) {
        h.on("SR.get_supported_types", call -> TYPES);
        // (host, device_config, physical_size, name_label, name_description, type, content_type, shared[, sm_config])
        h.on("SR.create", call -> create(call.ref(0), (Map<String, Object>) call.arg(1), (String) call.arg(3),
                (String) call.arg(4), (String) call.arg(5), (String) call.arg(6),
                call.args().size() > 8 ? (Map<String, Object>) call.arg(8) : Map.of()));
        h.on("SR.introduce", call -> introduce((String) call.arg(0), (String) call.arg(1), (String) call.arg(2),
                (String) call.arg(3), (String) call.arg(4),
                call.args().size() > 6 ? (Map<String, Object>) call.arg(6) : Map.of()));
        h.on("SR.forget", call -> remove(call.ref(0), false));
        h.on("SR.destroy", call -> remove(call.ref(0), true));
        h.on("PBD.create", call -> createPbd(new LinkedHashMap<>((Map<String, Object>) call.arg(0))));
        h.on("PBD.destroy", call -> destroyPbd(call.ref(0)));
        h.on("PBD.plug", call -> plug(call.ref(0)));
        h.on("PBD.unplug", call -> unplug(call.ref(0)));
        h.on("PBD.set_device_config", call -> { // the SR's directory moves only while it is unplugged
            if (Boolean.TRUE.equals(store.field("PBD", call.ref(0), "currently_attached"))) {
                throw XenApiFailure.of(ErrorCodes.OPERATION_NOT_ALLOWED, "PBD is currently attached");
            }
            store.set("PBD", call.ref(0), "device_config", call.arg(1));
            return null;
        });
    }

    /** A new SR on {@code host} over the directory {@code device_config:location}, plugged in and scanned. */
    private String create(String host, Map<String, Object> deviceConfig, String name, String description, String type,
                          String contentType, Map<String, Object> smConfig) throws XenApiFailure {
        store.record("host", host);
        String sr = store.atomically(() -> {
            String made = introduce("", name, description, type, contentType, smConfig);
            createPbd(new LinkedHashMap<>(Map.of("host", host, "SR", made, "device_config", deviceConfig)));
            return made;
        });
        try {
            plug((String) ((List<?>) store.field("SR", sr, "PBDs")).getFirst());
        } catch (XenApiFailure | RuntimeException e) { // nothing half-built: the records go again
            store.atomically(() -> {
                for (Object pbd : (List<?>) store.field("SR", sr, "PBDs")) {
                    store.destroy("PBD", (String) pbd);
                }
                store.destroy("SR", sr);
                return null;
            });
            throw e;
        }
        return sr;
    }

    private String introduce(String uuid, String name, String description, String type, String contentType,
                             Map<String, Object> smConfig) throws XenApiFailure {
        String driver = type.toLowerCase(java.util.Locale.ROOT);
        if (!TYPES.contains(driver)) {
            throw XenApiFailure.of(ErrorCodes.SR_UNKNOWN_DRIVER, type);
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        if (!uuid.isEmpty()) {
            if (srExists(uuid)) {
                throw XenApiFailure.of(ErrorCodes.SR_UUID_EXISTS, uuid);
            }
            fields.put("uuid", uuid);
        }
        fields.put("name_label", name);
        fields.put("name_description", description);
        fields.put("type", driver);
        fields.put("content_type", contentType.isEmpty() && driver.equals(Storage.ISO) ? Storage.ISO : contentType);
        fields.put("shared", false);
        fields.put("sm_config", smConfig);
        fields.put("physical_size", -1L);
        fields.put("physical_utilisation", -1L);
        fields.put("allowed_operations", driver.equals(Storage.ISO) ? ISO_SR_OPERATIONS : DISK_SR_OPERATIONS);
        return store.create("SR", fields);
    }

    private boolean srExists(String uuid) {
        try {
            store.refByUuid("SR", uuid);
            return true;
        } catch (XenApiFailure none) {
            return false;
        }
    }

    private String createPbd(Map<String, Object> fields) throws XenApiFailure {
        return store.atomically(() -> {
            String sr = (String) fields.get("SR");
            String host = (String) fields.get("host");
            store.record("SR", sr);
            store.record("host", host);
            for (Object pbd : (List<?>) store.field("SR", sr, "PBDs")) {
                if (host.equals(store.field("PBD", (String) pbd, "host"))) {
                    throw XenApiFailure.of(ErrorCodes.PBD_EXISTS, sr, host, pbd);
                }
            }
            fields.put("currently_attached", false);
            return store.create("PBD", fields);
        });
    }

    private Object destroyPbd(String pbd) throws XenApiFailure {
        if (Boolean.TRUE.equals(store.field("PBD", pbd, "currently_attached"))) {
            throw XenApiFailure.of(ErrorCodes.OPERATION_NOT_ALLOWED, "PBD is currently attached");
        }
        store.destroy("PBD", pbd);
        return null;
    }

    /** Attaches the SR's directory (which must be there, and writable for disks), then scans it. */
    private Object plug(String pbd) throws XenApiFailure {
        Map<String, Object> r = store.record("PBD", pbd);
        String sr = (String) r.get("SR");
        if (Boolean.TRUE.equals(r.get("currently_attached"))) {
            return null;
        }
        String location = r.get("device_config") instanceof Map<?, ?> config && config.get("location") instanceof String l
                ? l : "";
        Path dir = Path.of(location);
        String problem = location.isEmpty() ? "device_config:location must name the SR's directory"
                : !dir.isAbsolute() ? "device_config:location must be an absolute path"
                : !Files.isDirectory(dir) ? "no directory " + location + " on the host"
                : !storage.isIso(sr) && !Files.isWritable(dir) ? "jxend cannot write to " + location
                : otherSrAt(sr, dir);
        if (problem != null) {
            throw XenApiFailure.of(ErrorCodes.VALUE_NOT_SUPPORTED, "device_config:location", location, problem);
        }
        store.set("PBD", pbd, "currently_attached", true);
        storage.scan(sr);
        return null;
    }

    /** Why {@code dir} cannot be {@code sr}'s: another SR's directory; null if it can. */
    private String otherSrAt(String sr, Path dir) throws XenApiFailure {
        for (var e : store.records("PBD").entrySet()) {
            if (!sr.equals(e.getValue().get("SR")) && e.getValue().get("device_config") instanceof Map<?, ?> config
                    && config.get("location") instanceof String other && Path.of(other).equals(dir)) {
                return "SR " + store.field("SR", (String) e.getValue().get("SR"), "uuid") + " is there already";
            }
        }
        return null;
    }

    /**
     * Takes the SR away from the host, as XAPI's PBD.unplug: refused with {@code VDI_IN_USE} (the disks)
     * while a VM has one of its disks plugged in. Until it is plugged again, the SR's disks can be
     * neither used nor changed.
     */
    private Object unplug(String pbd) throws XenApiFailure {
        return store.atomically(() -> {
            String sr = (String) store.field("PBD", pbd, "SR");
            List<Object> inUse = new ArrayList<>();
            for (Object vdi : (List<?>) store.field("SR", sr, "VDIs")) {
                for (Object vbd : (List<?>) store.field("VDI", (String) vdi, "VBDs")) {
                    if (Boolean.TRUE.equals(store.field("VBD", (String) vbd, "currently_attached"))
                            && !inUse.contains(vdi)) {
                        inUse.add(vdi);
                    }
                }
            }
            if (!inUse.isEmpty()) {
                throw XenApiFailure.of(ErrorCodes.VDI_IN_USE, inUse.toArray());
            }
            store.set("PBD", pbd, "currently_attached", false);
            return null;
        });
    }

    /**
     * {@code SR.forget} ({@code deleting} false: the records go, the files stay) and {@code SR.destroy}
     * (an empty SR only; its directory stays, as it was there before). Both with every PBD unplugged;
     * a VM's drive that held one of its VDIs is left empty.
     */
    private Object remove(String sr, boolean deleting) throws XenApiFailure {
        return store.atomically(() -> {
            store.record("SR", sr);
            if (sr.equals(refs.sr()) || sr.equals(store.field("pool", refs.pool(), "default_SR"))) {
                throw XenApiFailure.of(ErrorCodes.OPERATION_NOT_ALLOWED, sr.equals(refs.sr())
                        ? "the local SR holds jxend's own disks and memory images"
                        : "the pool's default SR: make another the default first (pool.set_default_SR)");
            }
            List<?> pbds = (List<?>) store.field("SR", sr, "PBDs");
            for (Object pbd : pbds) {
                if (Boolean.TRUE.equals(store.field("PBD", (String) pbd, "currently_attached"))) {
                    throw XenApiFailure.of(ErrorCodes.SR_HAS_PBD, sr);
                }
            }
            List<?> vdis = (List<?>) store.field("SR", sr, "VDIs");
            if (deleting && !vdis.isEmpty() && !storage.isIso(sr)) {
                throw XenApiFailure.of(ErrorCodes.SR_NOT_EMPTY);
            }
            for (Object vdi : vdis) {
                for (Object vbd : (List<?>) store.field("VDI", (String) vdi, "VBDs")) {
                    store.set("VBD", (String) vbd, Map.of("VDI", "OpaqueRef:NULL", "empty", true));
                }
                store.destroy("VDI", (String) vdi);
            }
            for (Object pbd : pbds) {
                store.destroy("PBD", (String) pbd);
            }
            store.destroy("SR", sr);
            return null;
        });
    }
}
