package org.jxen.config;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
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

    /** Whether {@code kernel} names hvmloader (its part after the last slash), which xl drops for an HVM guest. */
    static boolean isHvmloader(String kernel) {
        return kernel != null && kernel.substring(kernel.lastIndexOf('/') + 1).equals("hvmloader");
    }

    HvmInfo read(Supplier<UUID> random, RdmReserve rdm) throws ConfigException {
        // each read that may refuse goes through orRefused, so that of several faults xl's first is named
        Firmware firmware = values.orRefused(new Firmware(null, null), this::firmware);
        // serial= and usbdevice= name one device; as lists (serial_list, usbdevice_list), several
        List<String> serialList = isList("serial") ? values.list("serial").orElseThrow() : null;
        ViridianGroups viridian = values.orRefused(new ViridianGroups(null, null, null), this::viridian);
        Gfx gfx = values.orRefused(new Gfx(null, null), this::gfxPassthru);
        values.orRefused("xen_platform_pci", null, () -> { // xl checks it after reading xen_platform_pci=
            displays.checkDisplayNamedOnce();
            return null;
        });
        return new HvmInfo(firmware.path(), firmware.bios(), values.bool("pae").orElse(null),
                values.bool("acpi_s3").orElse(null),
                values.bool("acpi_s4").orElse(null), values.bool("acpi_laptop_slate").orElse(null),
                values.bool("nx").orElse(null), viridian.on(), viridian.enable(), viridian.disable(),
                values.bool("hpet").orElse(null),
                values.bool("vpt_align").orElse(null), values.orRefused(null, this::mmioHoleMemkb),
                values.bool("altp2mhvm").orElse(null), values.string("bios_path_override").orElse(null),
                values.string("smbios_firmware").orElse(null),
                values.string("acpi_firmware").orElse(null), values.orRefused(null, this::hdtype), values.bool("nographic").orElse(null),
                new Vga(values.orRefused(null, this::vga)), displays.vnc(), values.string("keymap").orElse(null), displays.sdl(),
                new Spice(values.bool("spice").orElse(null), values.nonZeroInteger("spiceport").orElse(null),
                        values.nonZeroInteger("spicetls_port").orElse(null), values.string("spicehost").orElse(null),
                        values.bool("spicedisable_ticketing").orElse(null), values.string("spicepasswd").orElse(null),
                        values.bool("spiceagent_mouse").orElse(null), values.bool("spicevdagent").orElse(null),
                        values.bool("spice_clipboard_sharing").orElse(null),
                        values.nonZeroInteger("spiceusbredirection").orElse(null),
                        values.string("spice_image_compression").orElse(null),
                        values.string("spice_streaming_video").orElse(null)),
                gfx.on(), gfx.kind(),
                serialList != null ? null : values.string("serial").orElse(null), values.string("boot").orElse(null),
                values.bool("usb").orElse(null), values.nonZeroInteger("usbversion").orElse(null),
                isList("usbdevice") ? null : values.string("usbdevice").orElse(null),
                values.bool("vkb_device").orElse(null), values.string("soundhw").orElse(null),
                values.bool("xen_platform_pci").orElse(null),
                isList("usbdevice") ? values.list("usbdevice").orElse(null) : null, values.orRefused(null, this::vendorDevice),
                values.orRefused(null, () -> msVmGenid(random)),
                serialList, rdm,
                values.number("rdm_mem_boundary").map(mb -> mb * 1024).orElse(null), values.orRefused(null, this::mcaCaps));
    }

    /**
     * gfx_passthru= is a number (a boolean), or else names the kind of graphics card ("igd", or
     * "default" for libxl to choose), which also turns it on.
     */
    private Gfx gfxPassthru() throws ConfigException {
        Optional<Long> number = values.numberQuietly("gfx_passthru");
        if (number.isPresent()) {
            return new Gfx(number.get() != 0, null);
        }
        Optional<String> kind = values.string("gfx_passthru");
        if (kind.isEmpty()) {
            return new Gfx(null, null);
        }
        if (kind.get().equalsIgnoreCase("default")) {
            return new Gfx(true, null);
        }
        if (!kind.get().equalsIgnoreCase("igd")) {
            throw error("gfx_passthru", "ERROR: invalid value \"" + kind.get() + "\" for \"gfx_passthru\"");
        }
        return new Gfx(true, GfxPassthruKind.IGD);
    }

    /** gfx_passthru= read: whether it is on, and the kind of card (null: libxl's default). */
    private record Gfx(Boolean on, GfxPassthruKind kind) {
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
            throw error("ms_vm_genid", "ERROR: \"ms_vm_genid\" option must be \"generate\" or \"none\"");
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

    /** mca_caps=[ "lmce" ]: the machine-check capabilities, as bits. */
    private Long mcaCaps() throws ConfigException {
        if (config.get("mca_caps").isEmpty()) {
            return null;
        }
        if (!isList("mca_caps")) { // xl reads the list without a warning, and stops at anything else
            throw error("mca_caps", "ERROR: unable to parse mca_caps.");
        }
        long bits = 0;
        for (String cap : values.list("mca_caps").orElse(List.of())) {
            if (!cap.equals("lmce")) {
                throw error("mca_caps", "ERROR: unrecognized MCA capability '" + cap + "'.");
            }
            bits |= 1;
        }
        return bits == 0 ? null : bits;
    }

    /** What the guest boots: a firmware image (null: libxl's) and the BIOS (null: libxl's default). */
    private record Firmware(String path, BiosType bios) {
    }

    /**
     * bios= names the BIOS (seabios, rombios, ovmf; unknown is libxl's default), firmware_override=
     * the image; firmware=, read after them, names a BIOS (any case; unknown undoes bios=), or is
     * uefi (OVMF) or bios (libxl's choice) abbreviated as xl compares them (strncmp to the given
     * length: "", "u" are uefi, "b" bios), or else is the image's path.
     */
    private Firmware firmware() throws ConfigException {
        Optional<String> biosKey = values.string("bios");
        BiosType bios = null;
        if (biosKey.isPresent()) {
            String b = biosKey.get().toLowerCase(Locale.ROOT);
            if (!BIOS_NAMES.containsKey(b)) {
                throw error("bios", "ERROR: invalid value \"" + biosKey.get() + "\" for \"bios\"");
            }
            bios = BIOS_NAMES.get(b);
        } else if (values.string("bios_path_override").isPresent()) {
            values.warn("bios", "WARNING: bios_path_override given without specific bios name");
        }
        String path = values.string("firmware_override").orElse(null);
        Optional<String> firmware = values.string("firmware");
        if (firmware.isPresent()) {
            String f = firmware.get();
            if (BIOS_NAMES.containsKey(f.toLowerCase(Locale.ROOT))) {
                bios = BIOS_NAMES.get(f.toLowerCase(Locale.ROOT));
            } else if (XlValues.abbreviates(f, "uefi")) {
                bios = BiosType.OVMF;
            } else if (!XlValues.abbreviates(f, "bios")) {
                path = f;
            }
        }
        return new Firmware(path, bios);
    }

    /** libxl's BIOS names, in lower case (it reads them in any case); unknown, its default, is null. */
    private static final Map<String, BiosType> BIOS_NAMES = new HashMap<>();

    static {
        BIOS_NAMES.put("unknown", null);
        for (BiosType b : BiosType.values()) {
            BIOS_NAMES.put(DomainConfig.jsonName(b), b);
        }
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

    /** viridian=: libxl's default set on or off as a BOOLEAN, or a list of groups (below). */
    private ViridianGroups viridian() throws ConfigException {
        Optional<XlConfig.Setting> s = config.get("viridian");
        if (s.isEmpty()) {
            return new ViridianGroups(null, null, null);
        }
        if (s.get().value() instanceof Value.Atom) {
            return new ViridianGroups(values.boolQuietly("viridian").orElse(null), null, null);
        }
        return ViridianGroups.read(values.list("viridian").orElseThrow(), s.get().position());
    }

    /**
     * viridian=[ "GROUP", "!GROUP", "all", "defaults", ... ], applied in order: a group is enabled
     * (and no longer disabled), {@code !group} disabled (and no longer enabled), {@code all}
     * enables every bit of libxl's 64-bit map, named or not, {@code defaults} turns on libxl's
     * default set. Group names are case-insensitive, {@code all} and {@code defaults} are not.
     */
    private record ViridianGroups(Boolean on, List<Integer> enable, List<Integer> disable) {
        /** LIBXL_BUILDINFO_HVM_VIRIDIAN_ENABLE_DISABLE_WIDTH. */
        static final int WIDTH = 64;

        static ViridianGroups read(List<String> groups, Position where) throws ConfigException {
            Boolean on = null;
            TreeSet<Integer> enable = new TreeSet<>();
            TreeSet<Integer> disable = new TreeSet<>();
            for (String group : groups) {
                if (group.equals("all")) {
                    IntStream.range(0, WIDTH).forEach(enable::add);
                } else if (group.equals("defaults")) {
                    on = true;
                } else {
                    boolean off = group.startsWith("!");
                    int bit = bit(off ? group.substring(1) : group, where);
                    (off ? disable : enable).add(bit);
                    (off ? enable : disable).remove(bit);
                }
            }
            return new ViridianGroups(on, List.copyOf(enable), List.copyOf(disable));
        }

        private static int bit(String name, Position where) throws ConfigException {
            for (Viridian v : Viridian.values()) {
                if (DomainConfig.jsonName(v).equalsIgnoreCase(name)) {
                    return v.ordinal();
                }
            }
            throw new ConfigException(where, "xl: unknown viridian enlightenment '" + name + "' (groups: all, defaults, "
                    + Stream.of(Viridian.values()).map(DomainConfig::jsonName).collect(Collectors.joining(", "))
                    + ", each but all and defaults optionally preceded by !)");
        }
    }

    private boolean isList(String key) {
        return config.get(key).map(s -> s.value() instanceof Value.ListValue).orElse(false);
    }
}
