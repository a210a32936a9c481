package org.jxen.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jxen.daemon.JxendSession.failsWith;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jxen.api.ErrorCodes;
import org.jxen.api.XenApiFailure;
import org.jxen.api.client.XenApiClient;
import org.jxen.xen.testing.Commands;
import org.jxen.xen.testing.Oracles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** VMs, disks and NICs through JSON-RPC: the calls, the checks XAPI makes, and what the host and the disk files show. */
class VmLifecycleTest extends JxendSessionTest {
    private RunningJxend jxend;

    @BeforeEach
    void start() throws Exception {
        jxend = session.jxend();
    }

    private String template(String name) throws Exception {
        return session.template(name);
    }

    private String newVm(String name) throws Exception {
        return session.newVm(name);
    }

    @Test
    void powerStatesAreCheckedAsXapiChecksThem() throws Exception {
        String vm = newVm("checked");
        failsWith(() -> c.call("VM.start", template("Generic Linux PV"), false, false),
                ErrorCodes.VM_IS_TEMPLATE, template("Generic Linux PV"));
        failsWith(() -> c.call("VM.clean_shutdown", vm), ErrorCodes.VM_BAD_POWER_STATE, vm, "running", "halted");
        c.call("VM.start", vm, true, false);
        assertThat(field("VM", vm, "power_state")).isEqualTo("Paused");
        failsWith(() -> c.call("VM.start", vm, false, false), ErrorCodes.VM_BAD_POWER_STATE, vm, "halted", "paused");
        failsWith(() -> c.call("VM.destroy", vm), ErrorCodes.VM_BAD_POWER_STATE, vm, "halted", "paused");
        // Xen counts pauses: one more from xl's side (jxl pause) outlives XAPI's unpause, as on XAPI
        long domid = (Long) field("VM", vm, "domid");
        c.call("jxen.pause_domain", domid);
        c.call("VM.unpause", vm);
        assertThat(field("VM", vm, "power_state")).isEqualTo("Paused");
        c.call("VM.unpause", vm);
        assertThat(field("VM", vm, "power_state")).isEqualTo("Running");
        c.call("VM.hard_reboot", vm);
        assertThat(field("VM", vm, "power_state")).isEqualTo("Running");
        c.call("VM.hard_shutdown", vm);
        assertThat(field("VM", vm, "power_state")).isEqualTo("Halted");
        assertThat(field("VM", vm, "domid")).isEqualTo(-1L);
        assertThat((List<?>) field("VM", vm, "consoles")).isEmpty();
    }

    @Test
    void memoryAndVcpusChangeWithinXapisRules() throws Exception {
        String vm = newVm("sized");
        c.call("VM.set_VCPUs_max", vm, 4L);
        c.call("VM.set_VCPUs_at_startup", vm, 2L);
        failsWith(() -> c.call("VM.set_memory_limits", vm, 256L << 20, 128L << 20, 128L << 20, 128L << 20),
                "MEMORY_CONSTRAINT_VIOLATION",
                "Memory limits must satisfy: static_min <= dynamic_min <= dynamic_max <= static_max");
        c.call("VM.set_memory_limits", vm, 64L << 20, 256L << 20, 128L << 20, 256L << 20);
        c.call("VM.start", vm, false, false);
        assertThat(field("VM_metrics", (String) field("VM", vm, "metrics"), "VCPUs_number")).isEqualTo(2L);
        c.call("VM.set_VCPUs_number_live", vm, 3L);
        assertThat(field("VM", vm, "VCPUs_at_startup")).isEqualTo(3L);
        c.call("VM.set_memory_dynamic_range", vm, 128L << 20, 192L << 20);
        assertThat(field("VM", vm, "memory_target")).isEqualTo(192L << 20);
        c.call("VM.wait_memory_target_live", vm);
        assertThat((Long) field("VM_metrics", (String) field("VM", vm, "metrics"), "memory_actual"))
                .isBetween((192L << 20) - (1L << 20), (192L << 20) + (1L << 20));
        failsWith(() -> c.call("VM.set_VCPUs_max", vm, 8L), ErrorCodes.VM_BAD_POWER_STATE, vm, "halted", "running");
        failsWith(() -> c.call("VM.set_memory_static_range", vm, 64L << 20, 512L << 20), ErrorCodes.VM_BAD_POWER_STATE,
                vm, "halted", "running");
        c.call("VM.hard_shutdown", vm);
        failsWith(() -> c.call("VM.wait_memory_target_live", vm), ErrorCodes.VM_BAD_POWER_STATE, vm, "running",
                "halted");
        c.call("VM.set_memory_static_range", vm, 32L << 20, 512L << 20);
        assertThat(field("VM", vm, "memory_static_min")).isEqualTo(32L << 20);
        assertThat(field("VM", vm, "memory_static_max")).isEqualTo(512L << 20);
        failsWith(() -> c.call("VM.set_memory_static_range", vm, 32L << 20, 64L << 20), "MEMORY_CONSTRAINT_VIOLATION",
                "Memory limits must satisfy: static_min <= dynamic_min <= dynamic_max <= static_max");
    }

