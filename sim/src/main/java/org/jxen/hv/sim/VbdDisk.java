package org.jxen.hv.sim;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.jxen.hv.sim.disk.DiskFormat;
import org.jxen.hv.sim.disk.DiskImage;
import org.jxen.hv.sim.disk.DiskImageException;
import org.jxen.hv.sim.disk.DiskImages;
import org.jxen.xenstore.client.XsClient;

/**
 * What a vbd's backend reads of the disk behind it when it connects, and writes for the frontend:
 * {@code sectors}, {@code sector-size} and {@code info}. blkback ({@code backend/vbd}) opens what
 * {@code params} names, which on the simulated host is a raw image file standing in for the loop
 * device the block hotplug script would make (a block device, or anything not a regular file, is
 * refused: there is nothing here to size it); QEMU's qdisk ({@code backend/qdisk}) opens
 * {@code FORMAT:PATH}.
 */
final class VbdDisk {
    /** blkif.h's {@code info} bits. */
    static final int VDISK_CDROM = 1;
    static final int VDISK_READONLY = 4;
    private static final int SECTOR = DiskImage.SECTOR_SIZE;
    private static final int ENOENT = 2;
    private static final int EACCES = 13;
    private static final int EINVAL = 22;

    /** Why the backend cannot open the disk: an errno as {@code xenbus_dev_fatal} prints it, and the reason. */
    static final class Unusable extends Exception {
        final int errno;

        Unusable(int errno, String message) {
            super(message);
            this.errno = errno;
        }
    }

    private VbdDisk() {
    }

    /**
     * The keys the backend at {@code be} writes at Connect, from the image its {@code params} names:
     * blkback's as Linux 6.1 writes them (the lab's loop devices: flush, barrier, persistent grants,
     * both sector sizes, and discard where the toolstack enabled it, as a loop device supports it).
     */
    static Map<String, String> connectKeys(XsClient dom0, String be, boolean qdisk) throws Unusable {
        String params = dom0.readOrNull(be + "/params");
        boolean cdrom = "cdrom".equals(dom0.readOrNull(be + "/device-type"));
        boolean readOnly = "r".equals(dom0.readOrNull(be + "/mode"));
        int info = (cdrom ? VDISK_CDROM : 0) | (readOnly ? VDISK_READONLY : 0);
        long sectors = sectors(params == null ? "" : params, qdisk, cdrom);
        Map<String, String> keys = new TreeMap<>(Map.of("sectors", Long.toString(sectors),
                "sector-size", Integer.toString(SECTOR), "info", Integer.toString(info)));
        if (!qdisk) {
            keys.putAll(Map.of("feature-flush-cache", "1", "feature-barrier", "1", "feature-persistent", "1",
                    "physical-sector-size", Integer.toString(SECTOR)));
            if ("1".equals(dom0.readOrNull(be + "/discard-enable"))) {
                keys.putAll(Map.of("feature-discard", "1", "discard-granularity", "4096", "discard-alignment", "0",
                        "discard-secure", "0"));
            }
        }
        return keys;
    }

    private static long sectors(String params, boolean qdisk, boolean cdrom) throws Unusable {
        DiskFormat format = DiskFormat.RAW;
        String path = params;
        if (qdisk) {
            int colon = params.indexOf(':');
            format = colon < 0 ? null : DiskFormat.ofQdisk(params.substring(0, colon));
            if (format == null) {
                throw new Unusable(EINVAL, "params \"" + params + "\" names no image format QEMU's xen disk"
                        + " opens (aio, qcow, qcow2, vhd, qed)");
            }
            path = params.substring(colon + 1);
        }
        if (path.isEmpty()) {
            if (cdrom) {
                return 0; // an empty drive: a cdrom without media has no sectors until one is inserted
            }
            throw new Unusable(EINVAL, "params names no image");
        }
        Path file = Path.of(path);
        try {
            DiskImage image = DiskImages.probe(file, format);
            // the loop device under blkback counts whole sectors; QEMU's raw driver rounds a part sector up
            return qdisk ? (image.virtualSize() + SECTOR - 1) / SECTOR : image.sectors();
        } catch (DiskImageException e) {
            int errno = !Files.exists(file) ? ENOENT : Files.isRegularFile(file) && !Files.isReadable(file) ? EACCES
                    : EINVAL;
            throw new Unusable(errno, e.getMessage());
        }
    }
}
