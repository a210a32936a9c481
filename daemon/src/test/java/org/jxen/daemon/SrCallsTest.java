package org.jxen.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jxen.daemon.JxendSession.failsWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jxen.api.ErrorCodes;
import org.jxen.xenstore.client.XsClient;

/**
 * SRs made from directories of the host, as XAPI makes, attaches and removes SRs (xapi_sr.ml,
 * xapi_pbd.ml): an ISO library whose images a CD drive takes, a second disk SR that VMs are copied
 * onto and that comes back with its disks after it was forgotten, and what is refused.
 */
class SrCallsTest extends JxendSessionTest {
    private static final String NULL = "OpaqueRef:NULL";
    private String host;

    @BeforeEach
    void theHost() throws Exception {
        host = ((List<?>) c.call("host.get_all")).getFirst().toString();
    }

    private String createSr(Path location, String name, String type) throws Exception {
        return (String) c.call("SR.create", host, Map.of("location", location.toString()), "0", name, "",
                type, type.equals("iso") ? "iso" : "user", false, Map.of());
    }

    /** The SR's VDIs by name label, sorted. */
    private List<String> names(String sr) throws Exception {
        List<String> names = new ArrayList<>();
        for (Object vdi : list("SR", sr, "VDIs")) {
            names.add((String) field("VDI", (String) vdi, "name_label"));
        }
        return names.stream().sorted().toList();
    }

    private String disk(String sr, String name, long size) throws Exception {
        return (String) c.call("VDI.create", Map.of("name_label", name, "SR", sr, "virtual_size", Long.toString(size),
                "type", "user", "sharable", false, "read_only", false));
    }

    private String vdiNamed(String sr, String name) throws Exception {
        for (Object vdi : list("SR", sr, "VDIs")) {
            if (name.equals(field("VDI", (String) vdi, "name_label"))) {
                return (String) vdi;
            }
        }
        throw new AssertionError("no VDI " + name);
    }

    @Test
    void anIsoLibraryListsItsImages_followsItsDirectory_andLendsACdDriveOne() throws Exception {
        Path isos = Files.createDirectories(dir.resolve("isos"));
        Files.write(isos.resolve("debian.iso"), new byte[20480]);
        Files.write(isos.resolve("tools.iso"), new byte[4096]);
        Files.writeString(isos.resolve("README.txt"), "not an image");
        String sr = createSr(isos, "ISO library", "iso");
        assertThat(field("SR", sr, "content_type")).isEqualTo("iso");
        assertThat(names(sr)).containsExactly("debian.iso", "tools.iso");
        String debian = vdiNamed(sr, "debian.iso");
        assertThat(field("VDI", debian, "virtual_size")).isEqualTo(20480L);
        assertThat(field("VDI", debian, "read_only")).isEqualTo(true);
        failsWith(() -> c.call("VDI.destroy", debian), ErrorCodes.SR_OPERATION_NOT_SUPPORTED, sr);
        failsWith(() -> c.call("VDI.create", Map.of("name_label", "x", "SR", sr, "virtual_size", "4096", "type", "user",
                "sharable", false, "read_only", false)), ErrorCodes.SR_OPERATION_NOT_SUPPORTED, sr);

        Files.delete(isos.resolve("tools.iso"));
        Files.write(isos.resolve("win.ISO"), new byte[8192]);
        c.call("SR.scan", sr);
        assertThat(names(sr)).containsExactly("debian.iso", "win.ISO");

        String vm = session.newVm("installer");
        failsWith(() -> c.call("VM.copy", vm, "onto-isos", sr), ErrorCodes.OPERATION_NOT_ALLOWED,
                "Cannot copy a VM's disks to an ISO SR");
        String cd = (String) c.call("VBD.create", Map.of("VM", vm, "VDI", NULL, "userdevice", "3", "bootable", false,
                "mode", "RO", "type", "CD", "unpluggable", true, "empty", true));
        c.call("VBD.insert", cd, debian);
        c.call("VM.start", vm, false, false);
        XsClient xs = session.xenStore();
        String backend = xs.readString("/local/domain/" + field("VM", vm, "domid") + "/device/vbd/51760/backend");
        assertThat(xs.readString(backend + "/params")).endsWith(isos.resolve("debian.iso").toString());
        assertThat(xs.readString(backend + "/device-type")).isEqualTo("cdrom");

        String pbd = list("SR", sr, "PBDs").getFirst().toString();
        failsWith(() -> c.call("PBD.unplug", pbd), ErrorCodes.VDI_IN_USE, debian);
        c.call("VM.hard_shutdown", vm);
        failsWith(() -> c.call("SR.forget", sr), ErrorCodes.SR_HAS_PBD, sr);
        c.call("PBD.unplug", pbd);
        c.call("SR.forget", sr);
        failsWith(() -> c.call("SR.get_record", sr), ErrorCodes.HANDLE_INVALID, "SR", sr);
        failsWith(() -> c.call("PBD.get_record", pbd), ErrorCodes.HANDLE_INVALID, "PBD", pbd);
        assertThat(field("VBD", cd, "empty")).as("the drive that held a forgotten image").isEqualTo(true);
        assertThat(isos.resolve("debian.iso")).as("forget leaves the files").exists();
    }