    @Test
    void anOperationIsValidWhenTheVmAllowsItNow() throws Exception {
        String vm = newVm("asked");
        c.call("VM.assert_operation_valid", vm, "start");
        failsWith(() -> c.call("VM.assert_operation_valid", vm, "pause"), ErrorCodes.VM_BAD_POWER_STATE, vm,
                "running", "halted");
        failsWith(() -> c.call("VM.assert_operation_valid", vm, "hard_shutdown"), ErrorCodes.VM_BAD_POWER_STATE, vm,
                "paused, running, suspended", "halted");
        failsWith(() -> c.call("VM.assert_operation_valid", vm, "migrate_send"), ErrorCodes.OPERATION_NOT_ALLOWED,
                "VM.migrate_send is not allowed on " + vm);
        assertThatThrownBy(() -> c.call("VM.assert_operation_valid", vm, "fly")).isInstanceOf(XenApiFailure.class);
        c.call("VM.start", vm, false, false);
        c.call("VM.assert_operation_valid", vm, "pause");
        assertThat(c.call("VM.get_boot_record", vm)).isEqualTo(c.call("VM.get_record", vm));
        assertThat(c.call("VM.get_cooperative", vm)).isEqualTo(true);
        c.call("VM.hard_shutdown", vm);
    }

    @Test
    void disksAreImageFilesOfTheirSizeAndPlugIntoARunningVm() throws Exception {
        String vm = newVm("disks");
        String sr = (String) c.call("pool.get_default_SR", ((List<?>) c.call("pool.get_all")).getFirst());
        String raw = (String) c.call("VDI.create", Map.of("name_label", "raw", "SR", sr, "virtual_size",
                Long.toString(32L << 20), "type", "user", "sharable", false, "read_only", false));
        Path image = Path.of((String) field("VDI", raw, "location"));
        assertThat(Files.size(image)).isEqualTo(32L << 20);
        c.call("VDI.resize", raw, 64L << 20);
        assertThat(Files.size(image)).isEqualTo(64L << 20);
        failsWith(() -> c.call("VDI.resize", raw, 1L << 20), ErrorCodes.VALUE_NOT_SUPPORTED, "virtual_size",
                Long.toString(1L << 20), "a disk can only grow: it has " + (64L << 20) + " bytes");
        String vbd = (String) c.call("VBD.create", Map.of("VM", vm, "VDI", raw, "userdevice", "autodetect",
                "bootable", false, "mode", "RW", "type", "Disk", "unpluggable", true, "empty", false));
        assertThat(field("VBD", vbd, "userdevice")).isEqualTo("1");
        // XAPI's checks: a position or a device's name, none the VM has under any of its names
        for (String taken : List.of("1", "xvdb")) {
            failsWith(() -> c.call("VBD.create", Map.of("VM", vm, "VDI", raw, "userdevice", taken, "bootable", false,
                    "mode", "RW", "type", "Disk", "unpluggable", true, "empty", false)), ErrorCodes.DEVICE_ALREADY_EXISTS, taken);
        }
        for (String invalid : List.of("26", "xvd", "floppy")) {
            failsWith(() -> c.call("VBD.create", Map.of("VM", vm, "VDI", raw, "userdevice", invalid, "bootable", false,
                    "mode", "RW", "type", "Disk", "unpluggable", true, "empty", false)), ErrorCodes.INVALID_DEVICE, invalid);
        }
        c.call("VM.start", vm, false, false);
        assertThat(field("VBD", vbd, "currently_attached")).isEqualTo(true);
        failsWith(() -> c.call("VDI.destroy", raw), ErrorCodes.VDI_IN_USE, raw, "destroy");
        c.call("VBD.unplug", vbd);
        assertThat(field("VBD", vbd, "currently_attached")).isEqualTo(false);
        failsWith(() -> c.call("VBD.unplug", vbd), ErrorCodes.DEVICE_ALREADY_DETACHED, vbd);
        c.call("VBD.plug", vbd);
        assertThat(field("VBD", vbd, "device")).isEqualTo("xvdb");
        c.call("VM.hard_shutdown", vm);
        c.call("VDI.destroy", raw);
        assertThat(image).doesNotExist();
    }

