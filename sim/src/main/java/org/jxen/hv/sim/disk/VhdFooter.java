package org.jxen.hv.sim.disk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * The 512-byte footer of a VHD (QEMU's "vpc") image, big-endian. Every VHD ends with it; a dynamic
 * or differencing disk also keeps a copy at offset 0, which is used when the one at the end is
 * gone (a half-copied file), but only if its checksum holds.
 *
 * <pre>
 * offset size field
 *   0     8   cookie "conectix"
 *  28     4   creator application ("vpc ", "qemu", "qem2", "win ", "d2v ", "CTXS", "tap\0", ...)
 *  48     8   current size (bytes)
 *  56     2   cylinders      58  1  heads      59  1  sectors per track
 *  60     4   disk type: 2 fixed, 3 dynamic, 4 differencing
 *  64     4   checksum: ones' complement of the sum of the footer's bytes, this field as zero
 * </pre>
 *
 * <p>The guest's size follows QEMU's vpc driver, which serves these images to Xen guests (qdisk):
 * Virtual PC and older QEMU wrote a size rounded to the CHS geometry and mean the geometry, so
 * the size is cylinders × heads × sectors × 512 unless the creator is one known to mean the
 * current size field, or the geometry is the maximum (65535/16/255), where it cannot say more.
 */
final class VhdFooter {
    /** "conectix". */
    static final long COOKIE = 0x636f6e6563746978L;
    static final int SIZE = 512;
    private static final long MAX_GEOMETRY_SECTORS = 65535L * 16 * 255;
    private static final int FIXED = 2;

    private VhdFooter() {
    }

    static long virtualSize(Path file, FileChannel channel, ByteBuffer head, long length)
            throws DiskImageException, IOException {
        ByteBuffer footer = length >= SIZE ? DiskImages.read(channel, length - SIZE, SIZE) : null;
        String where = "the last 512 bytes";
        if (footer == null || footer.getLong(0) != COOKIE) {
            if (head.limit() < SIZE || head.getLong(0) != COOKIE) {
                throw new DiskImageException(file, "not a vhd image (no \"conectix\" footer in the last 512 bytes"
                        + " or at offset 0" + (length < SIZE ? "; the file has only " + length + " bytes" : "")
                        + "); check format= in the disk spec");
            }
            footer = head;
            where = "the copy at offset 0";
        }
        int stored = footer.getInt(64);
        int computed = checksum(footer);
        if (stored != computed) {
            throw new DiskImageException(file, "vhd footer (" + where + ") checksum mismatch (stored "
                    + DiskImages.hex(stored) + ", computed " + DiskImages.hex(computed)
                    + "): the image is damaged; repair or re-create it");
        }
        if (footer == head && footer.getInt(60) == FIXED) {
            throw new DiskImageException(file, "fixed vhd image without its footer at the end"
                    + " (the file looks truncated); copy the image again");
        }
        long chsSectors = (long) footer.getShort(56) & 0xffff;
        chsSectors *= (footer.get(58) & 0xff) * (footer.get(59) & 0xff);
        long current = footer.getLong(48);
        if (!meansCurrentSize(footer.getInt(28)) && chsSectors != MAX_GEOMETRY_SECTORS) {
            return chsSectors * DiskImage.SECTOR_SIZE;
        }
        if (current < 0) {
            throw new DiskImageException(file, "vhd current size " + Long.toUnsignedString(current)
                    + " is beyond 2^63 bytes; the footer is damaged");
        }
        return current;
    }

    /** Creators whose images mean the current size field, as QEMU lists them. */
    private static boolean meansCurrentSize(int creator) {
        return switch (creator) {
            case 0x77696e20, // "win " Hyper-V
                 0x71656d32, // "qem2" QEMU with force_size
                 0x64327620, // "d2v " Disk2vhd
                 0x43545853, // "CTXS" XenConverter
                 0x74617000 -> true; // "tap\0" XenServer's blktap
            default -> false;
        };
    }

    private static int checksum(ByteBuffer footer) {
        int sum = 0;
        for (int i = 0; i < SIZE; i++) {
            if (i < 64 || i >= 68) {
                sum += footer.get(i) & 0xff;
            }
        }
        return ~sum;
    }
}
