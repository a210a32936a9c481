package org.jxen.daemon.xapi;

import java.util.Map;
import org.jxen.api.ErrorCodes;
import org.jxen.api.XenApiFailure;
import org.jxen.daemon.rpc.Handlers;
import org.jxen.daemon.state.ObjectStore;

/**
 * A CD drive's medium, as XAPI changes it ({@code VBD.insert}, {@code VBD.eject}; xapi_vbd.ml and
 * message_forwarding.ml v26.13.0): only a CD VBD's ({@code VBD_NOT_REMOVABLE_MEDIA}), a medium into
 * an empty drive ({@code VBD_NOT_EMPTY}) and out of a full one ({@code VBD_IS_EMPTY}), never while
 * the VM is suspended. XAPI also refuses an image it does not manage ({@code VDI_NOT_MANAGED}); jxend's
 * unmanaged images are those an xl.cfg brought in (forgotten, not deleted, when their VM goes), and
 * a CD drive may hold one of those as well. A halted VM's drive changes in
 * its record; a running PV or PVH guest's, as XAPI does for a guest without QEMU, is plugged in with
 * its medium (a {@code devtype=cdrom} disk) and unplugged to eject it. An HVM guest's emulated drive
 * would need QEMU's media change, which jxend does not do: refused, saying so.
 */
final class CdMedia {
    private final ObjectStore store;
    private final Devices devices;
    private final VmLocks locks;

    CdMedia(ObjectStore store, Devices devices, VmLocks locks) {
        this.store = store;
        this.devices = devices;
        this.locks = locks;
    }

    void register(Handlers h) {
        h.on("VBD.insert", call -> insert(call.ref(0), call.ref(1)));
        h.on("VBD.eject", call -> eject(call.ref(0)));
    }

    private Object insert(String vbd, String vdi) throws XenApiFailure, InterruptedException {
        Map<String, Object> r = store.record("VBD", vbd);
        String vm = (String) r.get("VM");
        boolean halted = expectChangeable(vm, r, vbd);
        if (!Boolean.TRUE.equals(r.get("empty"))) {
            throw XenApiFailure.of(ErrorCodes.VBD_NOT_EMPTY, vbd);
        }
        store.record("VDI", vdi); // any of the SR's images: one an xl.cfg brought in (not managed) too
        if (halted) {
            return locks.with(vm, "VBD.insert", () -> medium(vbd, vdi));
        }
        medium(vbd, vdi);
        try {
            devices.plugVbd(vbd);
        } catch (XenApiFailure | InterruptedException | RuntimeException e) {
            medium(vbd, "OpaqueRef:NULL"); // the drive stays as it was
            throw e;
        }
        return null;
    }

    private Object eject(String vbd) throws XenApiFailure, InterruptedException {
        Map<String, Object> r = store.record("VBD", vbd);
        String vm = (String) r.get("VM");
        boolean halted = expectChangeable(vm, r, vbd);
        if (Boolean.TRUE.equals(r.get("empty"))) {
            throw XenApiFailure.of(ErrorCodes.VBD_IS_EMPTY, vbd);
        }
        if (halted) {
            return locks.with(vm, "VBD.eject", () -> medium(vbd, "OpaqueRef:NULL"));
        }
        if (Boolean.TRUE.equals(r.get("currently_attached"))) {
            devices.unplugVbd(vbd);
        }
        return medium(vbd, "OpaqueRef:NULL");
    }

    /**
     * Whether the VM is halted (else it runs a guest without QEMU): a VBD that is no CD, a suspended
     * VM and a running HVM guest are refused.
     */
    private boolean expectChangeable(String vm, Map<String, Object> vbdRecord, String vbd) throws XenApiFailure {
        Map<String, Object> v = store.record("VM", vm);
        String state = (String) v.get("power_state");
        if (state.equals("Suspended")) {
            throw XenApiFailure.of(ErrorCodes.VM_BAD_POWER_STATE, vm, "halted, running", "suspended");
        }
        if (!"CD".equals(vbdRecord.get("type"))) {
            throw XenApiFailure.of(ErrorCodes.VBD_NOT_REMOVABLE_MEDIA, vbd);
        }
        if (!state.equals("Halted") && "hvm".equals(v.get("domain_type"))) {
            throw XenApiFailure.of(ErrorCodes.OPERATION_NOT_ALLOWED, "changing the CD of a running HVM guest needs"
                    + " QEMU's media change, which jxend does not do: shut the VM down, change the CD, start it");
        }
        return state.equals("Halted");
    }

    /** Puts {@code vdi} (NULL: none) in the drive. */
    private Object medium(String vbd, String vdi) throws XenApiFailure {
        boolean empty = vdi.equals("OpaqueRef:NULL");
        store.set("VBD", vbd, Map.of("VDI", vdi, "empty", empty, "allowed_operations", Devices.vbdOperations(true, empty)));
        return null;
    }
}
