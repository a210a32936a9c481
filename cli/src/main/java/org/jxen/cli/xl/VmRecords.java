package org.jxen.cli.xl;

import java.util.ArrayList;
import java.util.List;
import org.jxen.api.XenApiFailure;

/**
 * The records {@code jxen.create_VM_from_xl_config} makes for a config, forgotten again when its VM
 * does not start, and when jxl ends its domain ({@code destroy}, {@code shutdown -w}): xl leaves
 * nothing behind a domain. A VM made otherwise (through XenAPI) stays, halted.
 */
final class VmRecords {
    private static final String NULL_REF = "OpaqueRef:NULL";
    /** What create_VM_from_xl_config writes into the VM's other_config. */
    private static final String XL_CONFIG_FILE = "xl-config-file";
    private static final long HALT_WAIT_NS = 10_000_000_000L;

    private VmRecords() {
    }

    /**
     * Once the domain with {@code uuid} has ended for good ({@code destroy}, or a power-off whose
     * {@code on_poweroff} is not restart): forgets its VM if jxl create made it, after jxend has marked
     * it halted (it learns of the end from the toolstack's events, a moment later; the power-off's
     * destroy comes a moment after the domain shut down).
     */
    static void forgetEnded(JxendApi api, String uuid, boolean poweredOff) throws XenApiFailure, XlFailure {
        String vm;
        try {
            vm = (String) api.call("VM.get_by_uuid", uuid);
        } catch (XenApiFailure noVm) {
            return; // a domain without a VM (none jxend made)
        }
        if (!((java.util.Map<?, ?>) api.call("VM.get_other_config", vm)).containsKey(XL_CONFIG_FILE)
                || poweredOff && "restart".equals(api.call("VM.get_actions_after_shutdown", vm))) {
            return; // not jxl's, or up again as its on_poweroff says
        }
        long deadline = System.nanoTime() + HALT_WAIT_NS;
        while (!"Halted".equals(api.call("VM.get_power_state", vm))) {
            if (System.nanoTime() > deadline) {
                throw XlFailure.of("jxl: jxend did not mark VM " + uuid + " halted within 10 s; it stays in jxend");
            }
            pause();
        }
        forget(api, vm);
    }

    private static void pause() throws XlFailure {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw XlFailure.of("jxl: interrupted");
        }
    }

    /** Destroys the halted {@code vm} and the VDIs its disks brought in (their image files stay). */
    static void forget(JxendApi api, String vm) throws XenApiFailure, XlFailure {
        List<String> vdis = new ArrayList<>();
        for (Object vbd : (List<?>) api.call("VM.get_VBDs", vm)) {
            String vdi = (String) api.call("VBD.get_VDI", vbd);
            if (!vdi.equals(NULL_REF) && !Boolean.TRUE.equals(api.call("VDI.get_managed", vdi))) {
                vdis.add(vdi);
            }
        }
        api.call("VM.destroy", vm);
        for (String vdi : vdis) {
            api.call("VDI.destroy", vdi);
        }
    }
}
