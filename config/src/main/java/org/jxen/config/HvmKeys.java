package org.jxen.config;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.jxen.config.DomainConfig.BiosType;
import org.jxen.config.DomainConfig.GfxPassthruKind;
import org.jxen.config.DomainConfig.HdType;
import org.jxen.config.DomainConfig.HvmInfo;
import org.jxen.config.DomainConfig.RdmReserve;
import org.jxen.config.DomainConfig.Spice;
import org.jxen.config.DomainConfig.VendorDevice;
import org.jxen.config.DomainConfig.Vga;
import org.jxen.config.DomainConfig.VgaKind;
import org.jxen.config.DomainConfig.Viridian;

/** The HVM guest keys of xl.cfg(5) that end up in {@code type.hvm}: firmware, platform, displays, devices. */
final class HvmKeys {
    private final XlValues values;
    private final XlConfig config;
    private final DisplayKeys displays;

    HvmKeys(XlValues values) {
        this.values = values;
        this.config = values.config();
        this.displays = new DisplayKeys(values);
    }

    private ConfigException error(String key, String message) {
        return new ConfigException(config.get(key).orElseThrow().position(), message);
    }

    HvmInfo read(Supplier<UUID> random) throws ConfigException {
        // serial= and usbdevice= name one device; as lists (serial_list, usbdevice_list), several
        List<String> serialList = isList("serial") ? values.list("serial").orElseThrow() : null;
        List<List<Integer>> viridian = viridian();
        Optional<String> gfx = gfxPassthru();
        checkRdm();
        return new HvmInfo(firmwarePath(), bios(), values.bool("pae").orElse(null), values.bool("acpi_s3").orElse(null),
                values.bool("acpi_s4").orElse(null), values.bool("acpi_laptop_slate").orElse(null),
                values.bool("nx").orElse(null), viridian == null ? null : viridian.get(0),
                viridian == null ? null : viridian.get(1), values.bool("hpet").orElse(null),
                values.bool("vpt_align").orElse(null), mmioHoleMemkb(),
                values.bool("altp2mhvm").orElse(null), values.string("bios_path_override").orElse(null),
                values.string("smbios_firmware").orElse(null),
                values.string("acpi_firmware").orElse(null), hdtype(), values.bool("nographic").orElse(null),
                new Vga(vga()), displays.vnc(), values.string("keymap").orElse(null), displays.sdl(),
                new Spice(values.bool("spice").orElse(null), values.integer("spiceport").orElse(null),
                        values.integer("spicetls_port").orElse(null), values.string("spicehost").orElse(null),
                        values.bool("spicedisable_ticketing").orElse(null), values.string("spicepasswd").orElse(null),
                        values.bool("spiceagent_mouse").orElse(null), values.bool("spicevdagent").orElse(null),
                        values.bool("spice_clipboard_sharing").orElse(null),
                        values.integer("spiceusbredirection").orElse(null),
                        values.string("spice_image_compression").orElse(null),
                        values.string("spice_streaming_video").orElse(null)),
                gfx.map(kind -> true).orElseGet(() -> values.bool("gfx_passthru").orElse(null)),
                gfx.map(kind -> GfxPassthruKind.IGD).orElse(null),
                serialList != null ? null : values.string("serial").orElse(null), values.string("boot").orElse(null),
                values.bool("usb").orElse(null), values.integer("usbversion").orElse(null),
                isList("usbdevice") ? null : values.string("usbdevice").orElse(null),
                values.bool("vkb_device").orElse(null), values.string("soundhw").orElse(null),
                values.bool("xen_platform_pci").orElse(null),
                isList("usbdevice") ? values.list("usbdevice").orElse(null) : null, vendorDevice(), msVmGenid(random),
                serialList, new RdmReserve(null, null),
                values.number("rdm_mem_boundary").map(mb -> mb * 1024).orElse(null), mcaCaps());
    }

    /** gfx_passthru= is a boolean, or the kind of graphics card ("igd") which also turns it on. */
    private Optional<String> gfxPassthru() throws ConfigException {
        Optional<XlConfig.Setting> s = config.get("gfx_passthru");
        if (s.isEmpty() || !(s.get().value() instanceof Value.Atom a) || !a.quoted()) {
            return Optional.empty();
        }
        if (!a.text().equals("igd")) {
            throw error("gfx_passthru", "Unknown gfx_passthru \"" + a.text() + "\" specified (igd, or a boolean)");
        }
        return Optional.of(a.text());
    }

