package org.jxen.daemon.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The host's BIOS strings as XAPI gives them in {@code host.bios_strings} (and copies into a VM by
 * {@code VM.copy_bios_strings}): the BIOS vendor and version, the system's and the baseboard's
 * maker, product, version and serial number, XAPI's two standard OEM strings followed by the
 * firmware's own, and {@code hp-rombios}, always empty. XAPI reads them from dmidecode's output;
 * jxend reads the same SMBIOS structures itself, and gives what XAPI's reading of dmidecode gives:
 * "Not Specified" is empty, a missing field or structure too.
 */
public final class HostBiosStrings {
    private static final Logger LOG = Logger.getLogger(HostBiosStrings.class.getName());
    /** Where Linux shows the firmware's SMBIOS table (root may read it). */
    public static final Path DMI_TABLE = Path.of("/sys/firmware/dmi/tables/DMI");
    /** The OEM strings XAPI puts before the firmware's own (its Constants.standard_type11_strings). */
    public static final List<Map.Entry<String, String>> STANDARD_OEM = List.of(Map.entry("oem-1", "Xen"),
            Map.entry("oem-2", "MS_VM_CERT/SHA1/bdbeb6e0a816d43fa6d3fe8aaef04c2bad9d3e3d"));

    private static final int BIOS = 0;
    private static final int SYSTEM = 1;
    private static final int BASEBOARD = 2;
    private static final int OEM_STRINGS = 11;
    private static final List<String> FOUR_KEYS = List.of("manufacturer", "product-name", "version", "serial-number");

    private HostBiosStrings() {
    }

    /** The host's strings from its SMBIOS table at {@code table}; with none readable, the strings of a host without one. */
    public static Map<String, String> read(Path table) {
        try {
            return of(SmbiosStructure.parse(Files.readAllBytes(table)));
        } catch (IOException e) {
            LOG.warning("cannot read the host's SMBIOS table " + table + " (" + e
                    + "): host.bios_strings has its keys with empty values");
            return of(List.of());
        }
    }

    /** The strings XAPI makes of these SMBIOS structures (the first of each type counts). */
    public static Map<String, String> of(List<SmbiosStructure> structures) {
        Map<String, String> out = new LinkedHashMap<>();
        SmbiosStructure bios = first(structures, BIOS);
        // dmidecode decodes a BIOS structure's fields only from 18 bytes, the others' from 8
        boolean biosDecoded = bios != null && bios.hasLength(0x12);
        out.put("bios-vendor", biosDecoded ? dmiValue(bios.stringAt(4)) : "");
        out.put("bios-version", biosDecoded ? dmiValue(bios.stringAt(5)) : "");
        fourStrings(out, "system-", first(structures, SYSTEM));
        fourStrings(out, "baseboard-", first(structures, BASEBOARD));
        STANDARD_OEM.forEach(e -> out.put(e.getKey(), e.getValue()));
        SmbiosStructure oem = first(structures, OEM_STRINGS);
        if (oem != null && oem.hasLength(5)) {
            for (int i = 1; i <= oem.byteAt(4); i++) {
                out.put("oem-" + (STANDARD_OEM.size() + i), visible(oem.string(i)));
            }
        }
        out.put("hp-rombios", "");
        return Collections.unmodifiableMap(out);
    }

    /**
     * The strings of a host whose firmware gives these: the BIOS vendor and version and the
     * system's maker and product; everything else empty, as on a machine that leaves them unset.
     */
    public static Map<String, String> of(String biosVendor, String biosVersion, String manufacturer, String product) {
        Map<String, String> out = new LinkedHashMap<>(of(List.of()));
        out.put("bios-vendor", biosVendor);
        out.put("bios-version", biosVersion);
        out.put("system-manufacturer", manufacturer);
        out.put("system-product-name", product);
        return Collections.unmodifiableMap(out);
    }

    private static void fourStrings(Map<String, String> out, String prefix, SmbiosStructure s) {
        for (int i = 0; i < FOUR_KEYS.size(); i++) {
            out.put(prefix + FOUR_KEYS.get(i), s != null && s.hasLength(8) ? dmiValue(s.stringAt(4 + i)) : "");
        }
    }

    private static SmbiosStructure first(List<SmbiosStructure> structures, int type) {
        return structures.stream().filter(s -> s.type() == type).findFirst().orElse(null);
    }

    /** A field as XAPI takes it from dmidecode's line: "Not Specified" is empty, the rest visible and trimmed. */
    private static String dmiValue(String printed) {
        return printed.equals("Not Specified") ? "" : visible(printed);
    }

    /** XAPI's remove_invisible and trim: only printable ASCII, no blanks at either end. */
    private static String visible(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.chars().filter(c -> c >= ' ' && c <= '~').forEach(c -> b.append((char) c));
        return b.toString().strip();
    }
}
