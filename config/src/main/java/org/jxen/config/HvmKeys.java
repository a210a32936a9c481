package org.jxen.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jxen.config.DomainConfig.BiosType;
import org.jxen.config.DomainConfig.HvmInfo;
import org.jxen.config.DomainConfig.Sdl;
import org.jxen.config.DomainConfig.Spice;
import org.jxen.config.DomainConfig.VgaKind;
import org.jxen.config.DomainConfig.Viridian;
import org.jxen.config.DomainConfig.Vnc;

/** The HVM guest keys of xl.cfg(5) that end up in {@code type.hvm}: firmware, platform, displays, devices. */
final class HvmKeys {
    /** The keys read here, for HVM guests (see XlDomainReader for what happens to them elsewhere). */
    static final Set<String> KEYS = Set.of("firmware", "bios", "pae", "acpi_s3", "acpi_s4", "viridian", "hpet", "vpt_align",
            "nographic", "vga", "stdvga", "vnc", "vnclisten", "vncpasswd", "vncdisplay", "vncunused", "keymap", "sdl",
            "opengl", "display", "xauthority", "spice", "spiceport", "spicetls_port", "spicehost", "spicedisable_ticketing",
            "spicepasswd", "spiceagent_mouse", "spicevdagent", "spice_clipboard_sharing", "spiceusbredirection",
            "spice_image_compression", "spice_streaming_video", "serial", "boot", "usb", "soundhw", "xen_platform_pci",
            "usbdevice");

    private final XlValues values;
    private final XlConfig config;

    HvmKeys(XlValues values) {
        this.values = values;
        this.config = values.config();
    }

    private ConfigException error(String key, String message) {
        return new ConfigException(config.get(key).orElseThrow().position(), message);
    }

    HvmInfo read() throws ConfigException {
        // serial= and usbdevice= name one device; as lists (serial_list, usbdevice_list), several
        List<String> serialList = isList("serial") ? values.list("serial").orElseThrow() : null;
        List<List<Integer>> viridian = viridian();
        return new HvmInfo(bios(), values.bool("pae").orElse(null), values.bool("acpi_s3").orElse(null),
                values.bool("acpi_s4").orElse(null), viridian == null ? null : viridian.get(0),
                viridian == null ? null : viridian.get(1), values.bool("hpet").orElse(null),
                values.bool("vpt_align").orElse(null), values.bool("nographic").orElse(null), vga(),
                new Vnc(values.bool("vnc").orElse(null), values.string("vnclisten").orElse(null),
                        values.string("vncpasswd").orElse(null), values.integer("vncdisplay").orElse(null),
                        values.bool("vncunused").orElse(null)),
                values.string("keymap").orElse(null),
                new Sdl(values.bool("sdl").orElse(null), values.bool("opengl").orElse(null),
                        values.string("display").orElse(null), values.string("xauthority").orElse(null)),
                new Spice(values.bool("spice").orElse(null), values.integer("spiceport").orElse(null),
                        values.integer("spicetls_port").orElse(null), values.string("spicehost").orElse(null),
                        values.bool("spicedisable_ticketing").orElse(null), values.string("spicepasswd").orElse(null),
                        values.bool("spiceagent_mouse").orElse(null), values.bool("spicevdagent").orElse(null),
                        values.bool("spice_clipboard_sharing").orElse(null),
                        values.integer("spiceusbredirection").orElse(null),
                        values.string("spice_image_compression").orElse(null),
                        values.string("spice_streaming_video").orElse(null)),
                serialList != null ? null : values.string("serial").orElse(null), values.string("boot").orElse(null),
                values.bool("usb").orElse(null), isList("usbdevice") ? null : values.string("usbdevice").orElse(null),
                values.string("soundhw").orElse(null), values.bool("xen_platform_pci").orElse(null),
                isList("usbdevice") ? values.list("usbdevice").orElse(null) : null, serialList);
    }

    /** firmware= or bios=: seabios, rombios or ovmf. Other firmware (uefi, a path) is not read yet. */
    private BiosType bios() throws ConfigException {
        for (String key : List.of("bios", "firmware")) {
            Optional<String> v = values.string(key);
            if (v.isPresent()) {
                return switch (v.get()) {
                    case "seabios" -> BiosType.SEABIOS;
                    case "rombios" -> BiosType.ROMBIOS;
                    case "ovmf" -> BiosType.OVMF;
                    default -> throw error(key, "jxen does not read " + key + "=\"" + v.get() + "\" yet (seabios, rombios"
                            + " and ovmf it does); remove it or use xl for this domain");
                };
            }
        }
        return null;
    }

    /** vga= names the card; without it, stdvga=1 means std and stdvga=0 cirrus. */
    private VgaKind vga() throws ConfigException {
        Optional<String> vga = values.string("vga");
        if (vga.isPresent()) {
            return switch (vga.get()) {
                case "stdvga" -> VgaKind.STD;
                case "cirrus" -> VgaKind.CIRRUS;
                case "none" -> VgaKind.NONE;
                case "qxl" -> VgaKind.QXL;
                default -> throw error("vga", "Unknown vga \"" + vga.get() + "\" specified (stdvga, cirrus, none or qxl)");
            };
        }
        return values.bool("stdvga").map(std -> std ? VgaKind.STD : VgaKind.CIRRUS).orElse(null);
    }

    /** viridian=[ "GROUP", "!GROUP", ... ]: the groups to enable and to disable, as bit numbers. */
    private List<List<Integer>> viridian() throws ConfigException {
        if (config.get("viridian").isEmpty()) {
            return null;
        }
        if (!isList("viridian")) {
            throw error("viridian", "jxen reads viridian as a list of groups, not yet as a boolean;"
                    + " write e.g. viridian=[\"base\"] or use xl for this domain");
        }
        List<Integer> enable = new ArrayList<>();
        List<Integer> disable = new ArrayList<>();
        for (String group : values.list("viridian").orElseThrow()) {
            boolean off = group.startsWith("!");
            String name = off ? group.substring(1) : group;
            Viridian v;
            try {
                v = Viridian.valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw error("viridian", "unknown viridian group \"" + name + "\" (base, freq, time_ref_count, reference_tsc,"
                        + " hcall_remote_tlb_flush, apic_assist, crash_ctl, synic, stimer, hcall_ipi, ex_processor_masks,"
                        + " no_vp_limit, cpu_hotplug)");
            }
            (off ? disable : enable).add(v.ordinal());
        }
        return List.of(enable.stream().sorted().distinct().toList(), disable.stream().sorted().distinct().toList());
    }

    private boolean isList(String key) {
        return config.get(key).map(s -> s.value() instanceof Value.ListValue).orElse(false);
    }
}
