package org.jxen.daemon.xapi;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jxen.api.ErrorCodes;
import org.jxen.api.XenApiFailure;
import org.jxen.api.model.ApiClass;
import org.jxen.api.model.DataModel;
import org.jxen.api.model.Field;
import org.jxen.api.model.Type;
import org.jxen.daemon.state.ObjectStore;
import org.jxen.daemon.xva.XvaException;
import org.jxen.daemon.xva.XvaReader;
import org.jxen.daemon.xva.XvaReader.XvaObject;

/**
 * {@code PUT /import} of an XVA, as XAPI's import.ml does it: a raw VDI on the SR asked for for
 * each disk the VMs' VBDs name (filled from the chunks that follow), then each VM of {@code ova.xml}
 * made halted with a new UUID (its settings read as {@code VM.create} reads a record), its VBDs (a
 * CD drive empty: ISOs are not carried), and its VIFs with their MACs, on the network whose bridge or
 * name the XVA's network has, else the host's. An XVA that cannot be read fails with
 * {@code IMPORT_ERROR [why]} and leaves nothing behind.
 */
public final class VmImport {
    private static final String NULL = "OpaqueRef:NULL";

    private final ObjectStore store;
    private final Storage storage;
    private final Devices devices;
    private final String defaultNetwork;

    VmImport(ObjectStore store, Storage storage, Devices devices, String defaultNetwork) {
        this.store = store;
        this.storage = storage;
        this.devices = devices;
        this.defaultNetwork = defaultNetwork;
    }

    /**
     * Reads the XVA from {@code in} into new objects, its disks on {@code sr}; returns the VMs made.
     * The disks are made and filled first; the VMs with their VBDs and VIFs come in one transaction
     * once every disk is complete, so no VM is ever seen (or left by a crash) half imported.
     */
    public List<String> importXva(InputStream in, String sr) throws XenApiFailure, IOException {
        store.record("SR", sr);
        Made made = new Made();
        try {
            XvaReader reader = new XvaReader(in);
            List<XvaObject> objects = reader.objects();
            Map<String, XvaObject> byId = new HashMap<>();
            objects.forEach(o -> byId.put(o.id(), o));
            List<XvaObject> vmObjects = objects.stream().filter(o -> o.cls().equals("VM")).toList();
            if (vmObjects.isEmpty()) {
                throw new XvaException("ova.xml holds no VM");
            }
            Map<String, String> vdis = new HashMap<>(); // XVA id -> VDI made
            Map<String, XvaReader.Disk> disks = new HashMap<>();
            try {
                for (XvaObject o : objects) {
                    XvaObject vdi = byId.get(String.valueOf(o.snapshot().get("VDI")));
                    if (o.cls().equals("VBD") && byId.containsKey(o.snapshot().get("VM")) && isDisk(o, vdi)
                            && !vdis.containsKey(vdi.id())) {
                        vdis.put(vdi.id(), disk(vdi, sr, made, disks));
                    }
                }
                reader.readDisks(disks);
            } finally {
                for (XvaReader.Disk d : disks.values()) {
                    d.file().close();
                }
            }
            List<String> vms = store.atomically(() -> {
                Map<String, String> byXvaId = new LinkedHashMap<>(); // XVA id -> VM made
                for (XvaObject o : vmObjects) {
                    byXvaId.put(o.id(), vm(o, made));
                }
                for (XvaObject o : objects) {
                    if (o.cls().equals("VBD") && byXvaId.containsKey(o.snapshot().get("VM"))) {
                        vbd(o, byXvaId, vdis);
                    } else if (o.cls().equals("VIF") && byXvaId.containsKey(o.snapshot().get("VM"))) {
                        vif(o, byXvaId, byId);
                    }
                }
                return List.copyOf(byXvaId.values());
            });
            storage.refreshSr(sr);
            return vms;
        } catch (XvaException e) {
            made.undo();
            throw XenApiFailure.of(ErrorCodes.IMPORT_ERROR, e.getMessage());
        } catch (XenApiFailure | IOException | RuntimeException e) {
            made.undo();
            throw e;
        }
    }

    /** A VBD of a disk the XVA carries: not a CD drive (ISOs are not carried), naming a VDI of the file. */
    private static boolean isDisk(XvaObject vbd, XvaObject vdi) {
        return !"CD".equalsIgnoreCase(String.valueOf(vbd.snapshot().get("type"))) && vdi != null
                && vdi.cls().equals("VDI");
    }

    /** What an import made so far, removed again if it fails. */
    private final class Made {
        final List<String> vms = new ArrayList<>();
        final List<String> vdis = new ArrayList<>();

