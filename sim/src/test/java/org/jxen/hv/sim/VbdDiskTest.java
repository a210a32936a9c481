package org.jxen.hv.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jxen.hv.DomainType;
import org.jxen.xen.testing.Commands;
import org.jxen.xen.testing.Oracles;
import org.jxen.xenstore.client.XsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The size and flags dom0's disk backends give a guest, read from real image files when the
 * device connects: blkback ({@code backend/vbd}, {@code params} a raw file, whole sectors as the
 * loop device counts them) and QEMU's qdisk ({@code backend/qdisk}, {@code FORMAT:PATH}, sizes as
 * {@code qemu-img info} reports them); and a disk the backend cannot open, which never connects
 * and says why under dom0's {@code error/}. On jxenstored in socket mode, as {@link GuestAgentTest}.
 * Not covered: the prober's format rules ({@code DiskImagesTest}, {@code DiskImagesQemuTest}).
 */
class VbdDiskTest {
    /** 10 MiB and a part sector: the backends must not agree on it. */
    private static final long ODD = (10L << 20) + 1000;

    @TempDir
    Path dir;

    private static Path raw(Path dir, String name, long size) throws IOException {
        Path image = dir.resolve(name);
        try (var file = new RandomAccessFile(image.toFile(), "rw")) {
            file.setLength(size);
        }
        return image;
    }

    /** A guest built with {@link GuestAgentTest#writeDomain}'s devices and {@code disks}, booted. */
    private int boot(SimHost host, XsClient toolstack, Disk... disks) throws Exception {
        int domid = TestDomains.built(host, DomainType.PV, 1, GuestAgentTest.MEM_KB, Set.of());
        GuestAgentTest.writeDomain(toolstack, domid, GuestAgentTest.image(dir));
        for (Disk d : disks) {
            GuestAgentTest.device(toolstack, domid, "vbd", d.backendType, d.devid,
                    List.of("params", d.params, "type", d.backendType.equals("qdisk") ? "qdisk" : "phy", "mode", d.mode,
                            "device-type", d.deviceType),
                    List.of("virtual-device", d.devid, "device-type", d.deviceType));
        }
        host.unpause(domid);
        host.runFor(2 * GuestAgentTest.SECOND);
        return domid;
    }

    /** A vbd (xvdb onwards) as libxl writes it, served by {@code backendType} (vbd: blkback, qdisk: QEMU). */
    private record Disk(String backendType, String devid, String params, String mode, String deviceType) {
        String backend(int domid) {
            return "/local/domain/0/backend/" + backendType + "/" + domid + "/" + devid;
        }
    }

    @Test
    void blkback_rawFile_wholeSectorsOfItsLength() throws Exception {
        Path image = raw(dir, "odd.img", ODD);
        GuestAgentTest.onXenStore("jxenstored", dir, (host, toolstack) -> {
            Disk disk = new Disk("vbd", "51728", image.toString(), "w", "disk");
            int domid = boot(host, toolstack, disk);
            String be = disk.backend(domid);
            assertThat(toolstack.readString(be + "/state")).isEqualTo("4");
            assertThat(toolstack.readString(be + "/sectors")).isEqualTo(Long.toString(ODD / 512));
            assertThat(toolstack.readString(be + "/sector-size")).isEqualTo("512");
            assertThat(toolstack.readString(be + "/info")).isEqualTo("0");
        });
    }

    @Test
    void qdisk_qcow2FromQemuImg_itsVirtualSizeReadOnly() throws Exception {
        Oracles.require("VbdDiskTest", Commands.toolMissing("qemu-img") == null ? null
                : "qemu-img not installed (Debian package qemu-utils)");
        Path image = dir.resolve("disk.qcow2");
        Commands.run(List.of("qemu-img", "create", "-q", "-f", "qcow2", image.toString(), Long.toString(ODD)));
        long qemuSize = qemuVirtualSize(image);
        GuestAgentTest.onXenStore("jxenstored", dir, (host, toolstack) -> {
            Disk disk = new Disk("qdisk", "51728", "qcow2:" + image, "r", "disk");
            int domid = boot(host, toolstack, disk);
            String be = disk.backend(domid);
            assertThat(toolstack.readString(be + "/state")).isEqualTo("4");
            assertThat(toolstack.readString(be + "/sectors")).isEqualTo(Long.toString(qemuSize / 512));
            assertThat(toolstack.readString(be + "/info")).isEqualTo(Integer.toString(VbdDisk.VDISK_READONLY));
        });
    }

    @Test
    void qdisk_rawCdrom_partSectorRoundedUpAsQemu_andAnEmptyDriveHasNoSectors() throws Exception {
        Path image = raw(dir, "odd.iso", ODD);
        GuestAgentTest.onXenStore("jxenstored", dir, (host, toolstack) -> {
            Disk isoDisk = new Disk("qdisk", "51728", "aio:" + image, "r", "cdrom");
            Disk emptyDrive = new Disk("qdisk", "51744", "aio:", "r", "cdrom");
            int domid = boot(host, toolstack, isoDisk, emptyDrive);
            String iso = isoDisk.backend(domid);
            String empty = emptyDrive.backend(domid);
            assertThat(toolstack.readString(iso + "/sectors")).isEqualTo(Long.toString((ODD + 511) / 512));
            assertThat(toolstack.readString(iso + "/info")).isEqualTo("5"); // VDISK_CDROM | VDISK_READONLY
            assertThat(toolstack.readString(empty + "/state")).isEqualTo("4");
            assertThat(toolstack.readString(empty + "/sectors")).isEqualTo("0");
        });
    }

    @Test
    void missingImageOrDirectory_neverConnects_errorUnderDom0() throws Exception {
        Path missing = dir.resolve("nope.img");
        Path directory = Files.createDirectories(dir.resolve("adir"));
        GuestAgentTest.onXenStore("jxenstored", dir, (host, toolstack) -> {
            Disk goneDisk = new Disk("vbd", "51728", missing.toString(), "w", "disk");
            Disk dirDisk = new Disk("qdisk", "51744", "aio:" + directory, "w", "disk");
            int domid = boot(host, toolstack, goneDisk, dirDisk);
            String gone = goneDisk.backend(domid);
            String notFile = dirDisk.backend(domid);
            String home = "/local/domain/" + domid;
            for (String be : List.of(gone, notFile)) {
                assertThat(toolstack.readOrNull(be + "/sectors")).as(be).isNull();
                assertThat(toolstack.readString(be + "/state")).as(be).isIn("5", "6"); // Closing, then Closed with the frontend
                assertThat(toolstack.readString(home + "/device/vbd/" + be.substring(be.lastIndexOf('/') + 1) + "/state"))
                        .as("the frontend of " + be).isNotEqualTo("4");
            }
            assertThat(toolstack.readString("/local/domain/0/error" + gone + "/error"))
                    .isEqualTo("2 opening the disk: disk " + missing + ": no such file; check target= in the disk spec");
            assertThat(toolstack.readString("/local/domain/0/error" + notFile + "/error"))
                    .startsWith("22 opening the disk: disk " + directory + ": not a regular file");
            assertThat(toolstack.readString(home + "/device/vbd/51712/state")).as("the guest's first disk").isEqualTo("4");
        });
    }

    private static long qemuVirtualSize(Path image) {
        Matcher m = Pattern.compile("\"virtual-size\":\\s*(\\d+)")
                .matcher(Commands.run(List.of("qemu-img", "info", "--output=json", image.toString())));
        assertThat(m.find()).isTrue();
        return Long.parseLong(m.group(1));
    }
}
