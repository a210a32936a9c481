package org.jxen.toolstack.java;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.jxen.config.DomainConfig;
import org.jxen.config.DomainConfig.BuildInfo;
import org.jxen.config.DomainConfig.CreateInfo;
import org.jxen.config.DomainConfig.DomainType;
import org.jxen.config.DomainConfig.HvmInfo;
import org.jxen.config.DomainConfig.Passthrough;

/**
 * libxl 4.17's defaults for a domain config, as {@code libxl_domain_create_new} fills them in
 * before it builds anything: {@code libxl__domain_config_setdefault} (libxl_create.c, which calls
 * {@code libxl__domain_create_info_setdefault}, the arch passthrough default and
 * {@code libxl__domain_build_info_setdefault}), then the disk and NIC setdefaults that
 * {@code initiate_domain_create} runs. The rules, each with its value and source, are listed in
 * docs/toolstack-defaults.md.
 *
 * <p>Pure: the host is a {@link LibxlDefaultsHost}, the NICs' random MACs come from the given
 * generator. Where libxl refuses the config, this throws {@link LibxlDefaultsException} with
 * libxl's words.
 */
public final class LibxlDefaults {
    /** {@code LIBXL_MEMKB_DEFAULT}: a MemKB not set is {@code ~0ULL} in libxl's arithmetic. */
    static final long MEMKB_DEFAULT = -1L;
    /** {@code LIBXL_PV_EXTRA_MEMORY}, {@code LIBXL_HVM_EXTRA_MEMORY} (libxl_internal.h). */
    static final long PV_EXTRA_MEMORY = 1024, HVM_EXTRA_MEMORY = 2048;

    private LibxlDefaults() {
    }

    /**
     * The config with libxl's defaults in it, and what libxl sets that {@link DomainConfig} does not
     * hold.
     *
     * @param iommuMemkb      {@code b_info.iommu_memkb}
     * @param slackMemkb      {@code b_info.u.pv.slack_memkb} (0; PV only, else 0 too)
     * @param blkdevStart     {@code b_info.blkdev_start}
     * @param maxGrantFrames  the grant frames the domain gets: the config's, else Xen's default
     *                        (libxl leaves {@code LIBXL_MAX_GRANT_DEFAULT} for Xen to resolve)
     * @param maxMaptrackFrames likewise for maptrack frames
     * @param log             what libxl logged at INFO or WARN while defaulting, in order
     */
    public record Result(DomainConfig config, long iommuMemkb, long slackMemkb, String blkdevStart,
                         int maxGrantFrames, int maxMaptrackFrames, List<String> log) {
        public Result {
            log = List.copyOf(log);
        }
    }

    /**
     * Fills in the defaults.
     *
     * @param macs where a NIC without a MAC gets its three random bytes (libxl: a fresh random UUID)
     */
    public static Result apply(DomainConfig c, LibxlDefaultsHost host, RandomGenerator macs)
            throws LibxlDefaultsException {
        List<String> log = new ArrayList<>();
        // libxl__domain_config_setdefault
        CreateInfo cInfo = createInfo(c.cInfo(), host);
        DomainType type = cInfo.type();
        boolean needPt = !c.pcidevs().isEmpty() || !c.dtdevs().isEmpty();
        cInfo = passthrough(cInfo, needPt, host);
        BuildInfo b = c.bInfo();
        if (b == null) {
            throw LibxlDefaultsException.inval("b_info missing");
        }
        long target = memkb(b.targetMemkb()), max = memkb(b.maxMemkb());
        // "If target_memkb is smaller than max_memkb, ... libxc ... will enable PoD mode."
        boolean pod = type != DomainType.PV && Long.compareUnsigned(target, max) < 0;
        if (type != DomainType.PV && cInfo.passthrough() != Passthrough.DISABLED && pod) {
            throw LibxlDefaultsException.inval("IOMMU required for device passthrough but not supported together with PoD");
        }
        if (pod && !b.vnumaNodes().isEmpty()) {
            throw LibxlDefaultsException.inval("Cannot enable PoD and vNUMA at the same time");
        }
        if (type == DomainType.PV && !b.vnumaNodes().isEmpty()) {
            throw LibxlDefaultsException.inval("PV vNUMA is not yet supported");
        }
        RecordEdit<BuildInfo> bi = RecordEdit.of(b);
        // Computed before build_info_setdefault: max_memkb and max_vcpus may still be unset here.
        boolean hap = type != DomainType.PV && cInfo.hap();
        bi.setDefault("shadowMemkb", requiredPagingMemory(max, b.maxVcpus() == null ? 0 : b.maxVcpus(), type, hap));
        long iommuMemkb = cInfo.passthrough() == Passthrough.SYNC_PT ? requiredIommuMemory(max) : 0;
        b = LibxlDefaultsBuild.apply(type, bi.build(), host, log);
        if (type != DomainType.PV && Boolean.TRUE.equals(b.nestedHvm()) && altp2m(type, b)) {
            throw LibxlDefaultsException.inval("nestedhvm and altp2mhvm cannot be used together");
        }
        if (altp2m(type, b) && pod) {
            throw LibxlDefaultsException.inval("Cannot enable PoD and ALTP2M at the same time");
        }
        if (b.vpmu() && !host.capVpmu()) {
            throw LibxlDefaultsException.inval("vPMU not supported on this platform");
        }
        DomainConfig out = RecordEdit.of(c).set("cInfo", cInfo).set("bInfo", b).build();
        // initiate_domain_create, once the domain is made: the disks' set_default, then libxl__device_nic_set_devids
        try {
            out = LibxlDefaultsDevices.apply(out, host, macs);
        } catch (LibxlDefaultsException e) {
            throw e.inDevice();
        }
        return new Result(out, iommuMemkb, 0, "xvda",
                b.maxGrantFrames() == null ? host.xenMaxGrantFrames() : b.maxGrantFrames(),
                b.maxMaptrackFrames() == null ? host.xenMaxMaptrackFrames() : b.maxMaptrackFrames(), log);
    }

