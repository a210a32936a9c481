package org.jxen.hv.sim.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DiskImages#probe} on headers made by hand: the damaged, truncated, mismatched and
 * unsupported images no tool writes, each refused with a message saying what, where and what to
 * do; and the VHD size rules (CHS geometry or current size) that depend on the creator.
 * Images made by qemu-img are in {@link DiskImagesQemuTest}.
 */
class DiskImagesTest {
    @TempDir
    Path dir;

    @Test
    void probe_missingFile_refused() {
        Path file = dir.resolve("nope.img");
        assertThatThrownBy(() -> DiskImages.probe(file, DiskFormat.RAW))
                .isInstanceOf(DiskImageException.class)
                .hasMessage("disk " + file + ": no such file; check target= in the disk spec");
    }

    @Test
    void probe_directory_refusedAsNotRegular() {
        assertThatThrownBy(() -> DiskImages.probe(dir, null))
                .hasMessageStartingWith("disk " + dir + ": not a regular file")
                .hasMessageContaining("point target= at an image file");
    }

    @Test
    void probe_qed_imageSizeLittleEndianAt48() throws IOException {
        Path file = write("a.qed", qed(0, 3L << 30));
        assertThat(DiskImages.probe(file, null)).isEqualTo(new DiskImage(file, DiskFormat.QED, 3L << 30));
    }

    @Test
    void probe_qedUnknownFeature_refused() throws IOException {
        Path file = write("a.qed", qed(0x10, 1 << 20));
        assertThatThrownBy(() -> DiskImages.probe(file, DiskFormat.QED))
                .hasMessage("disk " + file + ": qed features 0x10 are unknown to QEMU's qed driver;"
                        + " convert the image with qemu-img convert -O qcow2");
    }

    @Test
    void probe_qedTruncatedOrPartSector_refused() throws IOException {
        Path shortHeader = write("short.qed", ByteBuffer.allocate(40).putInt(0, 0x51454400));
        Path partSector = write("odd.qed", qed(0, 1000));
        assertThatThrownBy(() -> DiskImages.probe(shortHeader, DiskFormat.QED)).hasMessageContaining("truncated qed header");
        assertThatThrownBy(() -> DiskImages.probe(partSector, DiskFormat.QED))
                .hasMessageContaining("qed image_size 1000 is not a whole number of 512-byte sectors");
    }

    /** A QED header (little-endian but for the magic, which is bytes "QED\0") with {@code features} and {@code size}. */
    private static ByteBuffer qed(long features, long size) {
        ByteBuffer b = ByteBuffer.allocate(4096).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put(0, new byte[] {'Q', 'E', 'D', 0}).putInt(4, 65536).putInt(8, 4).putInt(12, 1);
        return b.putLong(16, features).putLong(40, 65536 * 2).putLong(48, size);
    }

    @Test
    void probe_raw_isFileLengthWhateverTheContent() throws IOException {
        Path file = write("a.img", qcow2(3, 1 << 20, 0));
        assertThat(DiskImages.probe(file, DiskFormat.RAW)).isEqualTo(new DiskImage(file, DiskFormat.RAW, 104));
    }

    @Test
    void probe_unknownMagic_detectedAsRaw() throws IOException {
        Path file = write("a.img", ByteBuffer.allocate(1536).putLong(0, 0x1234));
        assertThat(DiskImages.probe(file, null)).isEqualTo(new DiskImage(file, DiskFormat.RAW, 1536));
    }

    @Test
    void probe_emptyFile_rawOfSizeZero() throws IOException {
        Path file = write("a.img", ByteBuffer.allocate(0));
        assertThat(DiskImages.probe(file, null).sectors()).isZero();
    }

    @Test
    void probe_qcow2v2_readsSizeAndDetects() throws IOException {
        Path file = write("a.qcow2", qcow2(2, 5L << 30, 0));
        assertThat(DiskImages.probe(file, null)).isEqualTo(new DiskImage(file, DiskFormat.QCOW2, 5L << 30));
        assertThat(DiskImages.probe(file, DiskFormat.QCOW2).sectors()).isEqualTo(10L << 20);
    }

    @Test
    void probe_qcow2WrongMagic_refused() throws IOException {
        Path file = write("a.qcow2", ByteBuffer.allocate(512));
        assertThatThrownBy(() -> DiskImages.probe(file, DiskFormat.QCOW2))
                .hasMessage("disk " + file + ": not a qcow2 image (magic 00000000, expected QFI\\xfb);"
                        + " check format= in the disk spec");
    }