    @Test
    void aSecondDiskSrTakesNewDisksAndCopies_andComesBackWithThemAfterItIsForgotten() throws Exception {
        Path disks = Files.createDirectories(dir.resolve("disks"));
        String sr = createSr(disks, "More disks", "file");
        String made = disk(sr, "data", 16L << 20);
        Path madeImage = Path.of((String) field("VDI", made, "location"));
        String madeUuid = (String) field("VDI", made, "uuid");
        assertThat(madeImage).hasParent(disks).exists();
        String vm = session.newVm("mover");
        String copy = (String) c.call("VM.copy", vm, "moved", sr);
        String copiedDisk = (String) field("VBD", list("VM", copy, "VBDs").getFirst().toString(), "VDI");
        assertThat(field("VDI", copiedDisk, "SR")).isEqualTo(sr);
        assertThat(Path.of((String) field("VDI", copiedDisk, "location"))).hasParent(disks);
        c.call("VM.start", copy, false, false);
        assertThat(field("VM", copy, "power_state")).isEqualTo("Running");
        c.call("VM.hard_shutdown", copy);
        c.call("VM.destroy", copy);

        String uuid = (String) field("SR", sr, "uuid");
        String pbd = list("SR", sr, "PBDs").getFirst().toString();
        failsWith(() -> c.call("SR.destroy", sr), ErrorCodes.SR_HAS_PBD, sr);
        c.call("PBD.unplug", pbd);
        failsWith(() -> c.call("SR.destroy", sr), ErrorCodes.SR_NOT_EMPTY);
        String local = (String) c.call("pool.get_default_SR", ((List<?>) c.call("pool.get_all")).getFirst());
        String localPbd = list("SR", local, "PBDs").getFirst().toString();
        failsWith(() -> c.call("PBD.destroy", localPbd), ErrorCodes.OPERATION_NOT_ALLOWED, "PBD is currently attached");
        c.call("SR.forget", sr);
        String localUuid = (String) field("SR", local, "uuid");
        failsWith(() -> c.call("SR.introduce", localUuid, "again", "", "file", "user", false, Map.of()),
                ErrorCodes.SR_UUID_EXISTS, localUuid);

        // Xen Orchestra's way to attach an SR that exists: introduce, a PBD, plug
        String again = (String) c.call("SR.introduce", uuid, "More disks, again", "", "file", "user", false, Map.of());
        String newPbd = (String) c.call("PBD.create", Map.of("host", host, "SR", again, "device_config",
                Map.of("location", disks.toString())));
        failsWith(() -> c.call("PBD.create", Map.of("host", host, "SR", again, "device_config", Map.of())),
                ErrorCodes.PBD_EXISTS, again, host, newPbd);
        c.call("PBD.plug", newPbd);
        failsWith(() -> c.call("PBD.set_device_config", newPbd, Map.of("location", "/elsewhere")),
                ErrorCodes.OPERATION_NOT_ALLOWED, "PBD is currently attached");
        assertThat(field("SR", again, "uuid")).isEqualTo(uuid);
        assertThat(list("SR", again, "VDIs")).as("the data disk and the copy's, which VM.destroy left").hasSize(2);
        String found = (String) c.call("VDI.get_by_uuid", madeUuid); // an image jxend made keeps its UUID
        assertThat(field("VDI", found, "SR")).isEqualTo(again);
        assertThat(field("VDI", found, "virtual_size")).isEqualTo(16L << 20);
        assertThat(field("VDI", found, "location")).isEqualTo(madeImage.toString());
        for (Object vdi : list("SR", again, "VDIs")) {
            c.call("VDI.destroy", vdi);
        }
        c.call("PBD.unplug", newPbd);
        c.call("SR.destroy", again);
        assertThat(disks).isEmptyDirectory();
    }

