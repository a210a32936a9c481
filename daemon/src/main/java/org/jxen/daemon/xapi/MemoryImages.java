package org.jxen.daemon.xapi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jxen.api.ErrorCodes;
import org.jxen.api.XenApiFailure;
import org.jxen.daemon.state.ObjectStore;
import org.jxen.toolstack.Toolstack;
import org.jxen.toolstack.ToolstackException;

/**
 * A running VM's memory saved into a VDI of type {@code suspend} on the SR, as XAPI keeps suspend
 * and checkpoint images: the toolstack's save image is the VDI's file, its size the VDI's.
 */
final class MemoryImages {
    private final ObjectStore store;
    private final Toolstack toolstack;
    private final Storage storage;
    private final String sr;

    MemoryImages(ObjectStore store, Toolstack toolstack, Storage storage, String sr) {
        this.store = store;
        this.toolstack = toolstack;
        this.storage = storage;
        this.sr = sr;
    }

    /**
     * Saves {@code vm}'s domain; with {@code checkpoint} the domain runs on (a checkpoint), else it
     * is gone afterwards (a suspend). Returns the VDI; a failed save leaves none behind.
     */
    String save(Map<String, Object> vm, boolean checkpoint) throws XenApiFailure {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name_label", (checkpoint ? "Checkpoint image of " : "Suspend image of ") + vm.get("name_label"));
        fields.put("name_description", "The memory of VM " + vm.get("uuid"));
        fields.put("SR", sr);
        fields.put("type", "suspend");
        fields.put("virtual_size", 1L);
        String vdi = storage.create(fields);
        Path image = Path.of((String) store.field("VDI", vdi, "location"));
        try {
            toolstack.save(((Long) vm.get("domid")).intValue(), image, checkpoint);
            store.set("VDI", vdi, "virtual_size", Files.size(image));
        } catch (ToolstackException e) {
            storage.destroy(vdi);
            throw VmFailures.of(e, (String) vm.get("uuid"));
        } catch (IOException e) {
            storage.destroy(vdi);
            throw XenApiFailure.of(ErrorCodes.INTERNAL_ERROR, "cannot read " + image + ": " + e);
        }
        return vdi;
    }
}
