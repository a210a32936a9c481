package org.jxen.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jxen.daemon.JxendSession.failsWith;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jxen.api.ErrorCodes;

/**
 * Unplugging the local SR's PBD, as XAPI's xapi_pbd.ml and sm.ml: refused while a VM has one of
 * its disks plugged in; until it is plugged again, no disk on it is made, changed or used.
 */
class PbdCallsTest extends JxendSessionTest {
    private String sr;
    private String pbd;

    @BeforeEach
    void localSr() throws Exception {
        pbd = ((List<?>) c.call("PBD.get_all")).getFirst().toString();
        sr = (String) c.call("PBD.get_SR", pbd);
    }

    private String disk(String vm) throws Exception {
        for (Object vbd : list("VM", vm, "VBDs")) {
            if ("Disk".equals(c.call("VBD.get_type", vbd))) {
                return (String) c.call("VBD.get_VDI", vbd);
            }
        }
        throw new AssertionError("no disk");
    }

    @Test
    void unplugIsRefusedWhileADiskIsInUse_andNothingOnTheSrIsUsedUntilItIsPluggedAgain() throws Exception {
        String running = session.newVm("running");
        String halted = session.newVm("halted");
        c.call("VM.start", running, false, false);
        String inUse = disk(running);
        failsWith(() -> c.call("PBD.unplug", pbd), ErrorCodes.VDI_IN_USE, inUse);
        assertThat(c.call("PBD.get_currently_attached", pbd)).isEqualTo(true);

        c.call("VM.hard_shutdown", running);
        c.call("PBD.unplug", pbd);
        assertThat(c.call("PBD.get_currently_attached", pbd)).isEqualTo(false);
        failsWith(() -> c.call("VM.start", halted, false, false), ErrorCodes.VM_REQUIRES_SR, halted, sr);
        String vdi = disk(halted);
        failsWith(() -> c.call("VDI.create", Map.of("SR", sr, "virtual_size", "1048576", "type", "user",
                "name_label", "new", "sharable", false, "read_only", false, "other_config", Map.of())),
                ErrorCodes.SR_NO_PBDS, sr);
        failsWith(() -> c.call("VDI.resize", vdi, "16777216"), ErrorCodes.SR_NO_PBDS, sr);
        failsWith(() -> c.call("VDI.clone", vdi, Map.of()), ErrorCodes.SR_NO_PBDS, sr);
        failsWith(() -> c.call("VDI.destroy", vdi), ErrorCodes.SR_NO_PBDS, sr);
        failsWith(() -> c.call("SR.scan", sr), ErrorCodes.SR_NO_PBDS, sr);
        assertThat(c.call("VM.get_power_state", halted)).isEqualTo("Halted");

        c.call("PBD.plug", pbd);
        c.call("VM.start", halted, false, false);
        assertThat(c.call("VM.get_power_state", halted)).isEqualTo("Running");
        c.call("SR.scan", sr);
    }

    @Test
    void aSuspendedVmResumesOnlyWithItsSrPluggedIn() throws Exception {
        String vm = session.newVm("sleeper");
        c.call("VM.start", vm, false, false);
        c.call("VM.suspend", vm);
        c.call("PBD.unplug", pbd);
        failsWith(() -> c.call("VM.resume", vm, false, false), ErrorCodes.VM_REQUIRES_SR, vm, sr);
        assertThat(c.call("VM.get_power_state", vm)).isEqualTo("Suspended");
        c.call("PBD.plug", pbd);
        c.call("VM.resume", vm, false, false);
        assertThat(c.call("VM.get_power_state", vm)).isEqualTo("Running");
    }
}
