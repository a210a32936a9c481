package org.jxen.toolstack.java;

import java.util.List;
import org.jxen.config.DomainConfig.BiosType;
import org.jxen.config.DomainConfig.BuildInfo;
import org.jxen.config.DomainConfig.DeviceModelVersion;
import org.jxen.config.DomainConfig.HvmInfo;
import org.jxen.config.DomainConfig.RdmPolicy;
import org.jxen.config.DomainConfig.RdmReserve;
import org.jxen.config.DomainConfig.Sdl;
import org.jxen.config.DomainConfig.Spice;
import org.jxen.config.DomainConfig.Vga;
import org.jxen.config.DomainConfig.VgaKind;
import org.jxen.config.DomainConfig.Vnc;

/** The HVM part of {@code libxl__domain_build_info_setdefault} (libxl_create.c, Xen 4.17). */
final class LibxlDefaultsHvm {
    /** {@code LIBXL_RDM_MEM_BOUNDARY_MEMKB_DEFAULT}: 2 GiB. */
    static final long RDM_MEM_BOUNDARY_MEMKB = 2048 * 1024;

    private LibxlDefaultsHvm() {
    }

    static HvmInfo empty() {
        return new HvmInfo(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, new Vga(null), new Vnc(null, null, null, null, null), null,
                new Sdl(null, null, null, null),
                new Spice(null, null, null, null, null, null, null, null, null, null, null, null),
                null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                new RdmReserve(null, null), null, null);
    }

    /**
     * The BIOS for the device model (rombios for qemu-xen-traditional, SeaBIOS for qemu-xen), the
     * check that they go together, and that direct-boot arguments come with a kernel.
     */
    static HvmInfo biosAndDirectBoot(HvmInfo h, DeviceModelVersion dmv, BuildInfo b) throws LibxlDefaultsException {
        boolean traditional = dmv == DeviceModelVersion.QEMU_XEN_TRADITIONAL;
        BiosType bios = h.bios() != null ? h.bios() : traditional ? BiosType.ROMBIOS : BiosType.SEABIOS;
        if (traditional && bios != BiosType.ROMBIOS) {
            throw LibxlDefaultsException.inval("qemu-xen-traditional requires bios=rombios.");
        }
        if (!traditional && bios == BiosType.ROMBIOS) {
            throw LibxlDefaultsException.inval("qemu-xen does not support bios=rombios.");
        }
        if (b.kernel() == null && (b.ramdisk() != null || b.cmdline() != null)) {
            throw LibxlDefaultsException.inval("direct boot parameters specified but kernel missing");
        }
        return RecordEdit.of(h).set("bios", bios).build();
    }

    /** The rest of the HVM defaults; sets {@code video_memkb} in the build info being edited. */
    static HvmInfo apply(HvmInfo h, DeviceModelVersion dmv, RecordEdit<BuildInfo> b, List<String> log)
            throws LibxlDefaultsException {
        RecordEdit<HvmInfo> e = RecordEdit.of(h);
        e.setDefault("mmioHoleMemkb", 0L);
        VgaKind vga = h.vga() != null && h.vga().kind() != null ? h.vga().kind() : VgaKind.CIRRUS;
        e.set("vga", new Vga(vga));
        // hdtype: ide is libxl's default and DomainConfig's null, so nothing to set.
        b.set("videoMemkb", videoMemkb(vga, dmv, b.get("videoMemkb"), log));
        e.setDefault("pae", true).setDefault("acpiS3", true).setDefault("acpiS4", true)
                .setDefault("acpiLaptopSlate", false).setDefault("nx", true).setDefault("viridian", false)
                .setDefault("hpet", true).setDefault("vptAlign", true).setDefault("altp2m", false)
                .setDefault("usb", false).setDefault("vkbDevice", true).setDefault("xenPlatformPci", true);
        Spice spice = h.spice() != null ? h.spice()
                : new Spice(null, null, null, null, null, null, null, null, null, null, null, null);
        RecordEdit<Spice> s = RecordEdit.of(spice).setDefault("enable", false);
        boolean spiceOn = s.get("enable");
        int usbredir = spice.usbredirection() == null ? 0 : spice.usbredirection();
        if (!spiceOn && usbredir > 0) {
            usbredir = 0;
            s.set("usbredirection", 0);
            log.add("WARN: spice disabled, disabling usbredirection");
        }
        if ((h.usbversion() == null || h.usbversion() == 0) && usbredir > 0) {
            e.set("usbversion", 2);
        }
        Integer usbversion = e.get("usbversion");
        if (((usbversion != null && usbversion != 0) || usbredir != 0)
                && (e.<Boolean>get("usb") || h.usbdeviceList() != null || h.usbdevice() != null)) {
            throw LibxlDefaultsException.inval(
                    "usbversion and/or usbredirection cannot be enabled with usb and/or usbdevice parameters.");
        }
        e.setDefault("boot", "cda");
        e.set("vnc", vnc(h.vnc()));
        e.set("sdl", sdl(h.sdl()));
        if (spiceOn) {
            s.setDefault("disableTicketing", false).setDefault("agentMouse", true).setDefault("vdagent", false)
                    .setDefault("clipboardSharing", false);
        }
        e.set("spice", s.build());
        e.setDefault("nographic", false).setDefault("gfxPassthru", false);
        // libxl__rdm_setdefault
        RdmReserve rdm = h.rdm() != null ? h.rdm() : new RdmReserve(null, null);
        e.set("rdm", new RdmReserve(rdm.strategy(), rdm.policy() != null ? rdm.policy() : RdmPolicy.RELAXED));
        e.setDefault("rdmMemBoundaryMemkb", RDM_MEM_BOUNDARY_MEMKB);
        return e.build();
    }

