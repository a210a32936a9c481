package org.jxen.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jxen.daemon.JxendSession.failsWith;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jxen.api.ErrorCodes;
import org.jxen.xenstore.client.XsClient;

/**
 * A CD drive's medium through {@code VBD.insert} and {@code VBD.eject}, as Xen Orchestra mounts an
 * ISO: XAPI's checks and errors, a halted VM's record, a running PV guest's drive plugged in with
 * the medium and out without it (seen in the guest's XenStore), an HVM guest's refused.
 */
class CdMediaTest extends JxendSessionTest {
    private static final String NULL = "OpaqueRef:NULL";

    private String sr;

    @BeforeEach
    void start() throws Exception {
        sr = (String) c.call("pool.get_default_SR", ((List<?>) c.call("pool.get_all")).getFirst());
    }

    private String iso(String name) throws Exception {
        return (String) c.call("VDI.create", Map.of("name_label", name, "SR", sr, "virtual_size",
                Long.toString(4L << 20), "type", "user", "sharable", false, "read_only", true));
    }

    private String cdDrive(String vm) throws Exception {
        return (String) c.call("VBD.create", Map.of("VM", vm, "VDI", NULL, "userdevice", "3", "bootable", false,
                "mode", "RO", "type", "CD", "unpluggable", true, "empty", true));
    }

    @Test
    void aHaltedVmsDriveTakesAMediumAndGivesItBack() throws Exception {
        String vm = session.newVm("installer");
        String cd = cdDrive(vm);
        String iso = iso("debian.iso");
        assertThat(list("VBD", cd, "allowed_operations")).contains("insert").doesNotContain("eject");
        failsWith(() -> c.call("VBD.eject", cd), ErrorCodes.VBD_IS_EMPTY, cd);
        c.call("VBD.insert", cd, iso);
        assertThat(field("VBD", cd, "VDI")).isEqualTo(iso);
        assertThat(field("VBD", cd, "empty")).isEqualTo(false);
        assertThat(list("VBD", cd, "allowed_operations")).contains("eject").doesNotContain("insert");
        assertThat(list("VDI", iso, "VBDs")).containsExactly(cd);
        failsWith(() -> c.call("VBD.insert", cd, iso), ErrorCodes.VBD_NOT_EMPTY, cd);
        c.call("VBD.eject", cd);
        assertThat(field("VBD", cd, "VDI")).isEqualTo(NULL);
        assertThat(field("VBD", cd, "empty")).isEqualTo(true);
        assertThat(list("VDI", iso, "VBDs")).isEmpty();
    }

    @Test
    void onlyACdDrivesMediumChanges() throws Exception {
        String vm = session.newVm("disks");
        String disk = ((List<?>) field("VM", vm, "VBDs")).getFirst().toString();
        String iso = iso("a.iso");
        failsWith(() -> c.call("VBD.insert", disk, iso), ErrorCodes.VBD_NOT_REMOVABLE_MEDIA, disk);
        failsWith(() -> c.call("VBD.eject", disk), ErrorCodes.VBD_NOT_REMOVABLE_MEDIA, disk);
        String cd = cdDrive(vm);
        failsWith(() -> c.call("VBD.insert", cd, "OpaqueRef:nothing"), ErrorCodes.HANDLE_INVALID, "VDI",
                "OpaqueRef:nothing");
        assertThat(field("VBD", cd, "empty")).isEqualTo(true);
    }

    @Test
    void aRunningPvGuestGetsTheDrivePluggedInWithItsMedium() throws Exception {
        String vm = session.newVm("live");
        String cd = cdDrive(vm);
        c.call("VM.start", vm, false, false);
        assertThat(field("VBD", cd, "currently_attached")).isEqualTo(false); // an empty drive is no PV device
        String iso = iso("tools.iso");
        c.call("VBD.insert", cd, iso);
        assertThat(field("VBD", cd, "currently_attached")).isEqualTo(true);
        assertThat(field("VBD", cd, "device")).isEqualTo("xvdd");
        XsClient xs = session.xenStore();
        String frontend = "/local/domain/" + field("VM", vm, "domid") + "/device/vbd/51760";
        String backend = xs.readString(frontend + "/backend");
        assertThat(xs.readString(backend + "/device-type")).isEqualTo("cdrom");
        assertThat(xs.readString(backend + "/mode")).isEqualTo("r");
        c.call("VBD.eject", cd);
        assertThat(xs.readOrNull(frontend)).isNull();
        assertThat(field("VBD", cd, "currently_attached")).isEqualTo(false);
        assertThat(field("VBD", cd, "empty")).isEqualTo(true);
        c.call("VM.suspend", vm);
        failsWith(() -> c.call("VBD.insert", cd, iso), ErrorCodes.VM_BAD_POWER_STATE, vm, "halted, running",
                "suspended");
    }

    @Test
    void aRunningHvmGuestsDriveIsRefusedSayingWhy() throws Exception {
        String vm = session.newVm("hvm", "Other install media");
        String cd = cdDrive(vm);
        c.call("VM.start", vm, false, false);
        String iso = iso("win.iso");
        failsWith(() -> c.call("VBD.insert", cd, iso), ErrorCodes.OPERATION_NOT_ALLOWED, "changing the CD of a"
                + " running HVM guest needs QEMU's media change, which jxend does not do: shut the VM down, change the"
                + " CD, start it");
        assertThat(field("VBD", cd, "empty")).isEqualTo(true);
    }
}
