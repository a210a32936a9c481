package org.jxen.toolstack.java;

import java.util.ArrayList;
import java.util.List;
import org.jxen.config.DomainConfig.BuildInfo;
import org.jxen.config.DomainConfig.DeviceModelVersion;
import org.jxen.config.DomainConfig.DomainType;
import org.jxen.config.DomainConfig.HvmInfo;
import org.jxen.config.DomainConfig.IomemRange;
import org.jxen.config.DomainConfig.PvInfo;
import org.jxen.config.DomainConfig.PvhInfo;
import org.jxen.config.DomainConfig.TimerMode;
import org.jxen.config.DomainConfig.TypeInfo;
import org.jxen.config.DomainConfig.ArchArm;
import org.jxen.config.DomainConfig.ArchX86;
import org.jxen.config.DomainConfig.SchedParams;

/**
 * {@code libxl__domain_build_info_setdefault} (libxl_create.c, Xen 4.17) with its x86 part
 * {@code libxl__arch_domain_build_info_setdefault} (libxl_x86.c); the HVM-only rules are in
 * {@link LibxlDefaultsHvm}.
 */
final class LibxlDefaultsBuild {
    /** {@code HVM_MAX_VCPUS} (public/hvm/hvm_info_table.h); libxl compares it with the bitmap's bytes. */
    static final int HVM_MAX_VCPUS = 128;
    /** {@code LIBXL_LINUX_STUBDOM_MEM} MiB, and the MiniOS stub domain's 28 MiB. */
    static final long LINUX_STUBDOM_MEMKB = 128 * 1024, MINIOS_STUBDOM_MEMKB = 28 * 1024;
    /** {@code XEN_DOMCTL_GRANT_version_mask}. */
    static final int GRANT_VERSION_MASK = 0xf;

    private LibxlDefaultsBuild() {
    }

    static BuildInfo apply(DomainType type, BuildInfo b, LibxlDefaultsHost host, List<String> log)
            throws LibxlDefaultsException {
        RecordEdit<BuildInfo> e = RecordEdit.of(b);
        TypeInfo u = typeInfo(type, b.typeInfo());
        e.setDefault("deviceModelStubdomain", false).setDefault("vpmu", false);
        boolean stubdom = e.get("deviceModelStubdomain");
        if (b.deviceModelVersion() == null) {
            DeviceModelVersion v = type == DomainType.HVM && stubdom
                    ? DeviceModelVersion.QEMU_XEN_TRADITIONAL : DeviceModelVersion.QEMU_XEN;
            if (v == DeviceModelVersion.QEMU_XEN && !host.qemuXenAvailable()) {
                log.add("INFO: qemu-xen is unavailable, using qemu-xen-traditional instead");
                v = DeviceModelVersion.QEMU_XEN_TRADITIONAL;
            }
            e.set("deviceModelVersion", v);
        }
        DeviceModelVersion dmv = e.get("deviceModelVersion");
        if (type == DomainType.HVM) {
            u = LibxlDefaultsHvm.biosAndDirectBoot((HvmInfo) u, dmv, b);
            if (stubdom) {
                boolean qemuXen = dmv == DeviceModelVersion.QEMU_XEN;
                e.setDefault("stubdomainKernel", host.firmwareDir() + "/"
                        + (qemuXen ? "qemu-stubdom-linux-kernel" : "ioemu-stubdom.gz"));
                if (qemuXen) {
                    e.setDefault("stubdomainRamdisk", host.firmwareDir() + "/qemu-stubdom-linux-rootfs");
                }
            }
        }
        vcpus(e, b);
        // b_info->cpumap (deprecated) is not held: hard affinity is already per vCPU.
        e.setDefault("numaPlacement", true);
        e.setDefault("maxMemkb", 32L * 1024);
        e.setDefault("targetMemkb", e.<Long>get("maxMemkb"));
        // libxl__stubdomain_is_linux: qemu-xen's stub domain is Linux, traditional's MiniOS
        e.setDefault("stubdomainMemkb", !stubdom ? 0L
                : dmv == DeviceModelVersion.QEMU_XEN ? LINUX_STUBDOM_MEMKB : MINIOS_STUBDOM_MEMKB);
        e.setDefault("claimMode", false).setDefault("localtime", false).setDefault("disableMigrate", false);
        e.set("iomem", iomem(b.iomem()));
        if (b.eventChannels() == null || b.eventChannels() == 0) {
            e.set("eventChannels", 1023);
        }
        // libxl__arch_domain_build_info_setdefault (x86)
        e.setDefault("acpi", true);
        ArchX86 x86 = b.archX86() == null ? new ArchX86(null) : b.archX86();
        e.set("archX86", new ArchX86(x86.msrRelaxed() == null ? false : x86.msrRelaxed()));
        e.setDefault("dmRestrict", false);
        // Not defaults but libxl's shape: its JSON always has these objects, empty when nothing is set.
        e.setDefault("schedParams", new SchedParams(null, null, null, null, null, null)).setDefault("archArm", new ArchArm(null));
        switch (u) {
            case HvmInfo h -> {
                e.setDefault("shadowMemkb", 0L);
                u = LibxlDefaultsHvm.apply(h, dmv, e, log);
            }
            case PvInfo pv -> {
                u = new PvInfo(pv.e820Host() == null ? false : pv.e820Host());
                e.setDefault("videoMemkb", 0L).setDefault("shadowMemkb", 0L);
            }
            case PvhInfo pvh -> {
                e.setDefault("videoMemkb", 0L);
                u = pvh(pvh, host);
            }
        }
        e.set("typeInfo", u);
        if (type != DomainType.PV) {
            e.setDefault("timerMode", TimerMode.NO_DELAY_FOR_MISSED_TICKS);
            e.setDefault("apic", true).setDefault("nestedHvm", false);
        }
        Integer gv = b.maxGrantVersion();
        if (gv == null) {
            e.set("maxGrantVersion", host.capGnttabV2() ? 2 : host.capGnttabV1() ? 1 : 0);
        } else if ((gv & ~GRANT_VERSION_MASK) != 0) {
            throw LibxlDefaultsException.inval("max grant version " + gv + " out of range");
        }
        return e.build();
    }