    @Test
    void nicsGetXensMacPrefixAndPlugIntoARunningVm() throws Exception {
        String vm = newVm("nics");
        String net = ((List<?>) c.call("network.get_all")).getFirst().toString();
        String vif = (String) c.call("VIF.create", Map.of("VM", vm, "network", net, "device", "", "MAC", "",
                "MTU", "0"));
        assertThat((String) field("VIF", vif, "MAC")).startsWith("00:16:3e:");
        assertThat(field("VIF", vif, "MTU")).isEqualTo(1500L);
        assertThat(c.call("VM.get_allowed_VIF_devices", vm)).isEqualTo(List.of("1", "2", "3", "4", "5", "6"));
        failsWith(() -> c.call("VIF.create", Map.of("VM", vm, "network", net, "device", "0", "MAC", "", "MTU", "0")),
                ErrorCodes.DEVICE_ALREADY_EXISTS, "0");
        failsWith(() -> c.call("VIF.create", Map.of("VM", vm, "network", net, "device", "eth1", "MAC", "", "MTU", "0")),
                ErrorCodes.INVALID_DEVICE, "eth1");
        c.call("VM.start", vm, false, false);
        assertThat(field("VIF", vif, "currently_attached")).isEqualTo(true);
        c.call("VIF.unplug", vif);
        c.call("VIF.plug", vif);
        assertThat(field("VIF", vif, "currently_attached")).isEqualTo(true);
        c.call("VM.hard_shutdown", vm);
    }

    @Test
    void snapshotsAndCopiesHaveTheirOwnDisks() throws Exception {
        String vm = newVm("original");
        String snapshot = (String) c.call("VM.snapshot", vm, "snap");
        assertThat(field("VM", snapshot, "is_a_snapshot")).isEqualTo(true);
        assertThat(field("VM", snapshot, "snapshot_of")).isEqualTo(vm);
        assertThat(field("VM", vm, "snapshots")).isEqualTo(List.of(snapshot));
        String copy = (String) c.call("VM.copy", vm, "copy", "");
        String vdiOfVm = (String) field("VBD", ((List<?>) field("VM", vm, "VBDs")).getFirst().toString(), "VDI");
        String vdiOfCopy = (String) field("VBD", ((List<?>) field("VM", copy, "VBDs")).getFirst().toString(), "VDI");
        assertThat(vdiOfCopy).isNotEqualTo(vdiOfVm);
        assertThat(Path.of((String) field("VDI", vdiOfCopy, "location"))).exists();
    }

    @Test
    void aCleanRebootIsTheToolstacksRestartNotASecondDomain() throws Exception {
        // the toolstack restarts a domain that shut down to reboot (on_reboot="restart"); jxend once
        // built one as well, and whichever came second failed with DUPLICATE_NAME (seen under load)
        String vm = newVm("rebooted");
        c.call("VM.start", vm, false, false);
        for (int i = 0; i < 20; i++) {
            long before = (Long) field("VM", vm, "domid");
            c.call("VM.clean_reboot", vm);
            assertThat(field("VM", vm, "power_state")).isEqualTo("Running");
            assertThat((Long) field("VM", vm, "domid")).isNotEqualTo(before);
        }
        assertThat(((List<?>) c.call("jxen.list_domains")).stream()
                .filter(d -> "rebooted".equals(((Map<?, ?>) d).get("name")))).hasSize(1);
    }

    /**
     * VM.send_sysrq (which XAPI declares but does not implement) hands the guest's kernel the key,
     * as xl sysrq does: s syncs and the guest runs on; c panics it and the VM's
     * actions_after_crash follows. Only a running VM takes a key, and only one character.
     */
    @Test
    void aSysrqKeyReachesTheGuestAndItsCrashFollowsActionsAfterCrash() throws Exception {
        String vm = newVm("panicky");
        c.call("VM.set_actions_after_crash", vm, "destroy");
        failsWith(() -> c.call("VM.send_sysrq", vm, "s"), ErrorCodes.VM_BAD_POWER_STATE, vm, "running", "halted");
        c.call("VM.start", vm, false, false);
        failsWith(() -> c.call("VM.send_sysrq", vm, "sc"), ErrorCodes.INVALID_VALUE, "key", "sc");
        long domid = (Long) field("VM", vm, "domid");
        c.call("VM.send_sysrq", vm, "s");
        assertThat(eventually(() -> console(domid).contains("sysrq: Emergency Sync"))).isTrue();
        assertThat(field("VM", vm, "power_state")).isEqualTo("Running");
        c.call("VM.send_sysrq", vm, "c");
        assertThat(eventually(() -> "Halted".equals(field("VM", vm, "power_state")))).as("destroyed after its crash").isTrue();
        assertThat(field("VM", vm, "domid")).isEqualTo(-1L);
    }

