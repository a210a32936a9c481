package org.jxen.hv.sim.disk;

import java.nio.file.Path;

/**
 * What a guest sees of a file-backed disk: the image's virtual size, as the backend reports it in
 * XenStore ({@code sectors} and {@code sector-size}).
 *
 * @param file the image
 * @param format the format the size was read as (the detected one when the disk spec named none)
 * @param virtualSize the size the guest sees, in bytes
 */
public record DiskImage(Path file, DiskFormat format, long virtualSize) {
    /** blkback and qdisk both report 512-byte sectors for image files. */
    public static final int SECTOR_SIZE = 512;

    public DiskImage {
        if (virtualSize < 0) {
            throw new IllegalArgumentException("disk " + file + ": negative virtual size " + virtualSize);
        }
    }

    /**
     * The {@code sectors} the backend writes: whole sectors, rounded down, as both the loop device
     * under blkback and QEMU's qcow/qcow2/vpc drivers count them.
     */
    public long sectors() {
        return virtualSize / SECTOR_SIZE;
    }

    public int sectorSize() {
        return SECTOR_SIZE;
    }
}
