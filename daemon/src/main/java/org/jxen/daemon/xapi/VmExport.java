package org.jxen.daemon.xapi;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jxen.api.ErrorCodes;
import org.jxen.api.XenApiFailure;
import org.jxen.api.XmlRpc;
import org.jxen.config.DomainConfig;
import org.jxen.config.DomainConfig.DiskFormat;
import org.jxen.daemon.state.ObjectStore;
import org.jxen.daemon.xva.XvaWriter;

/**
 * {@code GET /export} of a VM as an XVA, as XAPI's export.ml makes one: {@code ova.xml} holds the
 * VM (halted), its VBDs, VIFs, the VDIs of its disks, their SRs and the VIFs' networks, each with
 * an id {@code Ref:N} that the others' references name (a reference to anything else is
 * {@code OpaqueRef:NULL}), then the disks' chunks. A halted or suspended VM is exported (a
 * suspended one as halted: its memory is not), under its lock; a running one is
 * {@code VM_BAD_POWER_STATE}.
 */
public final class VmExport {
    private static final String NULL = "OpaqueRef:NULL";

    private final ObjectStore store;
    private final VmLocks locks;
    private final String host;

    VmExport(ObjectStore store, VmLocks locks, String host) {
        this.store = store;
        this.locks = locks;
        this.host = host;
    }

    /**
     * {@code vm} (a reference or UUID), if it can be exported now: {@code VM_BAD_POWER_STATE} when it
     * runs, {@code VALUE_NOT_SUPPORTED} when a disk is not raw (an XVA carries a disk's bytes, and
     * jxend does not unpack qcow2 or the other image formats).
     */
    public String exportable(String vmOrUuid) throws XenApiFailure {
        String vm = vmOrUuid.startsWith("OpaqueRef:") ? vmOrUuid : store.refByUuid("VM", vmOrUuid);
        Map<String, Object> r = store.record("VM", vm);
        VmCalls.expect(vm, r, "Halted", "Suspended");
        for (Object vbd : (List<?>) r.get("VBDs")) {
            String vdi = (String) store.field("VBD", (String) vbd, "VDI");
            if (store.exists("VDI", vdi) && Storage.format(store.record("VDI", vdi)) instanceof DiskFormat f && f != DiskFormat.RAW) {
                throw XenApiFailure.of(ErrorCodes.VALUE_NOT_SUPPORTED, "VDI", store.field("VDI", vdi, "uuid"),
                        "a " + DomainConfig.jsonName(f) + " disk is not exported: jxend writes raw disks into XVAs");
            }
        }
        return vm;
    }

    /** Writes {@code vm} to {@code out} as an XVA. */
    public void write(String vm, OutputStream out) throws XenApiFailure, IOException, InterruptedException {
        try {
            locks.with(vm, "export", () -> {
                exportable(vm); // again, under the lock
                Map<String, Object> r = store.record("VM", vm);
                Objects objects = new Objects();
                String vmId = objects.add("VM", vm);
                List<String> disks = new ArrayList<>();
                for (Object vbd : (List<?>) r.get("VBDs")) {
                    Map<String, Object> b = store.record("VBD", (String) vbd);
                    objects.add("VBD", (String) vbd);
                    if ("Disk".equals(b.get("type")) && store.exists("VDI", (String) b.get("VDI"))) {
                        disks.add((String) b.get("VDI"));
                        objects.add("VDI", (String) b.get("VDI"));
                        objects.add("SR", (String) store.field("VDI", (String) b.get("VDI"), "SR"));
                    }
                }
                for (Object vif : (List<?>) r.get("VIFs")) {
                    objects.add("VIF", (String) vif);
                    objects.add("network", (String) store.field("VIF", (String) vif, "network"));
                }
                try {
                    XvaWriter xva = new XvaWriter(out);
                    xva.ovaXml(ovaXml(objects, vmId));
                    for (String vdi : disks) {
                        Map<String, Object> d = store.record("VDI", vdi);
                        try (FileChannel file = FileChannel.open(Path.of((String) d.get("location")))) {
                            xva.disk(objects.ids.get(vdi), file, (Long) d.get("virtual_size"));
                        }
                    }
                    xva.end();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return null;
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** The objects exported, in order, by reference, with their ids in the file. */
    private static final class Objects {
        final Map<String, String> ids = new LinkedHashMap<>();
        final Map<String, String> classes = new LinkedHashMap<>();

        String add(String cls, String ref) {
            return ids.computeIfAbsent(ref, r -> {
                classes.put(r, cls);
                return "Ref:" + ids.size();
            });
        }
    }

    private String ovaXml(Objects objects, String vmId) throws XenApiFailure {
        Map<String, Object> softwareVersion = asMap(store.field("host", host, "software_version"));
        Map<String, Object> version = new LinkedHashMap<>();
        version.put("hostname", store.field("host", host, "hostname"));
        version.put("date", softwareVersion.getOrDefault("date", ""));
        version.put("product_version", softwareVersion.getOrDefault("product_version", ""));
        version.put("product_brand", softwareVersion.getOrDefault("product_brand", ""));
        version.put("build_number", softwareVersion.getOrDefault("build_number", ""));
        version.put("xapi_major", store.field("host", host, "API_version_major"));
        version.put("xapi_minor", store.field("host", host, "API_version_minor"));
        version.put("export_vsn", 2L);
        List<Object> list = new ArrayList<>();
        for (Map.Entry<String, String> o : objects.ids.entrySet()) {
            String cls = objects.classes.get(o.getKey());
            Map<String, Object> snapshot = new LinkedHashMap<>();
            for (Map.Entry<String, Object> f : store.record(cls, o.getKey()).entrySet()) {
                snapshot.put(f.getKey(), mapped(f.getValue(), objects));
            }
            if (o.getValue().equals(vmId)) {
                snapshot.put("power_state", "Halted");
                snapshot.put("suspend_VDI", NULL);
                snapshot.put("domid", -1L);
            }
            Map<String, Object> object = new LinkedHashMap<>();
            object.put("class", cls);
            object.put("id", o.getValue());
            object.put("snapshot", snapshot);
            list.add(object);
        }
        Map<String, Object> top = new LinkedHashMap<>();
        top.put("version", version);
        top.put("objects", list);
        return XmlRpc.valueToString(top);
    }

    /** A value with each reference replaced by its object's id in the file, or NULL when that is not exported. */
    private static Object mapped(Object value, Objects objects) {
        if (value instanceof String s && s.startsWith("OpaqueRef:")) {
            return objects.ids.getOrDefault(s, NULL);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(v -> mapped(v, objects)).filter(v -> !NULL.equals(v)).toList();
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
