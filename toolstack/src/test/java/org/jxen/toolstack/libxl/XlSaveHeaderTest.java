package org.jxen.toolstack.libxl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.jxen.toolstack.ToolstackException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** xl's save header: written as xl writes it, read back, and every damaged or foreign header refused with a reason. */
class XlSaveHeaderTest {
    private static final String CONFIG = "{\n    \"c_info\": {\n        \"name\": \"alpha\"\n    }\n}";

    @Test
    void aHeaderReadsBackWithItsConfigAndWhereTheStreamStarts(@TempDir Path dir) throws Exception {
        byte[] header = XlSaveHeader.write(CONFIG);
        Path file = dir.resolve("alpha.save");
        Files.write(file, concat(header, "libxl stream".getBytes()));
        XlSaveHeader read = XlSaveHeader.read(file);
        assertThat(read.configJson()).isEqualTo(CONFIG);
        assertThat(read.streamVersion()).isEqualTo(2);
        assertThat(read.streamOffset()).isEqualTo(header.length);
        // xl's layout: magic, byte-order mark, JSON|v2 flags, optional length, then the config's length with its NUL
        ByteBuffer b = ByteBuffer.wrap(header).order(ByteOrder.nativeOrder());
        assertThat(Arrays.copyOf(header, 32)).isEqualTo("Xen saved domain, xl format\n \0 \r".getBytes());
        assertThat(b.getInt(32)).isEqualTo(0x01020304);
        assertThat(b.getInt(36)).isEqualTo(3);
        assertThat(b.getInt(44)).isEqualTo(4 + CONFIG.length() + 1);
        assertThat(b.getInt(48)).isEqualTo(CONFIG.length() + 1);
        assertThat(header[header.length - 1]).isZero();
    }

    @Test
    void damagedOrForeignFilesAreRefusedSayingWhy(@TempDir Path dir) throws IOException {
        byte[] good = XlSaveHeader.write(CONFIG);
        assertRefused(dir, "jxen save file".getBytes(), "no xl save header");
        assertRefused(dir, Arrays.copyOf(good, 40), "no xl save header");
        assertRefused(dir, Arrays.copyOf(good, 60), "ends inside its header");
        byte[] swapped = good.clone();
        ByteBuffer.wrap(swapped).order(ByteOrder.nativeOrder()).putInt(32, 0x04030201);
        assertRefused(dir, swapped, "other byte order");
        byte[] unknownFlag = good.clone();
        ByteBuffer.wrap(unknownFlag).order(ByteOrder.nativeOrder()).putInt(36, 3 | 1 << 5);
        assertRefused(dir, unknownFlag, "mandatory flags 0x23");
        byte[] oldText = good.clone();
        ByteBuffer.wrap(oldText).order(ByteOrder.nativeOrder()).putInt(36, 2);
        assertRefused(dir, oldText, "old text format");
        byte[] hugeConfig = good.clone();
        ByteBuffer.wrap(hugeConfig).order(ByteOrder.nativeOrder()).putInt(48, 1 << 20);
        assertRefused(dir, hugeConfig, "does not fit its header");
    }

    private static void assertRefused(Path dir, byte[] content, String why) throws IOException {
        Path file = Files.write(dir.resolve("bad.save"), content);
        assertThatThrownBy(() -> XlSaveHeader.read(file)).isInstanceOf(ToolstackException.class)
                .hasMessageContaining(file + " cannot be restored").hasMessageContaining(why)
                .extracting(e -> ((ToolstackException) e).kind()).isEqualTo(ToolstackException.Kind.BAD_IMAGE);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
