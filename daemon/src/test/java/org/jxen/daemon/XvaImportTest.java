package org.jxen.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxen.api.client.XenApiClient;
import org.jxen.xen.testing.Oracles;

/**
 * {@code PUT /import} fed by a writer nobody here wrote: Xen Orchestra's {@code @xen-orchestra/xva}
 * (its XXH64 checksums, a chunk of zeros left out, a body of unknown length through npm
 * {@code xen-api}'s putResource and its task). The VM, its disk's bytes and its NIC are checked
 * through XenAPI and on the SR.
 */
class XvaImportTest {
    private static final int MIB = 1 << 20;

    @TempDir
    Path dir;

    @BeforeAll
    static void installed() {
        Oracles.require("XvaImportTest npm @xen-orchestra/xva", XenApiClients.nodeMissing());
    }

    @Test
    void xenOrchestrasXvaBecomesAHaltedVmWithItsDiskAndNic() throws Exception {
        try (RunningJxend jxend = RunningJxend.start(dir.resolve("jxend"));
                XenApiClient c = XenApiClient.http(jxend.http(), false)) {
            JsonNode made = XenApiClients.node(dir.resolve("client"), "xva-import.mjs",
                    Map.of("XAPI_URL", jxend.http().toString(), "XAPI_PASSWORD", jxend.rootPassword()));
            String vm = made.at("/vm").asText();
            c.login("root", jxend.rootPassword());
            assertThat(c.call("VM.get_name_label", vm)).isEqualTo("from-xo");
            assertThat(c.call("VM.get_power_state", vm)).isEqualTo("Halted");
            assertThat(c.call("VM.get_memory_static_max", vm)).isEqualTo(256L * MIB);
            assertThat(c.call("VM.get_VCPUs_max", vm)).isEqualTo(2L);
            assertThat(c.call("VM.get_HVM_boot_policy", vm)).isEqualTo("BIOS order");

            List<?> vbds = (List<?>) c.call("VM.get_VBDs", vm);
            assertThat(vbds).hasSize(1);
            String vdi = (String) c.call("VBD.get_VDI", vbds.getFirst());
            assertThat(c.call("VDI.get_name_label", vdi)).isEqualTo("xo disk");
            assertThat(c.call("VDI.get_virtual_size", vdi)).isEqualTo(3L * MIB);
            try (FileChannel image = FileChannel.open(Path.of((String) c.call("VDI.get_location", vdi)))) {
                assertThat(image.size()).isEqualTo(3L * MIB);
                assertThat(read(image, 0, 4)).containsExactly(0xab, 0xab, 0xab, 0xab);
                assertThat(read(image, MIB - 1, 2)).containsExactly(0xab, 0);
                assertThat(read(image, 2 * MIB, 4)).containsExactly(0, 0, 0, 0);
                assertThat(new String(readBytes(image, 2 * MIB + 12345, 14), StandardCharsets.US_ASCII))
                        .isEqualTo("the last chunk");
            }
            List<?> vifs = (List<?>) c.call("VM.get_VIFs", vm);
            assertThat(vifs).hasSize(1);
            assertThat(c.call("VIF.get_MAC", vifs.getFirst())).isEqualTo("00:16:3e:12:34:56");
            assertThat(c.call("VIF.get_network", vifs.getFirst()))
                    .isEqualTo(((List<?>) c.call("network.get_all")).getFirst());
        }
    }

    private static int[] read(FileChannel f, long at, int n) throws Exception {
        byte[] b = readBytes(f, at, n);
        int[] unsigned = new int[n];
        for (int i = 0; i < n; i++) {
            unsigned[i] = b[i] & 0xff;
        }
        return unsigned;
    }

    private static byte[] readBytes(FileChannel f, long at, int n) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(n);
        f.read(b, at);
        return b.array();
    }
}
