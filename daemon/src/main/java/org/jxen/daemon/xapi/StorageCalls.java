package org.jxen.daemon.xapi;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jxen.api.ErrorCodes;
import org.jxen.api.XenApiFailure;
import org.jxen.daemon.rpc.Handlers;
import org.jxen.daemon.state.ObjectStore;

/** {@code VDI.*}, {@code SR.*} and {@code PBD.*} on the local file SR ({@link Storage}). */
final class StorageCalls {
    private final ObjectStore store;
    private final Storage storage;
    private final Clock clock;

    StorageCalls(ObjectStore store, Storage storage, Clock clock) {
        this.store = store;
        this.storage = storage;
        this.clock = clock;
    }

    @SuppressWarnings("unchecked")
    void register(Handlers h) {
        h.on("VDI.create", call -> storage.create(new LinkedHashMap<>((Map<String, Object>) call.arg(0))));
        h.on("VDI.destroy", call -> {
            storage.destroy(call.ref(0));
            return null;
        });
        h.on("VDI.resize", call -> {
            storage.resize(call.ref(0), (Long) call.arg(1));
            return null;
        });
        h.on("VDI.copy", call -> storage.copy(call.ref(0), Map.of("SR", call.arg(1))));
        h.on("VDI.clone", call -> storage.copy(call.ref(0), Map.of()));
        h.on("VDI.snapshot", call -> storage.copy(call.ref(0), Map.of("is_a_snapshot", true,
                "snapshot_of", call.ref(0), "snapshot_time", clock.instant())));
        h.on("SR.scan", call -> refresh(call.ref(0)));
        h.on("SR.update", call -> refresh(call.ref(0)));
        h.on("VDI.update", call -> refresh((String) store.field("VDI", call.ref(0), "SR"))); // its SR's sizes hold its own
        h.on("PBD.plug", call -> {
            store.set("PBD", call.ref(0), "currently_attached", true);
            return null;
        });
        h.on("PBD.unplug", call -> unplug(call.ref(0)));
    }

    private Object refresh(String sr) throws XenApiFailure {
        storage.requirePlugged(sr);
        storage.refreshSr(sr);
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
}