    /**
     * The video RAM each device model gives each VGA kind, and the minimum it accepts, compared as
     * libxl compares its unsigned MemKB (videoram="-1" is 2^64 - 1024 KiB, not below a minimum).
     */
    static long videoMemkb(VgaKind vga, DeviceModelVersion dmv, Long given, List<String> log)
            throws LibxlDefaultsException {
        boolean traditional = dmv == DeviceModelVersion.QEMU_XEN_TRADITIONAL;
        switch (vga) {
            case NONE -> {
                return given != null ? given : 0;
            }
            case QXL -> {
                if (traditional) {
                    throw LibxlDefaultsException.inval("qemu upstream required for qxl vga");
                }
                if (given != null && Long.compareUnsigned(given, 128 * 1024) < 0) {
                    throw LibxlDefaultsException.inval("128 Mib videoram is the minimum for qxl default");
                }
                return given != null ? given : 128 * 1024;
            }
            case STD -> {
                long min = traditional ? 8 * 1024 : 16 * 1024;
                long v = given != null ? given : min;
                if (Long.compareUnsigned(v, min) < 0) {
                    throw LibxlDefaultsException.inval(traditional
                            ? "videoram must be at least 8 MB for STDVGA on QEMU_XEN_TRADITIONAL"
                            : "videoram must be at least 16 MB for STDVGA on QEMU_XEN");
                }
                return v;
            }
            default -> {
                if (traditional) {
                    long v = given != null ? given : 4 * 1024;
                    if (v != 4 * 1024) {
                        log.add("WARN: ignoring videoram other than 4 MB for CIRRUS on QEMU_XEN_TRADITIONAL");
                    }
                    return v;
                }
                long v = given != null ? given : 8 * 1024;
                if (Long.compareUnsigned(v, 8 * 1024) < 0) {
                    throw LibxlDefaultsException.inval("videoram must be at least 8 MB for CIRRUS on QEMU_XEN");
                }
                return v;
            }
        }
    }

    /** VNC on by default, on a free display, listening on localhost. */
    private static Vnc vnc(Vnc v) {
        Vnc in = v != null ? v : new Vnc(null, null, null, null, null);
        boolean on = in.enable() == null || in.enable();
        if (!on) {
            return new Vnc(false, in.listen(), in.passwd(), in.display(), in.findunused());
        }
        return new Vnc(true, in.listen() != null ? in.listen() : "127.0.0.1", in.passwd(), in.display(),
                in.findunused() != null ? in.findunused() : true);
    }

    /** SDL off by default; when on, without OpenGL unless asked. */
    private static Sdl sdl(Sdl s) {
        Sdl in = s != null ? s : new Sdl(null, null, null, null);
        boolean on = in.enable() != null && in.enable();
        return new Sdl(on, on && in.opengl() == null ? Boolean.FALSE : in.opengl(), in.display(), in.xauthority());
    }
}