    /**
     * The config libxl stores for the domain when the create succeeds ({@code domcreate_complete}:
     * {@code libxl__update_domain_configuration}, libxl_internal.c): not the defaulted config but
     * the caller's, with only these taken from the defaulted one: each NIC's devid, nictype and MAC
     * ({@code libxl__update_config_nic}), the UUID, {@code video_memkb}, and x86's
     * {@code msr_relaxed} made explicit ({@code libxl__arch_update_domain_config}). This, with the
     * live values {@code libxl_retrieve_domain_configuration} puts over it, is what
     * {@code xl list -l} prints. vTPM, vdispl and vsnd devids, which libxl also copies, are not
     * defaulted here yet and are left as given.
     */
    public static DomainConfig savedConfig(DomainConfig given, Result defaulted) {
        DomainConfig d = defaulted.config();
        List<DomainConfig.Nic> nics = new ArrayList<>();
        for (int i = 0; i < given.nics().size(); i++) {
            DomainConfig.Nic src = d.nics().get(i);
            nics.add(RecordEdit.of(given.nics().get(i)).set("devid", src.devid()).set("nictype", src.nictype())
                    .set("mac", src.mac()).build());
        }
        CreateInfo cInfo = RecordEdit.of(given.cInfo()).set("uuid", d.cInfo().uuid()).build();
        DomainConfig.ArchX86 x86 = given.bInfo().archX86();
        Boolean msrRelaxed = x86 != null && x86.msrRelaxed() != null ? x86.msrRelaxed() : d.bInfo().archX86().msrRelaxed();
        BuildInfo bInfo = RecordEdit.of(given.bInfo()).set("videoMemkb", d.bInfo().videoMemkb())
                .set("archX86", new DomainConfig.ArchX86(msrRelaxed)).build();
        return RecordEdit.of(given).set("cInfo", cInfo).set("bInfo", bInfo).set("nics", nics).build();
    }

    /** {@code libxl__domain_create_info_setdefault} and its x86 part (which sets nothing). */
    static CreateInfo createInfo(CreateInfo c, LibxlDefaultsHost host) throws LibxlDefaultsException {
        if (c == null || c.type() == null) {
            throw LibxlDefaultsException.inval("domain type unspecified");
        }
        RecordEdit<CreateInfo> e = RecordEdit.of(c);
        if (c.type() != DomainType.PV) {
            if (host.capHap()) {
                e.setDefault("hap", true);
            } else if (host.capShadow()) {
                e.setDefault("hap", false);
            } else {
                throw LibxlDefaultsException.inval("neither hap nor shadow paging available");
            }
            e.setDefault("oos", true);
        }
        return e.setDefault("runHotplugScripts", true).setDefault("driverDomain", false)
                .setDefault("xendSuspendEvtchnCompat", false).build();
    }