    private String console(long domid) throws Exception {
        return (String) ((Map<?, ?>) c.call("jxen.get_domain_console", domid, 0L)).get("text");
    }

    /** Whether {@code done} holds within 10 s of the host's running (it runs in real time under jxend). */
    private static boolean eventually(java.util.concurrent.Callable<Boolean> done) throws Exception {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
        while (!done.call()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    @Test
    void aCheckpointIsASuspendedSnapshotAndTheVmRunsOn() throws Exception {
        String vm = newVm("checkpointed");
        c.call("VM.start", vm, false, false);
        String checkpoint = (String) c.call("VM.checkpoint", vm, "cp");
        assertThat(field("VM", vm, "power_state")).isEqualTo("Running");
        assertThat(field("VM", checkpoint, "power_state")).isEqualTo("Suspended");
        String memory = (String) field("VM", checkpoint, "suspend_VDI");
        assertThat(field("VDI", memory, "type")).isEqualTo("suspend");
        assertThat((Long) field("VDI", memory, "virtual_size")).isPositive();
        c.call("VM.hard_shutdown", vm);
        c.call("VM.destroy", checkpoint);
        failsWith(() -> c.call("VDI.get_record", memory), ErrorCodes.HANDLE_INVALID, "VDI", memory);
    }

    @Test
    void aQcow2DiskIsMadeByQemuImgWithTheSizeAskedFor() throws Exception {
        Oracles.require("qcow2 disks", Commands.toolMissing("qemu-img") == null ? null
                : "qemu-img not installed (Debian package qemu-utils)");
        String sr = (String) c.call("pool.get_default_SR", ((List<?>) c.call("pool.get_all")).getFirst());
        String vdi = (String) c.call("VDI.create", Map.of("name_label", "q", "SR", sr, "virtual_size",
                Long.toString(1L << 30), "type", "user", "sm_config", Map.of("image-format", "qcow2")));
        Path image = Path.of((String) field("VDI", vdi, "location"));
        assertThat(image.toString()).endsWith(".qcow2");
        byte[] header = Files.readAllBytes(image);
        assertThat(new String(header, 0, 4, java.nio.charset.StandardCharsets.ISO_8859_1)).isEqualTo("QFI\u00fb");
        assertThat(java.nio.ByteBuffer.wrap(header, 24, 8).getLong()).isEqualTo(1L << 30);
        c.call("VDI.resize", vdi, 2L << 30);
        assertThat(java.nio.ByteBuffer.wrap(Files.readAllBytes(image), 24, 8).getLong()).isEqualTo(2L << 30);
        String vm = newVm("qcow2");
        c.call("VBD.create", Map.of("VM", vm, "VDI", vdi, "userdevice", "1", "mode", "RW", "type", "Disk",
                "empty", false));
        c.call("VM.start", vm, false, false);
        assertThat(field("VM", vm, "power_state")).isEqualTo("Running");
        c.call("VM.hard_shutdown", vm);
    }

    @Test
    void anXlConfigBecomesAVmWhoseDiskImageJxendDoesNotOwn() throws Exception {
        Path image = dir.resolve("guest.img");
        try (var f = new java.io.RandomAccessFile(image.toFile(), "rw")) {
            f.setLength(16L << 20);
        }
        String cfg = "name = \"from-xl\"\nkernel = \"/boot/vmlinuz\"\nmemory = 96\nmaxmem = 128\nvcpus = 2\n"
                + "disk = ['format=raw, vdev=xvda, access=rw, backendtype=qdisk, no-discard, target=" + image + "', 'format=raw, vdev=xvdb, access=ro, target="
                + image + "']\nvif = ['bridge=xenbr0, script=vif-lab, vifname=lab0, rate=10Mb/s, model=e1000']\n"
                + "on_crash = 'preserve'\n";
        String vm = (String) c.call("jxen.create_VM_from_xl_config", cfg, "from-xl.cfg");
        Map<?, ?> r = (Map<?, ?>) c.call("VM.get_record", vm);
        assertThat(r.get("memory_dynamic_max")).isEqualTo(96L << 20);
        assertThat(r.get("memory_static_max")).isEqualTo(128L << 20);
        assertThat(r.get("VCPUs_at_startup")).isEqualTo(2L);
        assertThat(r.get("actions_after_crash")).isEqualTo("preserve");
        List<?> vbds = (List<?>) r.get("VBDs");
        String vdi = (String) field("VBD", vbds.getFirst().toString(), "VDI");
        assertThat(field("VDI", vdi, "virtual_size")).isEqualTo(16L << 20);
        assertThat(field("VBD", vbds.getFirst().toString(), "mode")).isEqualTo("RW");
        String readOnly = vbds.getLast().toString(); // access=ro: libxl's readwrite 0, XAPI's RO
        assertThat(field("VBD", readOnly, "mode")).isEqualTo("RO");
        String readOnlyVdi = (String) field("VBD", readOnly, "VDI");
        assertThat(field("VDI", readOnlyVdi, "read_only")).isEqualTo(true);
        assertThat((List<?>) r.get("VIFs")).hasSize(1);
        String vif = ((List<?>) r.get("VIFs")).getFirst().toString();
        assertThat(((Map<?, ?>) field("VIF", vif, "other_config")).get("xl-script")).isEqualTo("vif-lab");
        assertThat(((Map<?, ?>) field("VIF", vif, "other_config")).get("xl-vif-settings"))
                .isEqualTo("vifname=lab0, model=e1000, rate=1250000B/s@50000us");
        c.call("VM.start", vm, false, false);
        assertThat(field("VM", vm, "power_state")).isEqualTo("Running");
        long domid = (Long) field("VM", vm, "domid");
        // the hotplug script is the config's, as xl would run it (libxl's default is vif-bridge)
        // and so are the vif's other settings, which no VIF field holds
        assertThat((String) c.call("jxen.get_domain_config", domid)).contains("\"script\": \"vif-lab\"")
                .contains("\"ifname\": \"lab0\"").contains("\"model\": \"e1000\"")
                .contains("\"rate_bytes_per_interval\": 62500,")
                .contains("\"backend\": \"qdisk\"").contains("\"discard_enable\": \"False\"");
        c.call("VM.hard_shutdown", vm);
        c.call("VM.destroy", vm);
        c.call("VDI.destroy", vdi);
        c.call("VDI.destroy", readOnlyVdi);
        assertThat(image).exists();
        failsWith(() -> c.call("jxen.create_VM_from_xl_config", "name = \"x\"\nmemory = [", "bad.cfg"),
                ErrorCodes.VALUE_NOT_SUPPORTED, "xl.cfg", "bad.cfg", "bad.cfg:2:11: expected ']' to close the list opened at 2:10");
    }

    /**
     * xen-tools writes PV configs with partitions for disks ({@code xvda2} the root, {@code xvda1}
     * swap): each VBD keeps its name as its userdevice, as XAPI allows, and the domain gets the disks
     * the config names.
     */
    @Test
    void anXlConfigsPartitionsAreTheDomainsDisks() throws Exception {
        Path root = dir.resolve("root.img");
        Path swap = dir.resolve("swap.img");
        for (Path image : List.of(root, swap)) {
            try (var f = new java.io.RandomAccessFile(image.toFile(), "rw")) {
                f.setLength(8L << 20);
            }
        }
        String vm = (String) c.call("jxen.create_VM_from_xl_config", "name = 'xt'\nkernel = '/boot/vmlinuz'\n"
                + "memory = '128'\nroot = '/dev/xvda2 ro'\ndisk = [ 'file:" + root + ",xvda2,w', 'file:" + swap
                + ",xvda1,w', ]\n", "xt.cfg");
        List<Object> userdevices = new java.util.ArrayList<>();
        for (Object vbd : (List<?>) field("VM", vm, "VBDs")) {
            userdevices.add(field("VBD", vbd.toString(), "userdevice"));
        }
        assertThat(userdevices).containsExactly("xvda2", "xvda1");
        c.call("VM.start", vm, false, false);
        String json = (String) c.call("jxen.get_domain_config", field("VM", vm, "domid"));
        assertThat(json).contains("\"vdev\": \"xvda2\"").contains("\"vdev\": \"xvda1\"");
        c.call("VM.hard_shutdown", vm);
    }

    /** xl makes a second domain with a UUID in use (the lab); a VM's UUID is its own, so jxend says what to change. */
    @Test
    void anXlConfigsUuidInUseIsRefused() throws Exception {
        String cfg = "kernel = '/boot/vmlinuz'\nmemory = 64\nuuid = '6b1d2c3e-4f50-4a6b-8c7d-9e0f1a2b3c4d'\n";
        c.call("jxen.create_VM_from_xl_config", "name = 'xi'\n" + cfg, "xi.cfg");
        failsWith(() -> c.call("jxen.create_VM_from_xl_config", "name = 'omicron'\n" + cfg, "omicron.cfg"),
                ErrorCodes.VALUE_NOT_SUPPORTED, "uuid", "6b1d2c3e-4f50-4a6b-8c7d-9e0f1a2b3c4d", "VM xi has UUID"
                        + " 6b1d2c3e-4f50-4a6b-8c7d-9e0f1a2b3c4d already, and each VM has its own: leave uuid= out of"
                        + " the config or give another");
        assertThat((List<?>) c.call("VM.get_by_name_label", "omicron")).isEmpty();
    }

    /**
     * A disk of another of libxl's formats keeps it: the VDI's size is the guest's (the header's, not
     * the file's), the domain gets the format back, and what jxend can only do with raw bytes (export,
     * resize) is refused rather than done to the image's bytes. An image not of its {@code format=} is
     * refused, saying so.
     */
    @Test
    void anXlConfigsQcow2DiskIsItsHeadersSize() throws Exception {
        Path image = dir.resolve("guest.img"); // a qcow2 image under a raw image's name
        java.nio.ByteBuffer header = java.nio.ByteBuffer.allocate(72);
        header.putInt(0, 0x514649fb).putInt(4, 2).putLong(24, 1L << 30); // magic, version 2, 1 GiB
        java.nio.file.Files.write(image, header.array());
        String vm = (String) c.call("jxen.create_VM_from_xl_config", "name = 'q'\nkernel = '/boot/vmlinuz'\n"
                + "memory = 64\ndisk = [ 'format=qcow2, vdev=xvda, access=rw, target=" + image + "' ]\n", "q.cfg");
        String vdi = (String) field("VBD", list("VM", vm, "VBDs").getFirst().toString(), "VDI");
        assertThat(field("VDI", vdi, "virtual_size")).isEqualTo(1L << 30);
        assertThat(((Map<?, ?>) field("VDI", vdi, "sm_config")).get("image-format")).isEqualTo("qcow2");
        String session = c.session().orElseThrow();
        var export = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                jxend.http().resolve("/export_raw_vdi?session_id=" + session + "&vdi=" + vdi)).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(export.body()).contains("VALUE_NOT_SUPPORTED").doesNotContain("QFI");
        c.call("VM.start", vm, false, false);
        assertThat((String) c.call("jxen.get_domain_config", field("VM", vm, "domid")))
                .contains("\"format\": \"qcow2\"");
        c.call("VM.hard_shutdown", vm);
        failsWith(() -> c.call("jxen.create_VM_from_xl_config", "name = 'v'\nkernel = '/boot/vmlinuz'\n"
                + "memory = 64\ndisk = [ 'format=vhd, vdev=xvda, access=rw, target=" + image + "' ]\n", "v.cfg"),
                ErrorCodes.VALUE_NOT_SUPPORTED, "disk", image.toString(), "Disk vdev=xvda: disk " + image
                        + ": not a vhd image (no \"conectix\" footer in the last 512 bytes or at offset 0; the file has"
                        + " only 72 bytes); check format= in the disk spec");
        assertThat(((List<?>) c.call("VM.get_by_name_label", "v"))).isEmpty();
        Path old = dir.resolve("old.img"); // qcow version 1: 48 bytes of header, no encryption
        java.nio.file.Files.write(old, java.nio.ByteBuffer.allocate(48).putInt(0, 0x514649fb).putInt(4, 1)
                .putLong(24, 64L << 20).array());
        String v1 = (String) c.call("jxen.create_VM_from_xl_config", "name = 'v1'\nkernel = '/boot/vmlinuz'\n"
                + "memory = 64\ndisk = [ 'format=qcow, vdev=xvda, access=rw, target=" + old + "' ]\n", "v1.cfg");
        String oldVdi = (String) field("VBD", list("VM", v1, "VBDs").getFirst().toString(), "VDI");
        assertThat(field("VDI", oldVdi, "virtual_size")).isEqualTo(64L << 20);
        failsWith(() -> c.call("VDI.resize", oldVdi, Long.toString(128L << 20)), ErrorCodes.VALUE_NOT_SUPPORTED,
                "sm_config:image-format", "qcow", "jxend resizes raw and qcow2 images; convert this one with qemu-img convert");
        assertThat(java.nio.file.Files.size(old)).isEqualTo(48);
    }

    /**
     * A vif's bridge that dom0 has and no network names becomes an unmanaged network; one that is
     * nowhere, and a disk whose image is not there, are refused in the words of xl's create (the
     * hotplug script's, libxl's) and leave no VM behind.
     */
    @Test
    void anXlConfigsBridgesAndImagesAreThereOrTheConfigIsRefused() throws Exception {
        jxend.jxend.bridges().create("br7");
        String cfg = "name = \"bridged\"\nkernel = \"/boot/vmlinuz\"\nmemory = 64\n";
        String vm = (String) c.call("jxen.create_VM_from_xl_config", cfg + "vif = ['bridge=br7']\n", "bridged.cfg");
        String vif = ((List<?>) field("VM", vm, "VIFs")).getFirst().toString();
        String network = (String) field("VIF", vif, "network");
        assertThat(field("network", network, "bridge")).isEqualTo("br7");
        assertThat(field("network", network, "managed")).isEqualTo(false);
        c.call("VM.destroy", vm);
        int vms = ((Map<?, ?>) c.call("VM.get_all_records")).size();
        failsWith(() -> c.call("jxen.create_VM_from_xl_config", cfg + "vif = ['bridge=nowhere']\n", "nowhere.cfg"),
                ErrorCodes.VALUE_NOT_SUPPORTED, "vif", "nowhere", "Could not find bridge device nowhere (dom0 has no such"
                + " bridge and no network has it: name one of br7, xenbr0, or make the bridge first)");
        // a hotplug script of the config's own needs no bridge
        c.call("VM.destroy", c.call("jxen.create_VM_from_xl_config", cfg + "vif = ['bridge=nowhere,script=vif-lab']\n",
                "own-script.cfg"));
        Path missing = dir.resolve("missing.img");
        failsWith(() -> c.call("jxen.create_VM_from_xl_config", cfg + "disk = ['format=raw,vdev=xvda,target=" + missing
                + "']\n", "missing.cfg"), ErrorCodes.VALUE_NOT_SUPPORTED, "disk", missing.toString(),
                "Disk vdev=xvda failed to stat: " + missing + ": No such file or directory");
        assertThat(((Map<?, ?>) c.call("VM.get_all_records")).size()).isEqualTo(vms);
    }

    /**
     * What a VM record has no field for stays with the VM as xl.cfg lines, and reaches the toolstack
     * at VM.start: the simulated host refuses the framebuffer by name instead of dropping it, and
     * without it the domain gets the config's watchdog action and soft affinity.
     */
    @Test
    void anXlConfigsSettingsWithoutAVmFieldGoWithTheVmToTheToolstack() throws Exception {
        String cfg = "name = \"kept\"\nkernel = \"/boot/vmlinuz\"\nmemory = 64\nvcpus = 2\n"
                + "on_watchdog = \"preserve\"\ncpus_soft = \"1\"\nvfb = [ 'vnc=1' ]\n";
        String vm = (String) c.call("jxen.create_VM_from_xl_config", cfg, "kept.cfg");
        Map<?, ?> other = (Map<?, ?>) field("VM", vm, "other_config");
        assertThat(other.get("xl-settings")).isEqualTo(
                "on_watchdog = \"preserve\"\ncpus_soft = \"1\"\nvfb = [ \"vnc=1\" ]\n");
        assertThatThrownBy(() -> c.call("VM.start", vm, false, false)).isInstanceOfSatisfying(XenApiFailure.class,
                f -> assertThat(f.description().getLast()).contains("no backend for vfb devices"));
        assertThat(field("VM", vm, "power_state")).isEqualTo("Halted");
        c.call("VM.remove_from_other_config", vm, "xl-settings");
        // a client's own settings: the VM's fields win over a key they hold (memory), the rest is taken
        c.call("VM.add_to_other_config", vm, "xl-settings", "on_watchdog = 'preserve'\ncpus_soft = '1'\nmemory = 8");
        c.call("VM.start", vm, false, false);
        long domid = (Long) field("VM", vm, "domid");
        String json = (String) c.call("jxen.get_domain_config", domid);
        assertThat(json).contains("\"on_watchdog\": \"preserve\"").contains("\"target_memkb\": 65536");
        for (Object vcpu : (List<?>) c.call("jxen.get_domain_vcpus", domid)) {
            assertThat(((Map<?, ?>) vcpu).get("soft_affinity")).isEqualTo(List.of(1L));
        }
        c.call("VM.hard_shutdown", vm);
    }

    @Test
    void vcpuParamsGiveTheDomainItsWeightCapAndPinningAsXenopsdReadsThem() throws Exception {
        String cfg = "name = \"pinned\"\nkernel = \"/boot/vmlinuz\"\nmemory = 64\nvcpus = 2\ncpus = \"1,2\"\n"
                + "cpu_weight = 512\ncap = 50\n";
        String vm = (String) c.call("jxen.create_VM_from_xl_config", cfg, "pinned.cfg");
        assertThat((Map<?, ?>) field("VM", vm, "VCPUs_params"))
                .isEqualTo(Map.of("weight", "512", "cap", "50", "mask", "1,2"));
        c.call("VM.remove_from_VCPUs_params", vm, "weight");
        c.call("VM.add_to_VCPUs_params", vm, "weight", "384");
        c.call("VM.start", vm, false, false);
        long domid = (Long) field("VM", vm, "domid");
        assertThat((Map<?, ?>) c.call("jxen.get_domain_credit2", domid)).isEqualTo(Map.of("weight", 384L, "cap", 50L));
        for (Object vcpu : (List<?>) c.call("jxen.get_domain_vcpus", domid)) {
            assertThat(((Map<?, ?>) vcpu).get("hard_affinity")).isEqualTo(List.of(1L, 2L));
        }
        c.call("VM.hard_shutdown", vm);
        c.call("VM.remove_from_VCPUs_params", vm, "mask");
        c.call("VM.add_to_VCPUs_params", vm, "mask", "1;2");
        failsWith(() -> c.call("VM.start", vm, false, false), ErrorCodes.VALUE_NOT_SUPPORTED, "VCPUs_params:mask",
                "1;2", "VM " + field("VM", vm, "uuid") + ": VCPUs_params:mask must be CPU numbers separated by commas");
    }

    @Test
    void vcpuParamsChangeLiveInTheRunningDomain_andStayForTheNextStart() throws Exception {
        String cfg = "name = \"live\"\nkernel = \"/boot/vmlinuz\"\nmemory = 64\nvcpus = 2\n";
        String vm = (String) c.call("jxen.create_VM_from_xl_config", cfg, "live.cfg");
        failsWith(() -> c.call("VM.add_to_VCPUs_params_live", vm, "weight", "512"), ErrorCodes.VM_BAD_POWER_STATE, vm,
                "running", "halted");
        c.call("VM.start", vm, false, false);
        long domid = (Long) field("VM", vm, "domid");
        c.call("VM.add_to_VCPUs_params_live", vm, "weight", "512");
        c.call("VM.add_to_VCPUs_params_live", vm, "cap", "25");
        c.call("VM.add_to_VCPUs_params_live", vm, "mask", "0,3");
        assertThat((Map<?, ?>) c.call("jxen.get_domain_credit2", domid)).isEqualTo(Map.of("weight", 512L, "cap", 25L));
        for (Object vcpu : (List<?>) c.call("jxen.get_domain_vcpus", domid)) {
            assertThat(((Map<?, ?>) vcpu).get("hard_affinity")).isEqualTo(List.of(0L, 3L));
        }
        failsWith(() -> c.call("VM.add_to_VCPUs_params_live", vm, "weight", "0"), ErrorCodes.INVALID_VALUE, "weight",
                "0");
        failsWith(() -> c.call("VM.add_to_VCPUs_params_live", vm, "cap", "half"), ErrorCodes.INVALID_VALUE, "cap",
                "half");
        failsWith(() -> c.call("VM.add_to_VCPUs_params_live", vm, "colour", "blue"), ErrorCodes.VALUE_NOT_SUPPORTED,
                "key", "colour", "a running VM's weight, cap and mask change live");
        assertThat((Map<?, ?>) field("VM", vm, "VCPUs_params"))
                .isEqualTo(Map.of("weight", "512", "cap", "25", "mask", "0,3"));
        c.call("VM.hard_shutdown", vm);
        c.call("VM.start", vm, false, false);
        assertThat((Map<?, ?>) c.call("jxen.get_domain_credit2", (Long) field("VM", vm, "domid")))
                .isEqualTo(Map.of("weight", 512L, "cap", 25L));
        c.call("VM.hard_shutdown", vm);
    }

    @Test
    void whatWasAcknowledgedIsThereAfterARestartAndRunningVmsComeBackHalted() throws Exception {
        String vm = newVm("survivor");
        c.call("VM.add_to_other_config", vm, "owner", "test");
        c.call("VM.start", vm, false, false);
        c.close();
        jxend.close();
        jxend = RunningJxend.start(dir);
        c = XenApiClient.http(jxend.http(), false);
        c.login("root", jxend.rootPassword());
        assertThat(field("VM", vm, "other_config")).isEqualTo(Map.of("owner", "test"));
        assertThat(field("VM", vm, "power_state")).isEqualTo("Halted");
        c.call("VM.start", vm, false, false);
        assertThat(field("VM", vm, "power_state")).isEqualTo("Running");
        c.call("VM.hard_shutdown", vm);
    }
}
