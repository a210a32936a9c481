package org.jxen.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jxen.daemon.JxendSession.failsWith;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.jxen.api.ErrorCodes;

/**
 * {@code VM.revert} as XAPI does it: the VM takes the snapshot's settings, disks (copies of the
 * snapshot's, in place of the disks they are snapshots of), VIFs (MACs kept) and power state; a
 * running VM is shut down first; a checkpoint leaves the VM suspended with the checkpoint's memory,
 * and it resumes with its new disks; a snapshot of a destroyed VM makes the VM again.
 */
class VmRevertTest extends JxendSessionTest {
    private static final String NULL = "OpaqueRef:NULL";

    /** The VM's one disk VDI. */
    private String disk(String vm) throws Exception {
        for (Object vbd : list("VM", vm, "VBDs")) {
            if ("Disk".equals(field("VBD", (String) vbd, "type"))) {
                return (String) field("VBD", (String) vbd, "VDI");
            }
        }
        throw new AssertionError("VM " + vm + " has no disk");
    }

    private void write(String vdi, String text) throws Exception {
        try (FileChannel f = FileChannel.open(Path.of((String) field("VDI", vdi, "location")), StandardOpenOption.WRITE)) {
            f.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)), 0);
        }
    }

    private String read(String vdi, int length) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(length);
        try (FileChannel f = FileChannel.open(Path.of((String) field("VDI", vdi, "location")))) {
            f.read(b, 0);
        }
        return new String(b.array(), StandardCharsets.US_ASCII);
    }

    private String vif(String vm) throws Exception {
        String net = ((List<?>) c.call("network.get_all")).getFirst().toString();
        return (String) c.call("VIF.create", Map.of("VM", vm, "network", net, "device", "0", "MAC", "",
                "MTU", "1500", "other_config", Map.of(), "qos_algorithm_type", "", "qos_algorithm_params", Map.of()));
    }

    @Test
    void aHaltedVmGetsTheSnapshotsSettingsDisksAndNicsBack() throws Exception {
        String vm = session.newVm("reverted");
        String mac = (String) field("VIF", vif(vm), "MAC");
        String before = disk(vm);
        write(before, "state at the snapshot");
        c.call("VM.set_name_description", vm, "as it was");
        c.call("VM.add_to_other_config", vm, "kept", "yes");
        String snapshot = (String) c.call("VM.snapshot", vm, "good");
        assertThat(list("VM", snapshot, "allowed_operations")).contains("revert");
        assertThat(field("VIF", (String) list("VM", snapshot, "VIFs").getFirst(), "MAC")).as("a snapshot keeps MACs")
                .isEqualTo(mac);

        write(before, "state broken later!!");
        c.call("VM.set_name_description", vm, "changed since");
        c.call("VM.remove_from_other_config", vm, "kept");
        c.call("VM.set_memory", vm, 256L << 20);
        c.call("VIF.destroy", list("VM", vm, "VIFs").getFirst());

        c.call("VM.revert", snapshot);
        assertThat(field("VM", vm, "power_state")).isEqualTo("Halted");
        assertThat(field("VM", vm, "name_label")).isEqualTo("reverted");
        assertThat(field("VM", vm, "name_description")).isEqualTo("as it was");
        assertThat(field("VM", vm, "other_config")).isEqualTo(Map.of("kept", "yes"));
        assertThat(field("VM", vm, "memory_static_max")).isEqualTo(128L << 20);
        assertThat(field("VM", vm, "parent")).isEqualTo(snapshot);
        assertThat(field("VM", vm, "is_a_template")).isEqualTo(false);
        String after = disk(vm);
        assertThat(after).isNotEqualTo(before);
        assertThat(read(after, 21)).isEqualTo("state at the snapshot");
        failsWith(() -> c.call("VDI.get_record", before), ErrorCodes.HANDLE_INVALID, "VDI", before);
        String snapshotDisk = disk(snapshot);
        assertThat(field("VDI", snapshotDisk, "snapshot_of")).as("re-pointed at the new disk").isEqualTo(after);
        assertThat(field("VDI", after, "is_a_snapshot")).isEqualTo(false);
        assertThat(list("VM", vm, "VIFs")).singleElement().satisfies(v -> assertThat(field("VIF", (String) v, "MAC"))
                .isEqualTo(mac));
        assertThat(list("VM", vm, "snapshots")).containsExactly(snapshot);
        assertThat(list("VM", snapshot, "VBDs")).as("the snapshot is unchanged").hasSize(list("VM", vm, "VBDs").size());
        assertThat(read(snapshotDisk, 21)).isEqualTo("state at the snapshot");

        Map<?, ?> message = ((Map<?, ?>) c.call("message.get", "VM", field("VM", vm, "uuid"), "19700101T00:00:00Z"))
                .values().stream().map(Map.class::cast)
                .filter(m -> "VM_SNAPSHOT_REVERTED".equals(m.get("name"))).findFirst().orElseThrow();
        assertThat(message.get("body")).isEqualTo("VM 'reverted' (uuid: " + field("VM", vm, "uuid")
                + ") reverted to snapshot: good (uuid " + field("VM", snapshot, "uuid") + ")");

        write(after, "state broken again!!!");
        c.call("VM.revert", snapshot);
        assertThat(read(disk(vm), 21)).as("a snapshot can be reverted to again").isEqualTo("state at the snapshot");
    }

    @Test
    void aRunningVmRevertedToACheckpointIsSuspendedAndResumesOnTheCopiedDisk() throws Exception {
        String vm = session.newVm("cp");
        c.call("VM.start", vm, false, false);
        write(disk(vm), "checkpointed");
        String checkpoint = (String) c.call("VM.checkpoint", vm, "cp1");
        write(disk(vm), "went on after");

        c.call("VM.revert", checkpoint);
        assertThat(field("VM", vm, "power_state")).isEqualTo("Suspended");
        String memory = (String) field("VM", vm, "suspend_VDI");
        assertThat(memory).isNotEqualTo(NULL).isNotEqualTo(field("VM", checkpoint, "suspend_VDI"));
        assertThat(field("VDI", memory, "type")).isEqualTo("suspend");
        assertThat(list("VM", vm, "allowed_operations")).contains("resume");
        String disk = disk(vm);
        assertThat(read(disk, 12)).isEqualTo("checkpointed");

        c.call("VM.resume", vm, false, false);
        assertThat(field("VM", vm, "power_state")).isEqualTo("Running");
        long domid = (Long) field("VM", vm, "domid");
        List<?> vbds = (List<?>) c.call("jxen.get_domain_devices", domid, "vbd");
        String params = session.xenStore().readString(((Map<?, ?>) vbds.getFirst()).get("backend_path") + "/params");
        assertThat(vbds).hasSize(1);
        assertThat(params).as("the resumed domain's disk is the copy").endsWith((String) field("VDI", disk, "location"));
        failsWith(() -> c.call("VDI.get_record", memory), ErrorCodes.HANDLE_INVALID, "VDI", memory);
        assertThat(field("VDI", (String) field("VM", checkpoint, "suspend_VDI"), "type")).isEqualTo("suspend");
    }

    @Test
    void onlyASnapshotIsRevertedTo_andOneWhoseVmIsGoneMakesItAgain() throws Exception {
        String vm = session.newVm("gone");
        failsWith(() -> c.call("VM.revert", vm), ErrorCodes.REVERT_ONLY_ALLOWED_ON_SNAPSHOT);
        write(disk(vm), "kept in the snapshot");
        String snapshot = (String) c.call("VM.snapshot", vm, "last");
        String second = (String) c.call("VM.snapshot", vm, "other");
        String vdi = disk(vm);
        c.call("VM.destroy", vm);
        c.call("VDI.destroy", vdi); // as Xen Orchestra deletes a VM with its disks

        c.call("VM.revert", snapshot);
        String again = (String) field("VM", snapshot, "snapshot_of");
        assertThat(again).isNotEqualTo(vm);
        assertThat(field("VM", again, "is_a_snapshot")).isEqualTo(false);
        assertThat(field("VM", again, "is_a_template")).isEqualTo(false);
        assertThat(field("VM", second, "snapshot_of")).as("its other snapshots follow").isEqualTo(again);
        assertThat(read(disk(again), 20)).isEqualTo("kept in the snapshot");
        c.call("VM.start", again, false, false);
        assertThat(field("VM", again, "power_state")).isEqualTo("Running");
    }
}
