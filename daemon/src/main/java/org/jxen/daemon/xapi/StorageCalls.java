package org.jxen.daemon.xapi;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jxen.api.XenApiFailure;
import org.jxen.daemon.rpc.Handlers;
import org.jxen.daemon.state.ObjectStore;

/** {@code VDI.*}, and the scans and updates of {@code SR.*}, on the host's SRs ({@link Storage}). */
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
        h.on("VDI.introduce", call -> {
            Map<String, Object> given = new LinkedHashMap<>();
            for (int i = 0; i < call.args().size(); i++) {
                given.put(call.message().params().get(i).name(), call.arg(i));
            }
            for (String fromTheImage : List.of("SR", "location", "virtual_size", "physical_utilisation")) {
                given.remove(fromTheImage);
            }
            return storage.introduce(call.ref(3), (String) call.arg(8), given);
        });
        h.on("VDI.forget", call -> {
            storage.forget(call.ref(0));
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
        h.on("SR.scan", call -> {
            storage.scan(call.ref(0));
            return null;
        });
        h.on("SR.update", call -> refresh(call.ref(0)));
        h.on("VDI.update", call -> refresh((String) store.field("VDI", call.ref(0), "SR"))); // its SR's sizes hold its own
    }

    private Object refresh(String sr) throws XenApiFailure {
        storage.requirePlugged(sr);
        storage.refreshSr(sr);
        return null;
    }
}
