package org.jxen.hv.sim.disk;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * The fields of a QED header that decide whether QEMU's qed driver opens the image and how big the
 * guest's disk is. Unlike qcow's, QED's header is little-endian.
 *
 * <pre>
 * offset  field
 *  0      magic "QED\0"
 *  4      cluster_size (u32)      8  table_size (u32)      12  header_size (u32)
 * 16      features (u64): 1 backing file, 2 needs check, 4 backing format not probed; others unknown
 * 48      image_size (u64, bytes, whole 512-byte sectors)
 *         header: 64 bytes
 * </pre>
 */
final class QedHeader {
    /** "QED\0", read big-endian as {@link DiskImages} reads magics. */
    static final int MAGIC = 0x51454400;
    private static final int HEADER_BYTES = 64;
    /** The feature bits QEMU knows ({@code QED_FEATURE_MASK}); it refuses an image with any other. */
    private static final long KNOWN_FEATURES = 0x7;

    private QedHeader() {
    }

    static long virtualSize(Path file, ByteBuffer bigEndianHead) throws DiskImageException {
        if (bigEndianHead.limit() < 4 || bigEndianHead.getInt(0) != MAGIC) {
            throw new DiskImageException(file, "not a qed image (no \"QED\\0\" magic at offset 0);"
                    + " check the disk's format");
        }
        if (bigEndianHead.limit() < HEADER_BYTES) {
            throw new DiskImageException(file, "truncated qed header: the file has " + bigEndianHead.limit()
                    + " bytes, the header needs " + HEADER_BYTES + "; the image is damaged or was not fully copied");
        }
        ByteBuffer head = bigEndianHead.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        long unknown = head.getLong(16) & ~KNOWN_FEATURES;
        if (unknown != 0) {
            throw new DiskImageException(file, "qed features 0x" + Long.toHexString(unknown)
                    + " are unknown to QEMU's qed driver; convert the image with qemu-img convert -O qcow2");
        }
        long size = head.getLong(48);
        if (size < 0 || size % DiskImage.SECTOR_SIZE != 0) {
            throw new DiskImageException(file, "qed image_size " + Long.toUnsignedString(size)
                    + " is not a whole number of 512-byte sectors below 2^63; the header is damaged");
        }
        return size;
    }
}
