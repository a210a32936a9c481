package org.jxen.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jxen.daemon.JxendSession.failsWith;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jxen.api.ErrorCodes;

/**
 * XAPI's sharing check when disks are attached (xapi_vbd_helpers.ml): a disk that is not sharable is
 * written by one running VM at a time and read by several only while none writes it ({@code
 * VDI_IN_USE [vdi]}), at a start, a resume and a {@code VBD.plug}; a read-only disk is not attached
 * read-write ({@code VDI_READONLY [vdi]}); a sharable one is shared; a suspended VM holds nothing.
 * {@code VBD.assert_attachable} answers as the plug would.
 */
class DiskSharingTest extends JxendSessionTest {
    private String sr;

    @BeforeEach
    void defaultSr() throws Exception {
        sr = (String) c.call("pool.get_default_SR", ((List<?>) c.call("pool.get_all")).getFirst());
    }

    private String disk(String name, boolean sharable, boolean readOnly) throws Exception {
        return (String) c.call("VDI.create", Map.of("name_label", name, "SR", sr, "virtual_size", Long.toString(4L << 20),
                "type", "user", "sharable", sharable, "read_only", readOnly));
    }

    /** A second disk of {@code vm}, on {@code vdi}. */
    private String vbd(String vm, String vdi, String mode) throws Exception {
        return (String) c.call("VBD.create", Map.of("VM", vm, "VDI", vdi, "userdevice", "1", "bootable", false,
                "mode", mode, "type", "Disk", "unpluggable", true, "empty", false));
    }

    private String ownDisk(String vm) throws Exception {
        return (String) field("VBD", list("VM", vm, "VBDs").getFirst().toString(), "VDI");
    }

    private void start(String vm) throws Exception {
        c.call("VM.start", vm, false, false);
    }

    @Test
    void aDiskARunningVmWritesIsInUseForAnotherUntilItStops() throws Exception {
        String a = session.newVm("a");
        String b = session.newVm("b");
        String shared = ownDisk(a);
        vbd(b, shared, "RW");
        start(a);
        failsWith(() -> start(b), ErrorCodes.VDI_IN_USE, shared);
        assertThat(field("VM", b, "power_state")).isEqualTo("Halted");
        c.call("VM.hard_shutdown", a);
        start(b);
        failsWith(() -> start(a), ErrorCodes.VDI_IN_USE, shared);
    }

    @Test
    void readersShareADiskThatNoneWrites() throws Exception {
        String data = disk("data", false, false);
        String a = session.newVm("a");
        String b = session.newVm("b");
        String writer = session.newVm("writer");
        vbd(a, data, "RO");
        vbd(b, data, "RO");
        vbd(writer, data, "RW");
        start(a);
        start(b);
        failsWith(() -> start(writer), ErrorCodes.VDI_IN_USE, data);
        c.call("VM.hard_shutdown", a);
        c.call("VM.hard_shutdown", b);
        start(writer);
        String reader = session.newVm("reader");
        vbd(reader, data, "RO");
        failsWith(() -> start(reader), ErrorCodes.VDI_IN_USE, data);
    }

    @Test
    void aSharableDiskIsWrittenByManyAndAReadOnlyOneByNone() throws Exception {
        String cluster = disk("cluster", true, false);
        String a = session.newVm("a");
        String b = session.newVm("b");
        vbd(a, cluster, "RW");
        vbd(b, cluster, "RW");
        start(a);
        start(b);
        String gold = disk("gold", false, true);
        String c1 = session.newVm("c");
        vbd(c1, gold, "RW");
        failsWith(() -> start(c1), ErrorCodes.VDI_READONLY, gold);
    }

    /** XAPI's VBD.assert_attachable: the plug's check, whatever the VM's power state, reserving nothing. */
    @Test
    void assertAttachableSaysWhatAPlugWouldMeet() throws Exception {
        String a = session.newVm("a");
        String b = session.newVm("b");
        String shared = ownDisk(a);
        String reading = vbd(b, shared, "RO");
        c.call("VBD.assert_attachable", reading);
        start(a);
        failsWith(() -> c.call("VBD.assert_attachable", reading), ErrorCodes.VDI_IN_USE, shared);
        assertThat(field("VM", b, "power_state")).isEqualTo("Halted");
        String gold = disk("gold", false, true);
        String c1 = session.newVm("c");
        String writing = vbd(c1, gold, "RW");
        failsWith(() -> c.call("VBD.assert_attachable", writing), ErrorCodes.VDI_READONLY, gold);
        c.call("VM.hard_shutdown", a);
        c.call("VBD.assert_attachable", reading);
        start(b); // nothing was reserved by the checks
    }

    @Test
    void aPlugIsCheckedAndASuspendedVmHoldsNothingUntilItResumes() throws Exception {
        String a = session.newVm("a");
        String b = session.newVm("b");
        String shared = ownDisk(a);
        start(a);
        start(b);
        String plugged = vbd(b, shared, "RW");
        failsWith(() -> c.call("VBD.plug", plugged), ErrorCodes.VDI_IN_USE, shared);
        assertThat(field("VBD", plugged, "currently_attached")).isEqualTo(false);

        c.call("VM.suspend", a);
        c.call("VBD.plug", plugged); // the suspended VM's disk is not in use
        assertThat(field("VBD", plugged, "currently_attached")).isEqualTo(true);
        failsWith(() -> c.call("VM.resume", a, false, false), ErrorCodes.VDI_IN_USE, shared);
        assertThat(field("VM", a, "power_state")).isEqualTo("Suspended");
        c.call("VBD.unplug", plugged);
        c.call("VM.resume", a, false, false);
        assertThat(field("VM", a, "power_state")).isEqualTo("Running");
    }
}
