package org.jxen.hv.sim.disk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Sizes a file-backed disk the way its backend would, reading only the image's header (or a VHD's
 * footer): the simulated host's blkback and qdisk write the result as the vbd's {@code sectors}
 * when they connect, and a wrong size would be seen by the guest.
 *
 * <p>Raw images are their file's length. qcow, qcow2, qed and vhd store their virtual size in the
 * header ({@link QcowHeader}, {@link QedHeader}, {@link VhdFooter}). With no format in the disk spec the format is
 * detected from the magic at offset 0, as QEMU probes it; anything else is raw.
 */
public final class DiskImages {
    /** Enough for every header read here: a qcow2 v3 header is 104 bytes, a VHD footer 512. */
    static final int HEAD_BYTES = 512;

    private DiskImages() {
    }

    /**
     * The size the guest sees of {@code file} read as {@code format}, or detected from its magic
     * when {@code format} is null (libxl's "unknown").
     *
     * @throws DiskImageException when the file is missing, not a regular file, not of the format
     *     named, damaged, or of a kind the simulated host cannot open
     */
    public static DiskImage probe(Path file, DiskFormat format) throws DiskImageException {
        if (!Files.exists(file)) {
            throw new DiskImageException(file, "no such file; check target= in the disk spec");
        }
        if (!Files.isRegularFile(file)) {
            throw new DiskImageException(file, "not a regular file (a directory or a block or character"
                    + " device): jxen sizes image files only; point target= at an image file");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long length = channel.size();
            ByteBuffer head = read(channel, 0, (int) Math.min(HEAD_BYTES, length));
            DiskFormat actual = format != null ? format : detect(file, head);
            long size = switch (actual) {
                case RAW -> length;
                case QCOW, QCOW2 -> QcowHeader.virtualSize(file, actual, head);
                case VHD -> VhdFooter.virtualSize(file, channel, head, length);
                case QED -> QedHeader.virtualSize(file, head);
            };
            return new DiskImage(file, actual, size);
        } catch (NoSuchFileException e) {
            throw new DiskImageException(file, "no such file; check target= in the disk spec", e);
        } catch (DiskImageException e) {
            throw e;
        } catch (IOException e) {
            throw new DiskImageException(file, "cannot read the image header (" + e.getMessage()
                    + "); check that the file is readable by jxen", e);
        }
    }

    /** QEMU's probe, as far as Xen's formats go: the magic at offset 0, else raw. */
    private static DiskFormat detect(Path file, ByteBuffer head) {
        if (head.limit() >= 8 && head.getInt(0) == QcowHeader.MAGIC) {
            return head.getInt(4) == 1 ? DiskFormat.QCOW : DiskFormat.QCOW2;
        }
        if (head.limit() >= 8 && head.getLong(0) == VhdFooter.COOKIE) {
            return DiskFormat.VHD;
        }
        if (head.limit() >= 4 && head.getInt(0) == QedHeader.MAGIC) {
            return DiskFormat.QED;
        }
        return DiskFormat.RAW;
    }

    /** Up to {@code count} bytes at {@code offset}, big-endian, limit = the bytes the file had. */
    static ByteBuffer read(FileChannel channel, long offset, int count) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(count).order(ByteOrder.BIG_ENDIAN);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, offset + buffer.position()) < 0) {
                break;
            }
        }
        return buffer.flip();
    }

    /** Four bytes as eight hex digits, for messages. */
    static String hex(int value) {
        return String.format("%08x", value);
    }
}