    /** mmio_hole= in MB, from 256 MB up to 4 GB less 256 MB (the bounds are not measured against xl yet). */
    private Long mmioHoleMemkb() throws ConfigException {
        Optional<Long> mb = values.number("mmio_hole");
        if (mb.isPresent() && (mb.get() < 256 || mb.get() > 4096 - 256)) {
            throw error("mmio_hole", "ERROR: invalid value " + mb.get() + " for \"mmio_hole\"");
        }
        return mb.map(m -> m * 1024).orElse(null);
    }

    private HdType hdtype() throws ConfigException {
        return values.choice("hdtype", HdType.values(), "ide", "ERROR: invalid value \"%s\" for \"hdtype\"");
    }

    private VendorDevice vendorDevice() throws ConfigException {
        return values.choice("vendor_device", VendorDevice.values(), "none", "xl: unknown vendor_device '%s'");
    }

    /** ms_vm_genid="generate" makes a random generation ID (16 bytes); "none" is none. */
    private List<Integer> msVmGenid(Supplier<UUID> random) throws ConfigException {
        Optional<String> v = values.string("ms_vm_genid");
        if (v.isEmpty() || v.get().equals("none")) {
            return null;
        }
        if (!v.get().equals("generate")) {
            throw error("ms_vm_genid", "invalid ms_vm_genid \"" + v.get() + "\" (generate or none)");
        }
        ByteBuffer bytes = ByteBuffer.allocate(16);
        UUID u = random.get();
        bytes.putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits());
        List<Integer> genid = new ArrayList<>();
        for (byte b : bytes.array()) {
            genid.add(b & 0xff);
        }
        return genid;
    }

    /**
     * rdm="strategy=host|ignore,policy=strict|relaxed": how reserved device memory is handled.
     * xl 4.17 checks it, but the setting does not reach libxl's config (measured: hvm-misc has
     * rdm="strategy=host,policy=relaxed" and libxl's JSON an empty rdm), so here it is only checked.
     */
    private void checkRdm() throws ConfigException {
        Optional<String> v = values.string("rdm");
        if (v.isEmpty()) {
            return;
        }
        for (String part : v.get().split(",")) {
            String[] kv = part.strip().split("=", 2);
            String value = kv.length == 2 ? kv[1].strip() : "";
            switch (kv[0].strip()) {
                case "strategy" -> {
                    if (!value.equals("host") && !value.equals("ignore")) {
                        throw error("rdm", "Unknown RDM strategy option: " + value);
                    }
                }
                case "policy" -> PciSpec.rdmPolicy(value, config.get("rdm").orElseThrow().position());
                default -> throw error("rdm", "Unknown RDM property: " + kv[0].strip());
            }
        }
    }

    /** mca_caps=[ "lmce" ]: the machine-check capabilities, as bits. */
    private Long mcaCaps() throws ConfigException {
        Optional<List<String>> caps = values.list("mca_caps");
        if (caps.isEmpty()) {
            return null;
        }
        long bits = 0;
        for (String cap : caps.get()) {
            if (!cap.equals("lmce")) {
                throw error("mca_caps", "ERROR: unrecognized MCA capability '" + cap + "'.");
            }
            bits |= 1;
        }
        return bits;
    }

    /**
     * bios= names the BIOS: seabios, rombios or ovmf. firmware= names one of those, or uefi (ovmf),
     * or else is the path of a firmware image; firmware="bios" leaves the BIOS to libxl (measured).
     */
    private BiosType bios() throws ConfigException {
        Optional<String> bios = values.string("bios");
        if (bios.isPresent()) {
            return biosNamed(bios.get()).orElseThrow(() -> error("bios", "jxen does not read bios=\"" + bios.get()
                    + "\" yet (seabios, rombios and ovmf it does); remove it or use xl for this domain"));
        }
        Optional<String> firmware = values.string("firmware");
        return firmware.flatMap(f -> f.equals("uefi") ? Optional.of(BiosType.OVMF) : biosNamed(f)).orElse(null);
    }

    private static Optional<BiosType> biosNamed(String name) {
        return switch (name) {
            case "seabios" -> Optional.of(BiosType.SEABIOS);
            case "rombios" -> Optional.of(BiosType.ROMBIOS);
            case "ovmf" -> Optional.of(BiosType.OVMF);
            default -> Optional.empty();
        };
    }

    /** firmware= that names no BIOS: the path of the image to load. */
    private String firmwarePath() throws ConfigException {
        Optional<String> firmware = values.string("firmware").filter(f -> !f.equals("bios"));
        return bios() == null || values.string("bios").isPresent() ? firmware.orElse(null) : null;
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
