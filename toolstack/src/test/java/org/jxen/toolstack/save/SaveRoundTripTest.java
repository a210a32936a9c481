package org.jxen.toolstack.save;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SaveWriter} to {@link SaveReader}: every record type comes back with exactly what was
 * written, pages are batched by 1024 and zero frames restored as zeros, the bytes follow the
 * layout documented in {@link SaveFormat}, and both ends refuse to be called out of order.
 * Damaged images are {@link SaveCorruptionTest}'s; a large image {@link SaveLargeImageTest}'s.
 */
class SaveRoundTripTest {
    @TempDir
    Path dir;

    @Test
    void roundTrip_everyRecordType_exactContents() throws IOException {
        Path file = dir.resolve("a.save");
        int frames = 1500;
        long[] gfns = LongStream.range(0, frames).map(i -> 0x10_0000 + 3 * i).toArray();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment memory = arena.allocate((long) frames * 4096);
            byte[] random = new byte[(int) memory.byteSize()];
            new Random(42).nextBytes(random);
            MemorySegment.copy(MemorySegment.ofArray(random), 0, memory, 0, random.length);
            for (int zero : new int[] {0, 5, 1023, 1024, 1499}) {
                memory.asSlice(zero * 4096L, 4096).fill((byte) 0);
            }
            try (SaveWriter writer = SaveWriter.create(file)) {
                writer.domain(Images.DOMAIN);
                writer.config(Images.CONFIG);
                writer.pages(Arrays.copyOf(gfns, 1000), memory.asSlice(0, 1000 * 4096L));
                writer.pages(Arrays.copyOfRange(gfns, 1000, frames), memory.asSlice(1000 * 4096L));
                writer.vcpu(Images.VCPU0);
                writer.vcpu(Images.VCPU1);
                writer.device(Images.VBD);
                writer.end();
            }

            MemorySegment restored = arena.allocate(memory.byteSize());
            restored.fill((byte) 0xaa);
            try (SaveReader reader = SaveReader.open(file)) {
                assertThat(reader.domain()).isEqualTo(Images.DOMAIN);
                assertThat(reader.config()).isEqualTo(Images.CONFIG);
                List<Integer> batches = new ArrayList<>();
                int at = 0;
                for (long[] batch = reader.nextPageBatch(); batch != null; batch = reader.nextPageBatch()) {
                    assertThat(batch).containsExactly(Arrays.copyOfRange(gfns, at, at + batch.length));
                    reader.readPages(restored.asSlice(at * 4096L));
                    batches.add(batch.length);
                    at += batch.length;
                }
                assertThat(batches).containsExactly(1000, 500);
                assertThat(reader.vcpus()).containsExactly(Images.VCPU0, Images.VCPU1);
                assertThat(reader.devices()).containsExactly(Images.VBD);
                reader.end();
            }
            assertThat(restored.mismatch(memory)).isEqualTo(-1);
        }
        assertThat(SaveReader.verify(file))
                .isEqualTo(new SaveSummary(Images.DOMAIN, frames, 5, 2, 1, Files.size(file)));
    }

    @Test
    void roundTrip_zeroPages_storedAsFlagsRestoredAsZeros() throws IOException {
        Path file = dir.resolve("zero.save");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment zeros = arena.allocate(3 * 4096L);
            try (SaveWriter writer = SaveWriter.create(file)) {
                writer.domain(Images.DOMAIN);
                writer.config("{}");
                writer.pages(new long[] {1, 2, 3}, zeros);
                writer.end();
            }
            assertThat(Files.size(file)).isLessThan(4096);
            MemorySegment restored = arena.allocate(3 * 4096L).fill((byte) 0xff);
            try (SaveReader reader = SaveReader.open(file)) {
                reader.domain();
                reader.config();
                assertThat(reader.nextPageBatch()).containsExactly(1, 2, 3);
                reader.readPages(restored);
                assertThat(reader.nextPageBatch()).isNull();
                assertThat(reader.vcpus()).isEmpty();
                assertThat(reader.devices()).isEmpty();
                reader.end();
            }
            assertThat(restored.mismatch(zeros)).isEqualTo(-1);
        }
        assertThat(SaveReader.verify(file).zeroPages()).isEqualTo(3);
    }

    @Test
    void layout_headerAndRecordsAsDocumented() throws IOException {
        byte[] image = Images.small();
        assertThat(HexFormat.of().formatHex(image, 0, 20)).isEqualTo("894a5853415645" + "0a" + "0100" + "0000"
                + "04030201" + "00000000");
        ByteBuffer bytes = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(bytes.getInt(24)).as("first record type").isEqualTo(1);
        int index = 0;
        int at = 24;
        int pagesAt = -1;
        while (at < image.length) {
            int length = bytes.getInt(at + 4);
            int next = at + 8 + length + (-length & 7) + 8;
            assertThat(next % 8).isZero();
            assertThat(bytes.getInt(next - 8)).as("index").isEqualTo(index++);
            if (bytes.getInt(at) == 3) {
                pagesAt = at;
            }
            at = next;
        }
        assertThat(at).isEqualTo(image.length);
        assertThat(index).isEqualTo(7);
        assertThat(bytes.getInt(image.length - 16)).as("END type").isEqualTo(6);
        assertThat(bytes.getInt(image.length - 12)).as("END length").isZero();
        // PAGES: count 2, reserved, gfn 7 flagged zero, gfn 9, then one frame of data
        assertThat(bytes.getInt(pagesAt + 4)).isEqualTo(8 + 16 + 4096);
        assertThat(bytes.getInt(pagesAt + 8)).isEqualTo(2);
        assertThat(bytes.getLong(pagesAt + 16)).isEqualTo(7 | 1L << 63);
        assertThat(bytes.getLong(pagesAt + 24)).isEqualTo(9);
        assertThat(image[pagesAt + 32]).isEqualTo((byte) 0x5a);
    }

    @Test
    void writer_outOfOrder_refused() throws IOException {
        try (SaveWriter writer = SaveWriter.create(dir.resolve("b.save"))) {
            assertThatThrownBy(() -> writer.config("{}")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cannot write CONFIG first");
            writer.domain(Images.DOMAIN);
            writer.config("{}");
            writer.device(Images.VBD);
            assertThatThrownBy(() -> writer.vcpu(Images.VCPU0)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cannot write VCPU after DEVICE");
        }
    }

    @Test
    void writer_pagesShorterThanFrames_refused() throws IOException {
        try (Arena arena = Arena.ofConfined(); SaveWriter writer = SaveWriter.create(dir.resolve("c.save"))) {
            writer.domain(Images.DOMAIN);
            writer.config("{}");
            assertThatThrownBy(() -> writer.pages(new long[] {1, 2}, arena.allocate(4096)))
                    .hasMessage("2 frames need 8192 bytes of pages, the segment has 4096");
        }
    }

    @Test
    void reader_calledOutOfOrder_refused() throws IOException {
        Path file = Files.write(dir.resolve("d.save"), Images.small());
        try (SaveReader reader = SaveReader.open(file)) {
            assertThatThrownBy(reader::config).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("the DOMAIN record at offset 24 is not read yet");
            reader.domain();
            assertThatThrownBy(reader::domain).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("the DOMAIN record was already read");
            reader.config();
            assertThatThrownBy(reader::vcpus).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cannot read VCPU records: the PAGES record");
            assertThatThrownBy(() -> reader.readPages(MemorySegment.ofArray(new byte[8192])))
                    .hasMessageContaining("call nextPageBatch first");
            assertThat(reader.nextPageBatch()).containsExactly(7, 9);
            MemorySegment into = MemorySegment.ofArray(new byte[8192]);
            reader.readPages(into);
            assertThat(into.get(ValueLayout.JAVA_BYTE, 4096)).isEqualTo((byte) 0x5a);
            assertThat(into.get(ValueLayout.JAVA_BYTE, 4095)).isZero();
        }
    }
}
