package org.jxen.toolstack.save;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged and foreign save images are refused by {@link SaveReader#verify} (and so before a
 * restore creates anything), each with a message naming the file, the offset, the record and what
 * to do: every truncation of a small image, a single bit flipped at every byte of it, and images
 * built by hand with a wrong magic, a newer major version, the wrong byte order, an unknown
 * mandatory record, records out of order, no END and data after END. Unknown optional records
 * are skipped. Not covered: damage that keeps every CRC right (the format cannot see it).
 */
class SaveCorruptionTest {
    @TempDir
    Path dir;
    private byte[] image;
    private Path file;

    @BeforeEach
    void smallImage() throws IOException {
        image = Images.small();
        file = dir.resolve("a.save");
        Files.write(file, image);
        assertThat(SaveReader.verify(file).pages()).isEqualTo(2);
    }

    @Test
    void verify_truncatedAtEveryOffset_refused() throws IOException {
        for (int length = 0; length < image.length; length++) {
            Files.write(file, Arrays.copyOf(image, length));
            Throwable thrown = catchThrowable(() -> SaveReader.verify(file));
            assertThat(thrown).as("truncated to %d bytes", length).isInstanceOf(SaveImageException.class)
                    .hasMessageStartingWith("save image " + file + ": offset ");
            assertThat(thrown.getMessage()).as("truncated to %d bytes", length)
                    .containsAnyOf("cut short", "the file is empty");
        }
    }

    @Test
    void verify_oneBitFlippedAtEveryByte_refused() throws IOException {
        for (int offset = 0; offset < image.length; offset++) {
            byte[] damaged = image.clone();
            damaged[offset] ^= (byte) (1 << (offset % 8));
            Files.write(file, damaged);
            assertThat(catchThrowable(() -> SaveReader.verify(file))).as("bit %d of byte %d", offset % 8, offset)
                    .isInstanceOf(SaveImageException.class)
                    .hasMessageStartingWith("save image " + file + ": offset ");
        }
    }

    @Test
    void verify_checksumMismatch_namesRecordAndOffset() throws IOException {
        byte[] damaged = image.clone();
        int pagesAt = 24 + Images.domainAndConfigRecords().length;
        damaged[pagesAt + 100] ^= 1;
        Files.write(file, damaged);
        assertThatThrownBy(() -> SaveReader.verify(file))
                .hasMessageMatching("save image .*: offset " + pagesAt + ": record 2 \\(PAGES\\): checksum mismatch"
                        + " \\(stored [0-9a-f]{8}, computed [0-9a-f]{8}\\); the image is damaged and cannot be restored");
    }

    @Test
    void open_notASaveImage_refused() throws IOException {
        Files.writeString(file, "name = \"guest\"\n");
        assertThatThrownBy(() -> SaveReader.open(file))
                .hasMessage("save image " + file + ": offset 0: not a jxen save image (it starts with 6e616d6520"
                        + "3d2022, a save image with 894a58534156450a); check the file name given to restore");
        Files.write(file, new byte[0]);
        assertThatThrownBy(() -> SaveReader.open(file)).hasMessageContaining("the file is empty");
    }

    @Test
    void open_newerMajorVersion_refused() throws IOException {
        Files.write(file, Images.concat(Images.header(2, 0, 0x01020304)));
        assertThatThrownBy(() -> SaveReader.open(file))
                .hasMessage("save image " + file + ": offset 8: format version 2.0 is not one this jxen reads (1.x);"
                        + " restore it with the jxen that saved it");
    }

    @Test
    void open_newerMinorVersion_accepted() throws IOException {
        byte[] end = Images.concat(Images.record(6, 2, new byte[0]));
        Files.write(file, Images.concat(Images.header(1, 7, 0x01020304),
                ByteBuffer.wrap(Images.domainAndConfigRecords()), ByteBuffer.wrap(end)));
        assertThat(SaveReader.verify(file).domain()).isEqualTo(Images.DOMAIN);
    }

    @Test
    void open_bigEndian_refused() throws IOException {
        Files.write(file, Images.concat(Images.header(1, 0, 0x04030201)));
        assertThatThrownBy(() -> SaveReader.open(file)).hasMessageContaining("offset 12: byte-order mark")
                .hasMessageContaining("(a big-endian image)");
    }

