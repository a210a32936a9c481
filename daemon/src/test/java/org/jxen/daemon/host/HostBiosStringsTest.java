package org.jxen.daemon.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jxen.xen.testing.Oracles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host's BIOS strings against dmidecode, which XAPI reads them with: random SMBIOS tables
 * (odd strings, string 0, indexes past the last string, structures too short to decode, several of
 * one type, tables cut short or without an end) are written as dmidecode's dump files, and what
 * XAPI would make of {@code dmidecode -q -t 0,1,2,11}'s output must be what {@link HostBiosStrings}
 * makes of the same bytes.
 */
class HostBiosStringsTest {
    private static final String DMIDECODE = "/usr/sbin/dmidecode";
    private static final int TABLE_AT = 0x20;
    private static final List<String> STRINGS = List.of("Xen", "QEMU", "Standard PC (i440FX + PIIX, 1996)",
            "  padded both ends  ", "Not Specified", "Not Specified ", " Not Specified", "tab\there", "bell\u0007",
            "del\u007f", "caf\u00e9", "a: b: c", "Default string", "x".repeat(600));

    @TempDir
    static Path dir;

    @BeforeAll
    static void dmidecode() {
        Oracles.require("HostBiosStringsTest (dmidecode, Debian's dmidecode package)",
                Files.isExecutable(Path.of(DMIDECODE)) ? null : DMIDECODE + " is not installed");
    }

    @Test
    void randomTablesGiveWhatXapiReadsFromDmidecode() throws Exception {
        Random random = new Random(20261201);
        for (int n = 0; n < 300; n++) {
            byte[] table = table(random);
            Map<String, String> xapi = xapiReading(dmidecode(table));
            assertThat(HostBiosStrings.of(SmbiosStructure.parse(table)))
                    .as("table %d: %s", n, hex(table)).containsExactlyEntriesOf(xapi);
        }
    }

    @Test
    void aHostWithoutATableHasEveryKeyEmptyButXapisOwn() {
        Map<String, String> none = HostBiosStrings.read(dir.resolve("no-such-table"));
        assertThat(none).containsKeys("bios-vendor", "system-serial-number", "baseboard-version", "hp-rombios")
                .containsEntry("oem-1", "Xen").hasSize(13);
        assertThat(none.values().stream().filter(String::isEmpty)).hasSize(11);
    }

    /** A table of one to eight structures of the types read and others, mostly ended by an end-of-table. */
    private static byte[] table(Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int[] types = {0, 1, 2, 11, 0, 1, 2, 11, 3, 4, 126};
        int count = 1 + random.nextInt(8);
        for (int i = 0; i < count; i++) {
            int type = types[random.nextInt(types.length)];
            int[] lengths = type == 11 ? new int[] {4, 5, 5, 5} : new int[] {4, 8, 0x12, 0x12, 0x18, 0x1a, 9 + random.nextInt(20)};
            int length = lengths[random.nextInt(lengths.length)];
            List<String> strings = new ArrayList<>();
            for (int s = random.nextInt(5); s > 0; s--) {
                strings.add(STRINGS.get(random.nextInt(STRINGS.size())));
            }
            out.write(type);
            out.write(length);
            out.write(i);
            out.write(0);
            for (int at = 4; at < length; at++) {
                // string numbers: mostly valid, sometimes 0 (none) or one past the last
                out.write(random.nextInt(strings.size() + 2));
            }
            for (String s : strings) {
                out.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
                out.write(0);
            }
            if (strings.isEmpty()) {
                out.write(0);
            }
            out.write(0);
        }
        if (random.nextInt(10) > 0) {
            out.writeBytes(new byte[] {127, 4, (byte) 0xfe, (byte) 0xff, 0, 0});
        }
        byte[] table = out.toByteArray();
        // now and then cut short, inside a structure or its strings
        return random.nextInt(10) == 0 ? Arrays.copyOf(table, 1 + random.nextInt(table.length)) : table;
    }