    @Test
    void probe_qcow2ShorterThanMagic_refused() throws IOException {
        Path file = write("a.qcow2", ByteBuffer.allocate(2));
        assertThatThrownBy(() -> DiskImages.probe(file, DiskFormat.QCOW2))
                .hasMessageContaining("not a qcow2 image").hasMessageContaining("the file has 2 bytes");
    }

    @Test
    void probe_qcow2TruncatedHeader_refused() throws IOException {
        Path file = write("a.qcow2", qcow2(2, 1 << 20, 0).limit(40));
        assertThatThrownBy(() -> DiskImages.probe(file, DiskFormat.QCOW2))
                .hasMessage("disk " + file + ": truncated qcow2 header: the file has 40 bytes, a version 2 header"
                        + " needs 72; the image is damaged or was not fully copied");
        Path v3 = write("b.qcow2", qcow2(3, 1 << 20, 0).limit(80));
        assertThatThrownBy(() -> DiskImages.probe(v3, null)).hasMessageContaining("a version 3 header needs 104");
    }

    @Test
    void probe_qcow2v3ShortHeaderLength_refused() throws IOException {
        Path file = write("a.qcow2", qcow2(3, 1 << 20, 0).putInt(100, 72));
        assertThatThrownBy(() -> DiskImages.probe(file, null))
                .hasMessageContaining("qcow2 header_length 72 is below the 104 bytes version 3 requires");
    }

    @Test
    void probe_qcow2UnsupportedVersion_refused() throws IOException {
        Path file = write("a.qcow2", qcow2(4, 1 << 20, 0));
        assertThatThrownBy(() -> DiskImages.probe(file, null))
                .hasMessageContaining("qcow2 version 4 is not supported (only 2 and 3);"
                        + " convert the image with qemu-img convert -O qcow2");
    }

    @Test
    void probe_qcow2Encrypted_refused() throws IOException {
        Path file = write("a.qcow2", qcow2(3, 1 << 20, 2));
        assertThatThrownBy(() -> DiskImages.probe(file, DiskFormat.QCOW2))
                .hasMessage("disk " + file + ": encrypted qcow2 image (crypt_method 2, LUKS): the simulated host"
                        + " cannot open encrypted images; decrypt it with qemu-img convert");
    }

    @Test
    void probe_qcow2SizeBeyondLong_refused() throws IOException {
        Path file = write("a.qcow2", qcow2(2, -1, 0));
        assertThatThrownBy(() -> DiskImages.probe(file, null))
                .hasMessageContaining("qcow2 virtual size 18446744073709551615 is beyond 2^63 bytes");
    }

    @Test
    void probe_formatsSwapped_saysWhichToName() throws IOException {
        Path v1 = write("a.qcow", qcow1(1 << 20, 0));
        Path v2 = write("a.qcow2", qcow2(2, 1 << 20, 0));
        assertThatThrownBy(() -> DiskImages.probe(v1, DiskFormat.QCOW2))
                .hasMessageContaining("a qcow (version 1) image, not qcow2; set format=qcow in the disk spec");
        assertThatThrownBy(() -> DiskImages.probe(v2, DiskFormat.QCOW))
                .hasMessageContaining("a qcow2 (version 2) image, not qcow; set format=qcow2 in the disk spec");
    }

    @Test
    void probe_qcow1_readsSizeAndRefusesEncrypted() throws IOException {
        Path plain = write("a.qcow", qcow1(12345 * 512L, 0));
        Path secret = write("b.qcow", qcow1(1 << 20, 1));
        assertThat(DiskImages.probe(plain, null)).isEqualTo(new DiskImage(plain, DiskFormat.QCOW, 12345 * 512L));
        assertThatThrownBy(() -> DiskImages.probe(secret, DiskFormat.QCOW))
                .hasMessageContaining("encrypted qcow image (crypt_method 1, AES)");
        Path shortHeader = write("c.qcow", qcow1(1 << 20, 0).limit(47));
        assertThatThrownBy(() -> DiskImages.probe(shortHeader, DiskFormat.QCOW))
                .hasMessageContaining("truncated qcow header: the file has 47 bytes, a version 1 header needs 48");
    }

    @Test
    void probe_vhdByCreator_chsOrCurrentSize() throws IOException {
        // 1000 cylinders × 16 heads × 63 sectors = 1008000 sectors, current size one MiB more
        long chs = 1000L * 16 * 63 * 512;
        long current = chs + (1 << 20);
        for (String creator : new String[] {"vpc ", "qemu", "xyz "}) {
            Path file = write("a.vhd", fixedVhd(creator, current, 1000, 16, 63));
            assertThat(DiskImages.probe(file, DiskFormat.VHD).virtualSize()).as(creator).isEqualTo(chs);
        }
        for (String creator : new String[] {"win ", "qem2", "d2v ", "CTXS", "tap\0"}) {
            Path file = write("a.vhd", fixedVhd(creator, current, 1000, 16, 63));
            assertThat(DiskImages.probe(file, DiskFormat.VHD).virtualSize()).as(creator).isEqualTo(current);
        }
    }

