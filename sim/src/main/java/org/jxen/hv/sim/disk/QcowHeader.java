package org.jxen.hv.sim.disk;

import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * The fields of a qcow (version 1) or qcow2 (version 2 or 3) header that decide whether QEMU can
 * open the image and how big the guest's disk is. All big-endian.
 *
 * <pre>
 * offset  qcow (v1)                 qcow2 (v2, v3)
 *  0      magic "QFI\xfb"           magic "QFI\xfb"
 *  4      version = 1               version = 2 or 3
 * 24      size (u64, bytes)         size (u64, bytes)
 * 32      cluster_bits, l2_bits     crypt_method (u32)
 * 36      crypt_method (u32)
 *         header: 48 bytes          header: 72 bytes (v2), header_length at 100 (v3, at least 104)
 * </pre>
 */
final class QcowHeader {
    /** "QFI\xfb". */
    static final int MAGIC = 0x514649fb;
    private static final int SIZE_OFFSET = 24;

    private QcowHeader() {
    }

    static long virtualSize(Path file, DiskFormat format, ByteBuffer head) throws DiskImageException {
        String name = format == DiskFormat.QCOW ? "qcow" : "qcow2";
        if (head.limit() < 8 || head.getInt(0) != MAGIC) {
            int magic = head.limit() >= 4 ? head.getInt(0) : 0;
            throw new DiskImageException(file, "not a " + name + " image (magic " + DiskImages.hex(magic)
                    + (head.limit() < 4 ? " (the file has " + head.limit() + " bytes)" : "")
                    + ", expected QFI\\xfb); check format= in the disk spec");
        }
        int version = head.getInt(4);
        if (format == DiskFormat.QCOW) {
            if (version != 1) {
                throw new DiskImageException(file, "a qcow2 (version " + version + ") image, not qcow;"
                        + " set format=qcow2 in the disk spec");
            }
            requireHeader(file, head, name, version, 48);
            return size(file, head, name, 36);
        }
        if (version == 1) {
            throw new DiskImageException(file, "a qcow (version 1) image, not qcow2; set format=qcow in the disk spec");
        }
        if (version != 2 && version != 3) {
            throw new DiskImageException(file, "qcow2 version " + Integer.toUnsignedString(version)
                    + " is not supported (only 2 and 3); convert the image with qemu-img convert -O qcow2");
        }
        requireHeader(file, head, name, version, 72);
        if (version == 3) {
            requireHeader(file, head, name, version, 104);
            int headerLength = head.getInt(100);
            if (headerLength < 104) {
                throw new DiskImageException(file, "qcow2 header_length " + Integer.toUnsignedString(headerLength)
                        + " is below the 104 bytes version 3 requires; the image is damaged");
            }
        }
        return size(file, head, name, 32);
    }

    private static void requireHeader(Path file, ByteBuffer head, String name, int version, int bytes)
            throws DiskImageException {
        if (head.limit() < bytes) {
            throw new DiskImageException(file, "truncated " + name + " header: the file has " + head.limit()
                    + " bytes, a version " + version + " header needs " + bytes
                    + "; the image is damaged or was not fully copied");
        }
    }

    private static long size(Path file, ByteBuffer head, String name, int cryptOffset) throws DiskImageException {
        int crypt = head.getInt(cryptOffset);
        if (crypt != 0) {
            String method = switch (crypt) {
                case 1 -> "AES";
                case 2 -> "LUKS";
                default -> "unknown";
            };
            throw new DiskImageException(file, "encrypted " + name + " image (crypt_method " + crypt + ", " + method
                    + "): the simulated host cannot open encrypted images; decrypt it with qemu-img convert");
        }
        long size = head.getLong(SIZE_OFFSET);
        if (size < 0) {
            throw new DiskImageException(file, name + " virtual size " + Long.toUnsignedString(size)
                    + " is beyond 2^63 bytes; the header is damaged");
        }
        return size;
    }
}