    /** dmidecode's output for the types XAPI reads, from a dump file of {@code table} under an SMBIOS 3.0 entry point. */
    private static String dmidecode(byte[] table) throws IOException, InterruptedException {
        byte[] dump = new byte[TABLE_AT + table.length];
        byte[] anchor = "_SM3_".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(anchor, 0, dump, 0, anchor.length);
        dump[6] = 0x18;
        dump[7] = 3;
        dump[10] = 1;
        putLittleEndian(dump, 12, table.length, 4);
        putLittleEndian(dump, 16, TABLE_AT, 8);
        int sum = 0;
        for (int i = 0; i < 0x18; i++) {
            sum += dump[i];
        }
        dump[5] = (byte) -sum;
        System.arraycopy(table, 0, dump, TABLE_AT, table.length);
        Path file = dir.resolve("dmi.bin");
        Files.write(file, dump);
        Process p = new ProcessBuilder(DMIDECODE, "--from-dump", file.toString(), "-q", "-t", "0,1,2,11")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        p.waitFor();
        return output;
    }

    private static void putLittleEndian(byte[] into, int at, long value, int bytes) {
        for (int i = 0; i < bytes; i++) {
            into[at + i] = (byte) (value >>> (8 * i));
        }
    }

    /**
     * What XAPI's Bios_strings makes of dmidecode's records: the first record of each type, its
     * {@code Key: value} lines as {@code prefix-key} (lower case, blanks as dashes), "Not
     * Specified" as empty, the rest with only printable ASCII and trimmed; missing keys empty;
     * the OEM strings after XAPI's two.
     */
    private static Map<String, String> xapiReading(String output) {
        Map<String, Map<String, String>> first = new LinkedHashMap<>();
        for (String record : output.split("\n\n")) {
            String[] lines = record.split("\n");
            if (lines.length == 0 || lines[0].isEmpty() || first.containsKey(lines[0])) {
                continue;
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (String line : List.of(lines).subList(1, lines.length)) {
                int colon = line.indexOf(": ");
                if (line.startsWith("\t") && !line.startsWith("\t\t") && colon > 0) {
                    values.putIfAbsent(line.substring(1, colon), line.substring(colon + 2));
                }
            }
            first.put(lines[0], values);
        }
        Map<String, String> out = new LinkedHashMap<>();
        Map<String, String> bios = first.getOrDefault("BIOS Information", Map.of());
        out.put("bios-vendor", field(bios, "Vendor"));
        out.put("bios-version", field(bios, "Version"));
        for (List<String> kind : List.of(List.of("system-", "System Information"),
                List.of("baseboard-", "Base Board Information"))) {
            Map<String, String> v = first.getOrDefault(kind.get(1), Map.of());
            for (String key : List.of("Manufacturer", "Product Name", "Version", "Serial Number")) {
                out.put(kind.get(0) + key.toLowerCase().replace(' ', '-'), field(v, key));
            }
        }
        out.put("oem-1", "Xen");
        out.put("oem-2", "MS_VM_CERT/SHA1/bdbeb6e0a816d43fa6d3fe8aaef04c2bad9d3e3d");
        int n = 3;
        for (String s : first.getOrDefault("OEM Strings", Map.of()).values()) {
            out.put("oem-" + n++, visible(s));
        }
        out.put("hp-rombios", "");
        return out;
    }

    private static String field(Map<String, String> values, String key) {
        String v = values.getOrDefault(key, "");
        return v.equals("Not Specified") ? "" : visible(v);
    }

    private static String visible(String s) {
        return s.chars().filter(c -> c >= ' ' && c <= '~')
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString().strip();
    }

    private static String hex(byte[] bytes) {
        StringBuilder b = new StringBuilder();
        for (byte x : bytes) {
            b.append(String.format("%02x", x));
        }
        return b.toString();
    }
}