    @Test
    void verify_unknownMandatoryRecord_refused() throws IOException {
        write(Images.record(0x42, 2, "x".getBytes(StandardCharsets.UTF_8)), Images.record(6, 3, new byte[0]));
        int at = 24 + Images.domainAndConfigRecords().length;
        assertThatThrownBy(() -> SaveReader.verify(file))
                .hasMessage("save image " + file + ": offset " + at + ": record 2 (type 42): unknown record type,"
                        + " not marked optional; a newer jxen wrote it: restore it with that version");
    }

    @Test
    void verify_unknownOptionalRecord_skipped() throws IOException {
        write(Images.record(0x8000_0042, 2, "later".getBytes(StandardCharsets.UTF_8)), Images.record(6, 3, new byte[0]));
        assertThat(SaveReader.verify(file).pages()).isZero();
    }

    @Test
    void verify_recordsOutOfOrder_refused() throws IOException {
        Files.write(file, Images.concat(Images.header(1, 0, 0x01020304), Images.record(6, 0, new byte[0])));
        assertThatThrownBy(() -> SaveReader.verify(file))
                .hasMessageContaining("offset 24: record 0 (END) out of order at the start: an image holds DOMAIN,"
                        + " CONFIG, PAGES..., VCPU..., DEVICE..., END; it was not written by jxen or is damaged");
        write(Images.record(5, 2, deviceBody()), Images.record(4, 3, vcpuBody()), Images.record(6, 4, new byte[0]));
        assertThatThrownBy(() -> SaveReader.verify(file)).hasMessageContaining("record 3 (VCPU) out of order after DEVICE");
    }

    @Test
    void verify_missingEnd_refused() throws IOException {
        Files.write(file, Arrays.copyOf(image, image.length - 16));
        assertThatThrownBy(() -> SaveReader.verify(file))
                .hasMessage("save image " + file + ": offset " + (image.length - 16) + ": the file ends without an END"
                        + " record; the image was cut short (an interrupted save or copy) and cannot be restored");
    }

    @Test
    void verify_dataAfterEnd_refused() throws IOException {
        Files.write(file, Arrays.copyOf(image, image.length + 1));
        assertThatThrownBy(() -> SaveReader.verify(file))
                .hasMessageContaining("offset " + image.length + ": data after the END record");
    }

    @Test
    void verify_recordMissing_refusedByIndex() throws IOException {
        write(Images.record(6, 3, new byte[0]));
        assertThatThrownBy(() -> SaveReader.verify(file))
                .hasMessageContaining("record 2 (END): index 3 where 2 was expected, so a record is missing or repeated");
    }

    @Test
    void verify_malformedBodyWithRightChecksum_refused() throws IOException {
        write(Images.record(4, 2, new byte[] {1, 0, 0, 0}), Images.record(6, 3, new byte[0]));
        assertThatThrownBy(() -> SaveReader.verify(file))
                .hasMessageContaining("record 2 (VCPU): body ends inside flags (needs 4 bytes, 0 left);"
                        + " it was not written by jxen or is damaged");
    }

    @Test
    void verify_hugeLength_refusedBeforeReading() throws IOException {
        ByteBuffer record = Images.record(3, 2, new byte[8]);
        record.putInt(4, 0x7fff_fff0);
        write(record);
        assertThatThrownBy(() -> SaveReader.verify(file)).hasMessageContaining("record 2 (PAGES): body length 2147483632"
                + " exceeds the maximum");
    }

    /** The small image's DOMAIN and CONFIG records, then {@code records}. */
    private void write(ByteBuffer... records) throws IOException {
        ByteBuffer[] parts = new ByteBuffer[records.length + 2];
        parts[0] = Images.header(1, 0, 0x01020304);
        parts[1] = ByteBuffer.wrap(Images.domainAndConfigRecords());
        System.arraycopy(records, 0, parts, 2, records.length);
        Files.write(file, Images.concat(parts));
    }

    private static byte[] vcpuBody() {
        return ByteBuffer.allocate(20).order(java.nio.ByteOrder.LITTLE_ENDIAN).array();
    }

    private static byte[] deviceBody() {
        ByteBuffer body = ByteBuffer.allocate(19).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        return body.putInt(3).put("vif".getBytes(StandardCharsets.US_ASCII)).putInt(0).putInt(0).putInt(0).array();
    }
}
