package org.jxen.toolstack.save;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 256 MiB guest through a file and back, as a save and restore move it: written from the
 * mapping in chunks of 1024 frames, read batch by batch into a scratch mapping and compared with
 * the original frames. Every word of every frame differs (its gfn and position are in it), so a
 * frame read into the wrong place shows; every seventh frame is zero. Speed is not asserted here.
 */
class SaveLargeImageTest {
    private static final int FRAMES = 256 * 256;
    private static final int CHUNK = 1024;

    @TempDir
    Path dir;

    @Test
    void roundTrip_256MiB_contentsIntact() throws IOException {
        Path file = dir.resolve("big.save");
        long[] gfns = new long[FRAMES];
        for (int i = 0; i < FRAMES; i++) {
            gfns[i] = (long) (i ^ 0x155) + 0x8_0000;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment memory = arena.allocate((long) FRAMES * 4096, 4096);
            for (int frame = 0; frame < FRAMES; frame++) {
                if (frame % 7 == 3) {
                    continue;
                }
                long base = (long) frame * 4096;
                for (int word = 0; word < 512; word++) {
                    memory.set(ValueLayout.JAVA_LONG_UNALIGNED, base + word * 8L, gfns[frame] << 20 | word);
                }
            }
            try (SaveWriter writer = SaveWriter.create(file)) {
                writer.domain(Images.DOMAIN);
                writer.config(Images.CONFIG);
                for (int from = 0; from < FRAMES; from += CHUNK) {
                    writer.pages(Arrays.copyOfRange(gfns, from, from + CHUNK),
                            memory.asSlice((long) from * 4096, (long) CHUNK * 4096));
                }
                writer.end();
            }
            long zeroFrames = (FRAMES + 3) / 7;
            assertThat(Files.size(file)).isBetween((FRAMES - zeroFrames) * 4096L, (FRAMES - zeroFrames) * 4096L + (2 << 20));
            assertThat(SaveReader.verify(file).zeroPages()).isEqualTo(zeroFrames);

            MemorySegment scratch = arena.allocate((long) CHUNK * 4096, 4096);
            int at = 0;
            try (SaveReader reader = SaveReader.open(file)) {
                reader.domain();
                reader.config();
                for (long[] batch = reader.nextPageBatch(); batch != null; batch = reader.nextPageBatch()) {
                    assertThat(batch).containsExactly(Arrays.copyOfRange(gfns, at, at + batch.length));
                    reader.readPages(scratch);
                    long bytes = (long) batch.length * 4096;
                    long mismatch = MemorySegment.mismatch(scratch, 0, bytes, memory, (long) at * 4096, (long) at * 4096 + bytes);
                    assertThat(mismatch).as("batch at frame %d", at).isEqualTo(-1);
                    at += batch.length;
                }
                reader.vcpus();
                reader.devices();
                reader.end();
            }
            assertThat(at).isEqualTo(FRAMES);
        }
    }
}