    /** The type-specific part, empty if the config has none; its type must be the domain's. */
    private static TypeInfo typeInfo(DomainType type, TypeInfo u) throws LibxlDefaultsException {
        if (type == null) {
            throw LibxlDefaultsException.inval("invalid domain type");
        }
        TypeInfo t = u != null ? u : switch (type) {
            case PV -> new PvInfo(null);
            case PVH -> new PvhInfo(null, null, null, null);
            case HVM -> LibxlDefaultsHvm.empty();
        };
        boolean matches = switch (type) {
            case PV -> t instanceof PvInfo;
            case PVH -> t instanceof PvhInfo;
            case HVM -> t instanceof HvmInfo;
        };
        if (!matches) {
            throw LibxlDefaultsException.inval("invalid domain type " + type.name().toLowerCase() + " in create info");
        }
        return t;
    }

    /**
     * max_vcpus 1 and vCPU 0 online when not set. xl refuses more vCPUs online than maxvcpus
     * before libxl sees the config ("xl: maxvcpus < vcpus"); a config from elsewhere gets the
     * same refusal here.
     */
    private static void vcpus(RecordEdit<BuildInfo> e, BuildInfo b) throws LibxlDefaultsException {
        if (b.maxVcpus() == null || b.maxVcpus() == 0) {
            e.set("maxVcpus", 1);
        }
        int max = e.get("maxVcpus");
        List<Integer> avail = b.availVcpus();
        if (avail == null) {
            e.set("availVcpus", List.of(0));
            return;
        }
        int highest = avail.stream().mapToInt(Integer::intValue).max().orElse(0);
        if ((highest + 8) / 8 > HVM_MAX_VCPUS) {
            throw LibxlDefaultsException.fail("avail_vcpus bitmap contains too many VCPUS");
        }
        if (max < avail.size()) {
            throw LibxlDefaultsException.inval("maxvcpus < vcpus");
        }
    }

    /** An iomem range without a guest frame is mapped 1:1: gfn = start. */
    private static List<IomemRange> iomem(List<IomemRange> ranges) {
        List<IomemRange> out = new ArrayList<>(ranges.size());
        for (IomemRange r : ranges) {
            out.add(r.gfn() != null ? r : new IomemRange(r.start(), r.number(), r.start()));
        }
        return out;
    }

    /** PVH: no shim unless asked; a shim gets Xen's shim binary and its console command line. */
    private static PvhInfo pvh(PvhInfo p, LibxlDefaultsHost host) {
        boolean shim = p.pvshim() != null && p.pvshim();
        if (!shim) {
            return new PvhInfo(false, p.pvshimPath(), p.pvshimCmdline(), p.pvshimExtra());
        }
        return new PvhInfo(true, p.pvshimPath() != null ? p.pvshimPath() : host.firmwareDir() + "/xen-shim",
                p.pvshimCmdline() != null ? p.pvshimCmdline() : "pv-shim console=xen,pv", p.pvshimExtra());
    }
}
