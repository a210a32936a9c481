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
 * through XenAPI and on the SR. And XVAs made here as XAPI writes them (SHA-1 checksums): a
 * damaged chunk, a cut-short archive and bytes that are no archive are refused, leaving nothing.
 * And {@code GET /export}: a VM exported (plain and gzipped; GNU tar lists what it wrote) and
 * imported again is the same VM with the same disk bytes and MAC.
 */
class XvaTest {
    private static final int MIB = 1 << 20;

    @TempDir
    Path dir;

    @BeforeAll
    static void installed() {
        Oracles.require("XvaTest npm @xen-orchestra/xva", XenApiClients.nodeMissing());
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

    /** An XVA as XAPI writes one (SHA-1 checksums, ints as strings), damaged or cut short: refused, nothing left. */
    @Test
    void aDamagedOrTruncatedXvaIsRefusedAndLeavesNothing_aSoundOneImports() throws Exception {
        try (RunningJxend jxend = RunningJxend.start(dir.resolve("jxend"));
                XenApiClient c = XenApiClient.http(jxend.http(), false)) {
            c.login("root", jxend.rootPassword());
            String session = c.session().orElseThrow();
            int vms = ((List<?>) c.call("VM.get_all")).size();
            int vdis = ((List<?>) c.call("VDI.get_all")).size();
            byte[] chunk = new byte[MIB];
            java.util.Arrays.fill(chunk, (byte) 7);

            String damaged = put(jxend, session, c, xva(chunk, sha1(new byte[MIB]), true));
            assertThat(damaged).startsWith("IMPORT_ERROR").contains("chunk Ref:2/00000000 is damaged");
            String cut = put(jxend, session, c, xva(chunk, sha1(chunk), false));
            assertThat(cut).startsWith("IMPORT_ERROR").contains("ends before disk Ref:2 does");
            assertThat(put(jxend, session, c, "not a tar at all".getBytes(StandardCharsets.US_ASCII)))
                    .startsWith("IMPORT_ERROR");
            assertThat((List<?>) c.call("VM.get_all")).hasSize(vms);
            assertThat((List<?>) c.call("VDI.get_all")).hasSize(vdis);

            String result = put(jxend, session, c, xva(chunk, sha1(chunk), true));
            assertThat(result).startsWith("<value><array><data><value>OpaqueRef:");
            String vm = result.replaceAll(".*(OpaqueRef:[-0-9a-f]+).*", "$1");
            assertThat(c.call("VM.get_name_label", vm)).isEqualTo("exported");
            assertThat(c.call("VM.get_PV_kernel", vm)).isEqualTo("/boot/vmlinuz");
            String vdi = (String) c.call("VBD.get_VDI", ((List<?>) c.call("VM.get_VBDs", vm)).getFirst());
            try (FileChannel image = FileChannel.open(Path.of((String) c.call("VDI.get_location", vdi)))) {
                assertThat(read(image, MIB - 1, 1)).containsExactly(7);
            }
        }
    }

    @Test
    void aVmExportedAndImportedAgainHasItsSettingsDiskAndMac() throws Exception {
        try (RunningJxend jxend = RunningJxend.start(dir.resolve("jxend"));
                XenApiClient c = XenApiClient.http(jxend.http(), false)) {
            c.login("root", jxend.rootPassword());
            String session = c.session().orElseThrow();
            String template = ((List<?>) c.call("VM.get_by_name_label", "Generic Linux PV")).getFirst().toString();
            String vm = (String) c.call("VM.clone", template, "round-trip");
            c.call("VM.set_is_a_template", vm, false);
            String sr = (String) c.call("pool.get_default_SR", ((List<?>) c.call("pool.get_all")).getFirst());
            String made = (String) c.call("VDI.create", Map.of("name_label", "small", "SR", sr, "virtual_size",
                    Long.toString(5L * MIB + 4096), "type", "system", "sharable", false, "read_only", false));
            c.call("VBD.create", Map.of("VM", vm, "VDI", made, "userdevice", "0", "bootable", true, "mode", "RW",
                    "type", "Disk", "unpluggable", false, "empty", false, "other_config", Map.of()));
            c.call("VM.set_name_description", vm, "there and back");
            String net = ((List<?>) c.call("network.get_all")).getFirst().toString();
            c.call("VIF.create", Map.of("VM", vm, "network", net, "device", "0", "MAC", "00:16:3e:aa:bb:cc", "MTU", "1500",
                    "other_config", Map.of(), "qos_algorithm_type", "", "qos_algorithm_params", Map.of()));
            String disk = (String) c.call("VBD.get_VDI", ((List<?>) c.call("VM.get_VBDs", vm)).getFirst());
            long size = (Long) c.call("VDI.get_virtual_size", disk);
            try (FileChannel image = FileChannel.open(Path.of((String) c.call("VDI.get_location", disk)),
                    java.nio.file.StandardOpenOption.WRITE)) {
                image.write(ByteBuffer.wrap("boot sector".getBytes(StandardCharsets.US_ASCII)), 0);
                image.write(ByteBuffer.wrap("the end".getBytes(StandardCharsets.US_ASCII)), size - 7);
            }

            for (String compression : List.of("false", "true")) {
                String task = (String) c.call("task.create", "export", "");
                java.net.http.HttpResponse<byte[]> r = java.net.http.HttpClient.newHttpClient().send(
                        java.net.http.HttpRequest.newBuilder(jxend.http().resolve("/export?session_id=" + session
                                + "&ref=" + vm + "&use_compression=" + compression + "&task_id=" + task)).GET().build(),
                        java.net.http.HttpResponse.BodyHandlers.ofByteArray());
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(c.call("task.get_status", task)).isEqualTo("success");
                Path xva = dir.resolve("exported-" + compression + ".xva");
                java.nio.file.Files.write(xva, r.body());
                assertThat(tarList(xva)).startsWith("ova.xml\nRef:").contains("/00000000\n")
                        .contains("/00000000.xxhash\n");

                String result = put(jxend, session, c, r.body());
                String back = result.replaceAll(".*(OpaqueRef:[-0-9a-f]+).*", "$1");
                assertThat(c.call("VM.get_name_label", back)).isEqualTo("round-trip");
                assertThat(c.call("VM.get_name_description", back)).isEqualTo("there and back");
                assertThat(c.call("VM.get_uuid", back)).isNotEqualTo(c.call("VM.get_uuid", vm));
                assertThat(c.call("VIF.get_MAC", ((List<?>) c.call("VM.get_VIFs", back)).getFirst()))
                        .isEqualTo("00:16:3e:aa:bb:cc");
                String copy = (String) c.call("VBD.get_VDI", ((List<?>) c.call("VM.get_VBDs", back)).getFirst());
                assertThat(c.call("VDI.get_virtual_size", copy)).isEqualTo(size);
                try (FileChannel image = FileChannel.open(Path.of((String) c.call("VDI.get_location", copy)))) {
                    assertThat(new String(readBytes(image, 0, 11), StandardCharsets.US_ASCII)).isEqualTo("boot sector");
                    assertThat(new String(readBytes(image, size - 7, 7), StandardCharsets.US_ASCII)).isEqualTo("the end");
                }
            }
            String qcow2 = (String) c.call("VM.clone", template, "qcow2");
            c.call("VM.set_is_a_template", qcow2, false);
            String q = (String) c.call("VDI.create", Map.of("name_label", "q", "SR", sr, "virtual_size",
                    Long.toString(MIB), "type", "system", "sharable", false, "read_only", false,
                    "sm_config", Map.of("image-format", "qcow2")));
            c.call("VBD.create", Map.of("VM", qcow2, "VDI", q, "userdevice", "0", "bootable", true, "mode", "RW",
                    "type", "Disk", "unpluggable", false, "empty", false, "other_config", Map.of()));
            java.net.http.HttpResponse<String> refused = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(jxend.http().resolve("/export?session_id=" + session + "&uuid="
                            + c.call("VM.get_uuid", qcow2))).GET().build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.body()).contains("VALUE_NOT_SUPPORTED").contains("qcow2");

            c.call("VM.start", vm, false, false);
            java.net.http.HttpResponse<String> running = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(jxend.http().resolve("/export?session_id=" + session + "&ref="
                            + vm)).GET().build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(running.statusCode()).isEqualTo(400);
            assertThat(running.body()).contains("VM_BAD_POWER_STATE");
        }
    }