    @Test
    void probe_vhdMaximumGeometry_usesCurrentSize() throws IOException {
        long current = 200L << 30;
        Path file = write("a.vhd", fixedVhd("vpc ", current, 65535, 16, 255));
        assertThat(DiskImages.probe(file, DiskFormat.VHD).virtualSize()).isEqualTo(current);
    }

    @Test
    void probe_vhdNoFooter_refused() throws IOException {
        Path file = write("a.vhd", ByteBuffer.allocate(4096));
        assertThatThrownBy(() -> DiskImages.probe(file, DiskFormat.VHD))
                .hasMessage("disk " + file + ": not a vhd image (no \"conectix\" footer in the last 512 bytes"
                        + " or at offset 0); check format= in the disk spec");
        Path tiny = write("b.vhd", ByteBuffer.allocate(100));
        assertThatThrownBy(() -> DiskImages.probe(tiny, DiskFormat.VHD)).hasMessageContaining("the file has only 100 bytes");
    }

    @Test
    void probe_vhdBadChecksum_refused() throws IOException {
        ByteBuffer image = fixedVhd("qem2", 1 << 20, 16, 4, 17);
        image.put(4096 + 48 + 7, (byte) 1);
        Path file = write("a.vhd", image);
        assertThatThrownBy(() -> DiskImages.probe(file, DiskFormat.VHD))
                .hasMessageContaining("vhd footer (the last 512 bytes) checksum mismatch")
                .hasMessageContaining("the image is damaged");
    }

    @Test
    void probe_vhdDynamicWithoutEndFooter_usesVerifiedCopyAtZero() throws IOException {
        ByteBuffer copy = footer("qem2", 3 << 20, 16, 4, 17, 3);
        Path file = write("a.vhd", ByteBuffer.allocate(2048).put(copy).clear());
        assertThat(DiskImages.probe(file, null)).isEqualTo(new DiskImage(file, DiskFormat.VHD, 3 << 20));

        ByteBuffer damaged = footer("qem2", 3 << 20, 16, 4, 17, 3);
        damaged.put(100, (byte) 9);
        Path bad = write("b.vhd", ByteBuffer.allocate(2048).put(damaged).clear());
        assertThatThrownBy(() -> DiskImages.probe(bad, DiskFormat.VHD))
                .hasMessageContaining("vhd footer (the copy at offset 0) checksum mismatch");

        Path fixed = write("c.vhd", ByteBuffer.allocate(2048).put(footer("qem2", 3 << 20, 16, 4, 17, 2)).clear());
        assertThatThrownBy(() -> DiskImages.probe(fixed, DiskFormat.VHD))
                .hasMessageContaining("fixed vhd image without its footer at the end");
    }

    private Path write(String name, ByteBuffer content) throws IOException {
        Path file = dir.resolve(name);
        byte[] bytes = new byte[content.limit()];
        content.get(0, bytes);
        return Files.write(file, bytes);
    }

    private static ByteBuffer qcow2(int version, long size, int crypt) {
        ByteBuffer header = ByteBuffer.allocate(version == 2 ? 72 : 104);
        header.putInt(0, 0x514649fb).putInt(4, version).putInt(20, 16).putLong(24, size).putInt(32, crypt);
        if (version == 3) {
            header.putInt(100, 104);
        }
        return header;
    }

    private static ByteBuffer qcow1(long size, int crypt) {
        return ByteBuffer.allocate(48).putInt(0, 0x514649fb).putInt(4, 1).putLong(24, size).putInt(36, crypt);
    }

    /** 4 KiB of data, then a fixed disk's footer. */
    private static ByteBuffer fixedVhd(String creator, long current, int cylinders, int heads, int sectors) {
        ByteBuffer image = ByteBuffer.allocate(4096 + 512);
        image.put(4096, footer(creator, current, cylinders, heads, sectors, 2), 0, 512);
        return image;
    }

    private static ByteBuffer footer(String creator, long current, int cylinders, int heads, int sectors, int type) {
        ByteBuffer footer = ByteBuffer.allocate(512);
        footer.put(0, "conectix".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        footer.put(28, creator.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        footer.putLong(40, current).putLong(48, current);
        footer.putShort(56, (short) cylinders).put(58, (byte) heads).put(59, (byte) sectors).putInt(60, type);
        int sum = 0;
        for (int i = 0; i < 512; i++) {
            sum += footer.get(i) & 0xff;
        }
        return footer.putInt(64, ~sum);
    }
}