    @Test
    void aForgottenVdiLeavesItsImage_andIntroduceMakesAVdiOfAnImageWithTheCallersUuid() throws Exception {
        Path disks = Files.createDirectories(dir.resolve("disks"));
        String sr = createSr(disks, "disks", "file");
        String vdi = disk(sr, "kept", 8L << 20);
        Path image = Path.of((String) field("VDI", vdi, "location"));
        String vm = session.newVm("holder");
        String vbd = (String) c.call("VBD.create", Map.of("VM", vm, "VDI", vdi, "userdevice", "1", "bootable", false,
                "mode", "RW", "type", "Disk", "empty", false));
        c.call("VM.start", vm, false, false);
        failsWith(() -> c.call("VDI.forget", vdi), ErrorCodes.VDI_IN_USE, vdi, "forget");
        c.call("VM.hard_shutdown", vm);
        c.call("VDI.forget", vdi);
        assertThat(image).exists();
        assertThat(list("SR", sr, "VDIs")).isEmpty();
        assertThat(field("VBD", vbd, "empty")).isEqualTo(true);

        String uuid = "0d5c9a1e-8f3b-4c2a-9d7e-6b1f2a3c4d5e";
        String introduced = (String) c.call("VDI.introduce", uuid, "brought back", "from its image", sr, "user", false,
                false, Map.of("origin", "test"), image.getFileName().toString(), Map.of(), Map.of());
        assertThat(field("VDI", introduced, "uuid")).isEqualTo(uuid);
        assertThat(field("VDI", introduced, "name_label")).isEqualTo("brought back");
        assertThat(field("VDI", introduced, "virtual_size")).isEqualTo(8L << 20);
        assertThat(field("VDI", introduced, "location")).isEqualTo(image.toString());
        assertThat(field("VDI", introduced, "other_config")).isEqualTo(Map.of("origin", "test"));
        assertThat(c.call("VDI.introduce", uuid, "again", "", sr, "user", false, false, Map.of(), image.toString()))
                .as("the same UUID and image: that VDI").isEqualTo(introduced);
        failsWith(() -> c.call("VDI.introduce", "1d5c9a1e-8f3b-4c2a-9d7e-6b1f2a3c4d5e", "twice", "", sr, "user", false,
                false, Map.of(), image.toString()), ErrorCodes.LOCATION_NOT_UNIQUE, sr, image.toString());
        failsWith(() -> c.call("VDI.introduce", "2d5c9a1e-8f3b-4c2a-9d7e-6b1f2a3c4d5e", "none", "", sr, "user", false,
                false, Map.of(), "absent.raw"), ErrorCodes.VDI_LOCATION_MISSING, sr, "absent.raw");
        failsWith(() -> c.call("VDI.introduce", "2d5c9a1e-8f3b-4c2a-9d7e-6b1f2a3c4d5e", "outside", "", sr, "user",
                false, false, Map.of(), "../disks/../outside.raw"), ErrorCodes.VDI_LOCATION_MISSING, sr,
                "../disks/../outside.raw");
        failsWith(() -> c.call("VDI.introduce", "not-a-uuid", "bad", "", sr, "user", false, false, Map.of(),
                image.toString()), ErrorCodes.UUID_INVALID, "VDI", "not-a-uuid");
        assertThat(list("SR", sr, "VDIs")).containsExactly(introduced);
    }

    @Test
    void anSrThatCannotBeIsRefusedAndLeavesNothing() throws Exception {
        assertThat(c.call("SR.get_supported_types")).isEqualTo(List.of("file", "iso"));
        int srs = ((List<?>) c.call("SR.get_all")).size();
        int pbds = ((List<?>) c.call("PBD.get_all")).size();
        failsWith(() -> createSr(dir, "volume group", "lvm"), ErrorCodes.SR_UNKNOWN_DRIVER, "lvm");
        Path missing = dir.resolve("nowhere");
        failsWith(() -> createSr(missing, "nowhere", "file"), ErrorCodes.VALUE_NOT_SUPPORTED, "device_config:location",
                missing.toString(), "no directory " + missing + " on the host");
        failsWith(() -> c.call("SR.create", host, Map.of("location", "relative/dir"), "0", "relative", "", "file", "user",
                false), ErrorCodes.VALUE_NOT_SUPPORTED, "device_config:location", "relative/dir",
                "device_config:location must be an absolute path");
        String local = (String) c.call("pool.get_default_SR", ((List<?>) c.call("pool.get_all")).getFirst());
        Path localDir = Path.of((String) ((Map<?, ?>) field("PBD", list("SR", local, "PBDs").getFirst().toString(),
                "device_config")).get("location"));
        failsWith(() -> createSr(localDir, "twice", "file"), ErrorCodes.VALUE_NOT_SUPPORTED, "device_config:location",
                localDir.toString(), "SR " + field("SR", local, "uuid") + " is there already");
        assertThat((List<?>) c.call("SR.get_all")).hasSize(srs);
        assertThat((List<?>) c.call("PBD.get_all")).hasSize(pbds);
        failsWith(() -> c.call("SR.forget", local), ErrorCodes.OPERATION_NOT_ALLOWED,
                "the local SR holds jxend's own disks and memory images");
    }
}
