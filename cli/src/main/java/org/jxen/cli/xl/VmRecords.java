package org.jxen.cli.xl;

import java.util.ArrayList;
import java.util.List;
import org.jxen.api.XenApiFailure;

/** The records {@code jxen.create_VM_from_xl_config} makes for a config, forgotten again when its VM does not start. */
final class VmRecords {
    private static final String NULL_REF = "OpaqueRef:NULL";

    private VmRecords() {
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