    /**
     * The passthrough mode: {@code libxl__domain_config_setdefault} picks enabled or disabled, then
     * {@code libxl__arch_passthrough_mode_setdefault} (libxl_x86.c) turns enabled into share_pt or
     * sync_pt.
     */
    static CreateInfo passthrough(CreateInfo c, boolean needPt, LibxlDefaultsHost host) throws LibxlDefaultsException {
        Passthrough pt = c.passthrough() != null ? c.passthrough() : needPt ? Passthrough.ENABLED : Passthrough.DISABLED;
        if (pt != Passthrough.DISABLED && !host.capHvmDirectio()) {
            throw LibxlDefaultsException.inval("passthrough not supported on this platform\n");
        }
        if (pt == Passthrough.DISABLED && needPt) {
            throw LibxlDefaultsException.inval("passthrough disabled but devices are specified");
        }
        if (pt != Passthrough.DISABLED && c.type() == DomainType.PVH) {
            throw LibxlDefaultsException.inval("passthrough not yet supported for x86 PVH guests\n");
        }
        String whyNotShare = c.type() == DomainType.PV ? "not valid for PV domain"
                : !host.capIommuHapPtShare() ? "not supported on this platform"
                : !c.hap() ? "only valid for HAP guests" : null;
        if (pt == Passthrough.ENABLED) {
            pt = whyNotShare != null ? Passthrough.SYNC_PT : Passthrough.SHARE_PT;
        }
        if (pt == Passthrough.SHARE_PT && whyNotShare != null) {
            throw LibxlDefaultsException.inval("passthrough=\"share_pt\" " + whyNotShare + "\n");
        }
        return RecordEdit.of(c).set("passthrough", pt).build();
    }

    private static boolean altp2m(DomainType type, BuildInfo b) {
        boolean hvmAltp2m = type == DomainType.HVM && b.typeInfo() instanceof HvmInfo h && Boolean.TRUE.equals(h.altp2m());
        return hvmAltp2m || (type != DomainType.PV && b.altp2m() != null);
    }

    /**
     * {@code libxl_get_required_shadow_memory} (libxl_utils.c): the shadow pool xl's
     * {@code shadow_memory} default used to be, for a guest type libxl does not know and no HAP:
     * {@code 4 * (256 * vcpus + 2 * maxmem_kb / 1024)} KiB.
     */
    public static long requiredShadowMemory(long maxmemKb, int vcpus) {
        return requiredPagingMemory(maxmemKb, vcpus, null, false);
    }

    /**
     * {@code libxl__get_required_paging_memory} (libxl_create.c): 1 MiB per vCPU, plus a page per
     * MiB of RAM for the P2M of a non-PV guest, plus a page per MiB to shadow a guest without HAP
     * (x86's {@code EXTRA_DEFAULT_PAGING_MEM_MB} is 0). In C's unsigned long arithmetic, so an
     * unset {@code maxmemKb} ({@link #MEMKB_DEFAULT}) gives libxl's wrapped value.
     *
     * @param type null for {@code LIBXL_DOMAIN_TYPE_INVALID}
     */
    static long requiredPagingMemory(long maxmemKb, int vcpus, DomainType type, boolean hap) {
        long perMib = (type != DomainType.PV ? 1 : 0) + (hap ? 0 : 1);
        return 4 * (256L * Integer.toUnsignedLong(vcpus) + perMib * Long.divideUnsigned(maxmemKb, 1024));
    }

    /**
     * {@code libxl__get_required_iommu_memory} (libxl_create.c): a 4-level, 512-entry IOMMU page
     * table for all of maxmem, in KiB.
     */
    static long requiredIommuMemory(long maxmemKb) {
        long pages = 0, memPages = Long.divideUnsigned(maxmemKb, 4);
        for (int level = 0; level < 4; level++) {
            memPages = Long.divideUnsigned(memPages + 511, 512);
            pages += memPages;
        }
        return pages * 4;
    }

    /**
     * {@code libxl__domain_need_memory_calculate} (libxl_mem.c): the memory a domain takes from
     * the host, as NUMA placement and xl's freemem ask for it, in KiB rounded up to 2 MiB.
     */
    public static long needMemoryKb(Result r) {
        BuildInfo b = r.config().bInfo();
        long need = b.targetMemkb() + b.shadowMemkb() + r.iommuMemkb();
        if (r.config().cInfo().type() == DomainType.PV) {
            need += PV_EXTRA_MEMORY;
        } else {
            need += HVM_EXTRA_MEMORY;
            if (b.deviceModelStubdomain()) {
                need += b.stubdomainMemkb() + b.videoMemkb();
            }
        }
        long rem = Long.remainderUnsigned(need, 2048);
        return rem == 0 ? need : need + 2048 - rem;
    }

    static long memkb(Long v) {
        return v == null ? MEMKB_DEFAULT : v;
    }
}