    /** The names GNU tar lists in {@code xva} (gzip or not), one per line. */
    private static String tarList(Path xva) throws Exception {
        Process tar = new ProcessBuilder("tar", "-taf", xva.toString()).redirectErrorStream(true).start();
        String out = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(tar.waitFor()).as("tar -t: %s", out).isZero();
        return out;
    }

    /** PUT /import with a task; the task's result or error, as the body says it. */
    private static String put(RunningJxend jxend, String session, XenApiClient c, byte[] xva) throws Exception {
        String task = (String) c.call("task.create", "import", "");
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(jxend.http().resolve("/import?session_id=" + session + "&task_id="
                        + task)).PUT(java.net.http.HttpRequest.BodyPublishers.ofByteArray(xva)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        String status = (String) c.call("task.get_status", task);
        assertThat(status).isEqualTo(r.body().startsWith("IMPORT_ERROR") ? "failure" : "success");
        return r.body();
    }

    /** A PV VM with one 1 MiB disk holding {@code chunk}, its checksum {@code sum}; {@code whole}: with the chunk. */
    private static byte[] xva(byte[] chunk, String sum, boolean whole) throws Exception {
        String ova = "<value><struct><member><name>version</name><value><struct>"
                + "<member><name>export_vsn</name><value>2</value></member></struct></value></member>"
                + "<member><name>objects</name><value><array><data>"
                + object("VM", "Ref:1", "<member><name>name_label</name><value>exported</value></member>"
                        + "<member><name>PV_kernel</name><value>/boot/vmlinuz</value></member>"
                        + "<member><name>memory_static_max</name><value>134217728</value></member>"
                        + "<member><name>memory_dynamic_max</name><value>134217728</value></member>"
                        + "<member><name>memory_dynamic_min</name><value>134217728</value></member>"
                        + "<member><name>memory_static_min</name><value>134217728</value></member>"
                        + "<member><name>VCPUs_max</name><value>1</value></member>"
                        + "<member><name>VCPUs_at_startup</name><value>1</value></member>"
                        + "<member><name>affinity</name><value>Ref:99</value></member>")
                + object("VDI", "Ref:2", "<member><name>name_label</name><value>exported disk</value></member>"
                        + "<member><name>virtual_size</name><value>1048576</value></member>"
                        + "<member><name>type</name><value>system</value></member>"
                        + "<member><name>SR</name><value>Ref:3</value></member>")
                + object("VBD", "Ref:4", "<member><name>VM</name><value>Ref:1</value></member>"
                        + "<member><name>VDI</name><value>Ref:2</value></member>"
                        + "<member><name>userdevice</name><value>0</value></member>"
                        + "<member><name>type</name><value>Disk</value></member>"
                        + "<member><name>mode</name><value>RW</value></member>"
                        + "<member><name>bootable</name><value><boolean>1</boolean></value></member>")
                + "</data></array></value></member></struct></value>";
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        entry(out, "ova.xml", ova.getBytes(StandardCharsets.UTF_8));
        if (whole) {
            entry(out, "Ref:2/00000000", chunk);
            entry(out, "Ref:2/00000000.checksum", sum.getBytes(StandardCharsets.US_ASCII));
        }
        out.write(new byte[1024]);
        return out.toByteArray();
    }

    private static String object(String cls, String id, String members) {
        return "<value><struct><member><name>class</name><value>" + cls + "</value></member>"
                + "<member><name>id</name><value>" + id + "</value></member>"
                + "<member><name>snapshot</name><value><struct>" + members + "</struct></value></member>"
                + "</struct></value>";
    }

    /** One ustar entry: a header with its checksum, the data padded to 512 bytes. */
    private static void entry(java.io.ByteArrayOutputStream out, String name, byte[] data) {
        byte[] h = new byte[512];
        put(h, 0, name);
        put(h, 100, "0000644");
        put(h, 124, String.format("%011o", data.length));
        put(h, 136, "00000000000");
        h[156] = '0';
        put(h, 257, "ustar");
        put(h, 263, "00");
        java.util.Arrays.fill(h, 148, 156, (byte) ' ');
        int sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        put(h, 148, String.format("%06o", sum));
        h[154] = 0;
        out.writeBytes(h);
        out.writeBytes(data);
        out.writeBytes(new byte[(512 - data.length % 512) % 512]);
    }

    private static void put(byte[] header, int at, String text) {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, header, at, b.length);
    }

    private static String sha1(byte[] data) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1").digest(data));
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