        void undo() {
            try {
                for (String vm : vms) {
                    Map<String, Object> r = store.record("VM", vm);
                    for (String set : List.of("VBDs", "VIFs")) {
                        for (Object device : (List<?>) r.get(set)) {
                            store.destroy(set.substring(0, 3), (String) device);
                        }
                    }
                    store.destroy("VM_metrics", (String) r.get("metrics"));
                    store.destroy("VM", vm);
                }
                for (String vdi : vdis) {
                    storage.destroy(vdi);
                }
            } catch (XenApiFailure e) {
                throw new IllegalStateException("a failed import could not be undone: " + e.getMessage(), e);
            }
        }
    }

    /**
     * The record of an XVA object, read as {@code CLS.create} reads one (RW and StaticRO fields),
     * its references to what is not on this host (the exporting host's, the file's own) left out.
     */
    private Map<String, Object> fields(XvaObject o) throws XenApiFailure {
        ApiClass cls = DataModel.xenApi().cls(o.cls());
        Map<String, Object> r = new LinkedHashMap<>(cls.coerceRecord(o.snapshot(), o.id()));
        for (Map.Entry<String, Object> e : r.entrySet()) {
            Type type = cls.field(e.getKey()).map(Field::type).orElse(null);
            if (type instanceof Type.RefType && !(e.getValue() instanceof String ref && store.classOf(ref) != null)) {
                e.setValue(NULL);
            } else if (type instanceof Type.SetType(Type.RefType element) && e.getValue() instanceof List<?> refs) {
                e.setValue(refs.stream().filter(ref -> store.classOf((String) ref) != null).toList());
            }
        }
        return r;
    }

    private String vm(XvaObject o, Made made) throws XenApiFailure {
        Map<String, Object> r = fields(o);
        r.remove("uuid");
        r.put("power_state", "Halted");
        r.put("domid", -1L);
        r.put("is_control_domain", false);
        r.put("is_default_template", false);
        r.put("allowed_operations", VmOperations.allowed("Halted", r));
        String vm = store.atomically(() -> {
            r.put("metrics", store.create("VM_metrics", Map.of()));
            return store.create("VM", r);
        });
        made.vms.add(vm);
        return vm;
    }

    private void vbd(XvaObject o, Map<String, String> vms, Map<String, String> vdis) throws XenApiFailure {
        Map<String, Object> b = fields(o);
        b.keySet().retainAll(List.of("userdevice", "bootable", "mode", "type", "unpluggable", "other_config",
                "qos_algorithm_type", "qos_algorithm_params"));
        b.put("VM", vms.get(o.snapshot().get("VM")));
        String vdi = vdis.get(String.valueOf(o.snapshot().get("VDI")));
        b.put("VDI", vdi == null ? NULL : vdi);
        b.put("empty", vdi == null);
        devices.createVbd(b);
    }

    /** A raw VDI on {@code sr} for the XVA's VDI {@code o}, and where its chunks go. */
    private String disk(XvaObject o, String sr, Made made, Map<String, XvaReader.Disk> disks)
            throws XenApiFailure, IOException {
        Map<String, Object> v = fields(o);
        v.keySet().retainAll(List.of("name_label", "name_description", "virtual_size", "type", "sharable",
                "read_only", "other_config", "xenstore_data", "tags"));
        v.put("SR", sr);
        String vdi = storage.create(v);
        made.vdis.add(vdi);
        Map<String, Object> record = store.record("VDI", vdi);
        disks.put(o.id(), new XvaReader.Disk((Long) record.get("virtual_size"),
                FileChannel.open(Path.of((String) record.get("location")), StandardOpenOption.WRITE)));
        return vdi;
    }

    private void vif(XvaObject o, Map<String, String> vms, Map<String, XvaObject> byId) throws XenApiFailure {
        Map<String, Object> v = fields(o);
        v.keySet().retainAll(List.of("device", "MAC", "MTU", "other_config", "qos_algorithm_type", "qos_algorithm_params",
                "locking_mode", "ipv4_allowed", "ipv6_allowed"));
        v.put("VM", vms.get(o.snapshot().get("VM")));
        v.put("network", network(byId.get(String.valueOf(o.snapshot().get("network")))));
        devices.createVif(v);
    }

    /** The host's network the XVA's is: the same bridge, else the same name, else the host's own. */
    private String network(XvaObject exported) {
        if (exported != null) {
            for (String key : List.of("bridge", "name_label")) {
                Object wanted = exported.snapshot().get(key);
                for (Map.Entry<String, Map<String, Object>> n : store.records("network").entrySet()) {
                    if (wanted != null && !"".equals(wanted) && wanted.equals(n.getValue().get(key))) {
                        return n.getKey();
                    }
                }
            }
        }
        return defaultNetwork;
    }
}
