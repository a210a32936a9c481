package org.jxen.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.jxen.config.DomainConfig.Action;
import org.jxen.config.DomainConfig.BuildInfo;
import org.jxen.config.DomainConfig.CreateInfo;
import org.jxen.config.DomainConfig.Disk;
import org.jxen.config.DomainConfig.DomainType;
import org.jxen.config.DomainConfig.Nic;
import org.jxen.config.DomainConfig.PvInfo;
import org.jxen.config.DomainConfig.PvhInfo;
import org.jxen.config.DomainConfig.SchedParams;
import org.jxen.config.DomainConfig.TscMode;
import org.jxen.config.DomainConfig.TypeInfo;

/**
 * Turns an xl.cfg file into a {@link DomainConfig} the way xl 4.17 does before it calls libxl:
 * the same keys, defaults, warnings and errors (checked against {@code xl -N create} through the
 * oracle corpus). xl.conf's defaults are Debian's: hotplug scripts run by the toolstack, memory
 * claims on. Keys xl does not know are ignored, as xl ignores them; keys xl.cfg(5) documents that
 * this reader does not handle yet are an error rather than silently dropped.
 */
public final class XlDomainReader {
    /** Xen's MAX_VIRT_CPUS: the most vCPUs it gives any domain. */
    private static final int MAX_VIRT_CPUS = 8192;

    /** What xl.cfg(5) documents and this reader does not handle yet. */
    static final Set<String> NOT_YET = Set.of("gic_version");

    /** A read config and what xl would have printed as warnings on the way. */
    public record Result(DomainConfig config, List<String> warnings) {
    }

    private final XlValues values;
    private final Supplier<UUID> uuids;
    private final HostCpus host;

    private XlDomainReader(XlConfig config, Supplier<UUID> uuids, HostCpus host) {
        this.values = new XlValues(config);
        this.uuids = uuids;
        this.host = host;
    }

    /**
     * Reads {@code config} against this machine's CPUs; a config without a uuid gets a random one,
     * as with xl, and so does ms_vm_genid="generate".
     */
    public static Result read(XlConfig config) throws ConfigException {
        return read(config, UUID::randomUUID, HostCpus.local());
    }

    /**
     * Reads {@code config}: CPU lists against {@code host}; {@code uuids} gives the random
     * 128-bit values xl would make: the UUID when the config names none, then the VM generation ID.
     */
    public static Result read(XlConfig config, Supplier<UUID> uuids, HostCpus host) throws ConfigException {
        XlDomainReader r = new XlDomainReader(config, uuids, host);
        DomainConfig domain = null;
        try {
            domain = r.domain();
        } catch (ConfigException refusal) { // a read that cannot go on: still, a fault xl meets first may be kept
            r.values.refuse(refusal, r.values.rank(refusal));
        }
        r.values.throwRefusal();
        return new Result(domain, r.values.warnings());
    }

    private XlConfig config() {
        return values.config();
    }

    private ConfigException error(String key, String message) {
        Position p = config().get(key).map(XlConfig.Setting::position).orElse(config().end());
        return new ConfigException(p, message);
    }

    /**
     * The domain as xl reads it. A read that may refuse the config goes through
     * {@link XlValues#orRefused}, so the reading goes on and the fault named is the one xl meets
     * first; the records are made of what was read, and thrown away if the config is refused.
     */
    private DomainConfig domain() throws ConfigException {
        for (XlConfig.Setting s : config().settings()) {
            if (NOT_YET.contains(s.key())) {
                throw new ConfigException(s.position(), "jxen does not read `" + s.key() + "' yet;"
                        + " remove it or use xl for this domain");
            }
        }
        DomainType type = type();
        // Measured for PV and PVH guests: xl reads hap, videoram, shadow_memory, rtc_timeoffset,
        // device_model_version, device_model_args_hvm, nestedhvm and acpi for any guest; apic, bios,
        // stdvga and the other type.hvm keys only for HVM ones; timer_mode for HVM and PVH ones.
        // vnc= and sdl= give a PV guest a vfb and a vkb.
        String name = values.string("name").orElseThrow(() -> error("name", "Domain name must be specified."));
        Optional<String> seclabel = values.string("seclabel");
        Optional<String> initSeclabel = values.string("init_seclabel");
        CreateInfo cInfo = new CreateInfo(type, values.bool("hap").orElse(null), values.bool("oos").orElse(null),
                initSeclabel.or(() -> seclabel).orElse(null), name, values.orRefused(null, this::uuid), null, null,
                values.string("pool").orElse(null), true, values.bool("driver_domain").orElse(null),
                values.orRefused(null, this::passthrough), values.bool("xend_suspend_evtchn_compat").orElse(null));
        BuildInfo bInfo = buildInfo(type, initSeclabel.isPresent() ? seclabel.orElse(null) : null);
        if (values.list("vif2").isPresent()) {
            values.warn("vif2", "WARNING: vif2: netchannel2 is deprecated and not supported by xl");
        }
        DeviceKeys devices = new DeviceKeys(values);
        List<DomainConfig.Pci> pcidevs = values.orRefused(List.of(), () -> pcidevs(type));
        List<DomainConfig.Dtdev> dtdevs = values.orRefused(List.of(), devices::dtdevs);
        List<Disk> disks = values.orRefused(List.of(), this::disks);
        List<DomainConfig.P9> p9s = values.orRefused(List.of(), devices::p9s);
        List<DomainConfig.Vtpm> vtpms = values.orRefused(List.of(), devices::vtpms);
        List<DomainConfig.Vdispl> vdispls = values.orRefused(List.of(), () -> VdisplSpec.read(values));
        List<DomainConfig.Pvcallsif> pvcallsifs = values.orRefused(List.of(), devices::pvcallsifs);
        List<DomainConfig.Vsnd> vsnds = values.orRefused(List.of(), () -> VsndSpec.read(values));
        List<DomainConfig.Channel> channels = values.orRefused(List.of(), devices::channels);
        List<Nic> nics = values.orRefused(List.of(), this::nics);
        List<DomainConfig.Vfb> vfbs = new ArrayList<>(values.orRefused(List.of(), devices::vfbs));
        List<DomainConfig.Usbctrl> usbctrls = values.orRefused(List.of(), devices::usbctrls);
        List<DomainConfig.Usbdev> usbdevs = values.orRefused(List.of(), devices::usbdevs);
        DisplayKeys displays = new DisplayKeys(values);
        if (type == DomainType.PV && displays.vncAsked() && vfbs.isEmpty()) { // with vfb= xl ignores vnc= and sdl=
            vfbs.add(new DomainConfig.Vfb(null, 0, displays.vnc(), displays.sdl(), values.string("keymap").orElse(null)));
        } else if (type == DomainType.PVH) { // xl reads them into the HVM part of libxl's union, where libxl never looks
            displays.vnc();
            displays.sdl();
        }
        List<DomainConfig.Vkb> vkbs = new ArrayList<>();
        vfbs.forEach(f -> vkbs.add(DeviceKeys.keyboardFor(f.devid())));
        vkbs.addAll(values.orRefused(List.of(), () -> devices.vkbs(vkbs.size())));
        DomainConfig domain = new DomainConfig(cInfo, bInfo, disks, nics, pcidevs, dtdevs, vfbs, vkbs, vtpms, p9s,
                pvcallsifs, vdispls, vsnds, channels, usbctrls, usbdevs,
                values.orRefused(null, () -> action("on_poweroff", Action.DESTROY)),
                values.orRefused(null, () -> action("on_reboot", Action.RESTART)),
                values.orRefused(null, () -> action("on_watchdog", Action.DESTROY)),
                values.orRefused(null, () -> action("on_crash", Action.DESTROY)),
                values.orRefused(null, () -> action("on_soft_reset", Action.SOFT_RESET)));
        values.throwRefusal();
        checkPinned(bInfo);
        return domain;
    }

    private DomainConfig.Passthrough passthrough() throws ConfigException {
        return values.choice("passthrough", DomainConfig.Passthrough.values(), "default",
                "ERROR: unknown passthrough option '%s'");
    }

    /**
     * type= and the deprecated builder=, each read as xl compares them: an abbreviation (strncmp to
     * the given length) of hvm, then pv, then pvh; of hvm or generic. "" and "h" are hvm, "p" pv.
     * Both given, they must agree.
     */
    private DomainType type() throws ConfigException {
        Optional<String> type = values.string("type");
        DomainType typed = null;
        if (type.isPresent()) {
            String t = type.get();
            typed = XlValues.abbreviates(t, "hvm") ? DomainType.HVM : XlValues.abbreviates(t, "pv") ? DomainType.PV
                    : XlValues.abbreviates(t, "pvh") ? DomainType.PVH : null;
            if (typed == null) {
                throw error("type", "Invalid domain type " + t + ".");
            }
        }
        Optional<String> builder = values.string("builder");
        if (builder.isEmpty()) {
            return typed == null ? DomainType.PV : typed;
        }
        String b = builder.get();
        DomainType built = XlValues.abbreviates(b, "hvm") ? DomainType.HVM
                : XlValues.abbreviates(b, "generic") ? DomainType.PV : null;
        if (built == null) {
            throw error("builder", "Invalid domain type " + b + ".");
        }
        if (typed != null && typed != built) {
            throw error("builder", "Contradicting \"builder\" and \"type\" options specified.");
        }
        return built;
    }

    private String uuid() throws ConfigException {
        Optional<String> given = values.string("uuid");
        if (given.isEmpty()) {
            return uuids.get().toString();
        }
        String u = given.get();
        if (!u.matches("(?i)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")) {
            throw error("uuid", "Failed to parse UUID: " + u);
        }
        // the nil UUID is libxl's "none": xl hands it on, libxl's JSON leaves it out and a create makes one
        return u.matches("[0-]+") ? null : u.toLowerCase(Locale.ROOT);
    }

    private BuildInfo buildInfo(DomainType type, String execSeclabel) throws ConfigException {
        // xl holds vcpus= in a long (0 when not set) and the maximum in libxl's int: a count beyond 2^31 - 1 never fits
        Optional<Long> vcpus = values.number("vcpus");
        long vcpuCount = vcpus.orElse(0L);
        if ((int) vcpuCount < 0) { // libxl's bitmap of (int) vcpus CPUs
            throw error("vcpus", "Unable to allocate cpumap: vcpus=" + vcpuCount
                    + " is not a number of CPUs (libxl: invalid number of cpus provided)");
        }
        Optional<Integer> maxvcpus = values.nonZeroInteger("maxvcpus"); // 0 is xl's "not set"
        if ((int) vcpuCount > MAX_VIRT_CPUS) { // xl -N would list them all (past 2^31 - 8 libxl's bitmap size wraps and it dies)
            throw error("vcpus", "vcpus=" + vcpuCount + " is more vCPUs than Xen gives a domain (" + MAX_VIRT_CPUS + ")");
        }
        DomainConfig.VuartType vuart = values.orRefused(null, this::vuart);
        List<DomainConfig.Vnode> vnuma = VnumaSpec.read(values, host);
        // without maxvcpus=, vNUMA nodes give the most vCPUs, unless they name none; otherwise vcpus= does (measured)
        Integer maxVcpus = maxvcpus.or(() -> VnumaSpec.vcpus(vnuma) == 0 ? Optional.of((int) vcpuCount).filter(n -> n != 0)
                : Optional.of(VnumaSpec.vcpus(vnuma))).orElse(null);
        values.orRefused("vnuma", null, () -> { // xl compares the counts once it has read vnuma=
            if ((maxVcpus == null ? 0 : maxVcpus) < vcpuCount) {
                throw error(maxvcpus.isPresent() ? "maxvcpus" : "vcpus", "xl: maxvcpus < vcpus");
            }
            return null;
        });
        List<Integer> avail = vcpus.map(n -> IntStream.range(0, (int) (long) n).boxed().toList()).orElse(null);
        Optional<Long> memory = values.number("memory");
        Optional<Long> maxmem = values.number("maxmem");
        // with vNUMA, the nodes' sizes add up to the maximum, whatever memory= says
        Long maxMemkb = vnuma.isEmpty() ? maxmem.or(() -> memory).map(m -> m * 1024).orElse(null)
                : Long.valueOf(VnumaSpec.memkb(vnuma));
        Long targetMemkb = memory.map(m -> m * 1024).orElse(null);
        String given = values.string("kernel").orElse(null);
        if (type == DomainType.HVM && HvmKeys.isHvmloader(given)) {
            values.warn(XlReadingOrder.KERNEL_IS_HVMLOADER, "WARNING: you seem to be using \"kernel\" directive to"
                    + " override HVM guest firmware. Ignore that. Use \"firmware_override\" instead if you really"
                    + " want a non-default firmware");
        }
        String bootloader = values.string("bootloader").orElse(null);
        String kernel = type == DomainType.HVM ? (HvmKeys.isHvmloader(given) ? null : given)
                : values.orRefused("firmware", given, () -> pvKernel(given, bootloader)); // checked in xl's PV branch
        int pinnedVcpus = maxVcpus == null ? 0 : maxVcpus;
        List<List<Integer>> hard = values.orRefused(null, () -> affinity("cpus", pinnedVcpus));
        List<List<Integer>> soft = values.orRefused(null, () -> affinity("cpus_soft", pinnedVcpus));
        DomainConfig.CpuidPolicy cpuid = values.orRefused(null, () -> CpuidSpec.read(values));
        ignoredDeviceModel(type);
        String deviceModel = values.string("device_model_override").orElse(null);
        if (deviceModel != null && config().get("device_model_version").isEmpty()) {
            values.warn("device_model_version", "WARNING: device model override given without specific DM version");
        }
        Boolean msrRelaxed = values.bool("msr_relaxed").orElse(null);
        if (msrRelaxed != null) {
            values.warn("msr_relaxed", "WARNING: msr_relaxed will be removed in future versions.");
            values.warn("msr_relaxed", "If it fixes an issue you are having please report to xen-devel@lists.xenproject.org.");
        }
        // xl turns libxl's NUMA placement off for a per-vCPU hard list, any soft affinity, or a vNUMA pnode
        boolean pinned = config().get("cpus").map(c -> c.value() instanceof Value.ListValue).orElse(false)
                || soft != null || VnumaSpec.placed(config());
        Boolean numaPlacement = pinned ? false : null;
        TscMode tsc = values.orRefused(null, this::tscMode); // its warning for a number comes before vncviewer's
        if (values.number("vncviewer").isPresent()) { // xl's own warning, after rtc_timeoffset's
            values.warn("vncviewer", "WARNING: ignoring \"vncviewer\" option. Use \"-V\" option of \"xl create\" to automatically"
                    + " spawn vncviewer.");
        }
        return new BuildInfo(maxVcpus, avail, hard, soft, numaPlacement, tsc, maxMemkb, targetMemkb,
                values.number("videoram").map(m -> m * 1024).orElse(null),
                values.number("shadow_memory").map(m -> m * 1024).orElse(null),
                values.number("rtc_timeoffset").map(n -> n & 0xffff_ffffL).filter(n -> n != 0).orElse(null), // libxl's uint32: -1 is 2^32-1; 0 its default, not written
                execSeclabel, values.bool("localtime").orElse(null), values.bool("nomigrate").orElse(null), cpuid, vnuma,
                values.orRefused(null, () -> grantLimit("max_grant_frames")),
                values.orRefused(null, () -> grantLimit("max_maptrack_frames")),
                values.orRefused(null, () -> grantLimit("max_grant_version")),
                values.orRefused(null, this::deviceModelVersion),
                values.bool("device_model_stubdomain_override").orElse(null),
                values.number("stubdomain_memory").map(m -> m * 1024).orElse(null),
                values.string("stubdomain_kernel").orElse(null), values.string("stubdomain_cmdline").orElse(null),
                values.string("stubdomain_ramdisk").orElse(null), deviceModel,
                values.string("device_model_stubdomain_seclabel").orElse(null),
                values.string("device_model_user").orElse(null),
                values.orRefused(null, () -> deviceModelArgs("device_model_args")),
                values.orRefused(null, () -> deviceModelArgs("device_model_args_pv")),
                values.orRefused(null, () -> deviceModelArgs("device_model_args_hvm")),
                schedParams(),
                values.orRefused(List.of(), () -> IoRanges.ioports(values)),
                values.orRefused(null, () -> IoRanges.irqs(values)),
                values.orRefused(List.of(), () -> IoRanges.iomem(values)),
                true, values.nonZeroInteger("max_event_channels").orElse(null), kernel, cmdline(),
                values.string("ramdisk").orElse(null), values.string("device_tree").orElse(null),
                values.bool("acpi").orElse(null), bootloader, values.orRefused(null, this::bootloaderArgs),
                values.orRefused(null, () -> timerMode(type)),
                values.bool("nestedhvm").orElse(null), type == DomainType.HVM ? values.bool("apic").orElse(null) : null,
                values.bool("dm_restrict").orElse(null), values.orRefused(null, this::tee),
                values.orRefused(null, () -> typeInfo(type)),
                new DomainConfig.ArchArm(vuart), new DomainConfig.ArchX86(msrRelaxed),
                values.orRefused(null, () -> altp2m(type)), values.numberQuietly("vmtrace_buf_kb").map(Long::intValue).orElse(0),
                values.bool("vpmu").orElse(null));
    }

    /** A PV or PVH guest's kernel, or its PV GRUB (firmware=); it needs one or a bootloader. */
    private String pvKernel(String kernel, String bootloader) throws ConfigException {
        String k = values.string("firmware").isPresent() ? pvGrub(kernel) : kernel;
        if (k == null && bootloader == null) {
            throw error("kernel", "Neither kernel nor bootloader specified");
        }
        return k;
    }

    /**
     * The scheduler's parameters; libxl's JSON leaves out each one at -1, its "default". slice= and
     * latency= were SEDF's, which Xen no longer has: xl still reads them into the config.
     */
    private SchedParams schedParams() {
        return new SchedParams(schedParam("cpu_weight"), schedParam("cap"), schedParam("period"),
                schedParam("extratime"), schedParam("slice"), schedParam("latency"));
    }

    private Integer schedParam(String key) {
        return values.integer(key).filter(n -> n != -1).orElse(null);
    }

    /** device_model=, xend's key: xl ignores it with a warning, and one more for a stub domain's. */
    private void ignoredDeviceModel(DomainType type) {
        Optional<String> given = values.string("device_model");
        if (given.isEmpty()) {
            return;
        }
        values.warn("device_model", "WARNING: ignoring device_model directive.");
        values.warn("device_model", "WARNING: Use \"device_model_override\" instead if you really want a non-default device_model");
        if (given.get().contains("stubdom-dm")) {
            values.warn("device_model", type == DomainType.HVM // xl's two blanks
                    ? "WARNING: Or use \"device_model_stubdomain_override\" if you  want to enable stubdomains"
                    : "WARNING: ignoring \"device_model_stubdomain_override\" directive for pv guest");
        }
    }

    /**
     * bootloader_args=: a list; a string (deprecated, with xl's warning) is split at its blanks.
     * xl itself crashes on a string of no words (a null word dereferenced): refused here.
     */
    private List<String> bootloaderArgs() throws ConfigException {
        Optional<XlConfig.Setting> s = config().get("bootloader_args");
        if (s.isEmpty() || !(s.get().value() instanceof Value.Atom a)) {
            return values.list("bootloader_args").orElse(null);
        }
        values.warn("bootloader_args", "WARNING: Specifying \"bootloader_args\" as a string is deprecated."
                + " Please use a list of arguments.");
        List<String> args = Arrays.stream(a.text().split("[ \t\n]+")).filter(arg -> !arg.isEmpty()).toList();
        if (args.isEmpty()) {
            throw error("bootloader_args", "bootloader_args=\"" + a.text() + "\" names no argument: give a list,"
                    + " e.g. bootloader_args=[ \"--kernel=/vmlinuz\" ], or leave it out");
        }
        return args;
    }

    /**
     * max_grant_frames=, max_maptrack_frames=, max_grant_version=: a number from 0 to 2^31 - 1. xl
     * reads them without warnings and exits, without a word, on anything else (a name, a list, a
     * number out of range).
     */
    private Integer grantLimit(String key) throws ConfigException {
        if (config().get(key).isEmpty()) {
            return null;
        }
        Optional<Long> n = values.numberQuietly(key).filter(v -> v >= 0 && v <= Integer.MAX_VALUE);
        if (n.isEmpty()) {
            String given = config().get(key).orElseThrow().value() instanceof Value.Atom a ? "\"" + a.text() + "\"" : "a list";
            throw error(key, key + "=" + given + " is not a number xl takes (0 to " + Integer.MAX_VALUE
                    + "; xl exits without a word)");
        }
        return n.get().intValue();
    }

    /** device_model_args*=: a list; xl refuses a single string, after its warning (measured). */
    private List<String> deviceModelArgs(String key) throws ConfigException {
        Optional<XlConfig.Setting> s = config().get(key);
        List<String> args = values.list(key).orElse(null);
        if (s.isPresent() && args == null) {
            throw error(key, "xl: Unable to parse " + key + ".");
        }
        return args;
    }

    /**
     * A PV or PVH guest's firmware= is a PV GRUB, which becomes its kernel: xl takes any
     * abbreviation of pvgrub32 or pvgrub64 ("pvgrub", even "") and loads XENFIRMWAREDIR/NAME.bin.
     */
    private String pvGrub(String kernel) throws ConfigException {
        if (kernel != null) {
            throw error("firmware", "ERROR: both kernel and firmware specified");
        }
        String firmware = values.string("firmware").orElseThrow();
        if (!XlValues.abbreviates(firmware, "pvgrub32") && !XlValues.abbreviates(firmware, "pvgrub64")) {
            throw error("firmware", "ERROR: only pvgrub{32|64} supported as firmware options");
        }
        return XEN_FIRMWARE_DIR + "/" + firmware + ".bin";
    }

    /** Where Debian's Xen 4.17 keeps its firmware (xl's XENFIRMWAREDIR). */
    private static final String XEN_FIRMWARE_DIR = "/usr/lib/xen-4.17/boot";

    private DomainConfig.TeeType tee() throws ConfigException {
        if (config().get("tee").map(s -> s.value() instanceof Value.ListValue).orElse(false)) {
            return null; // xl reads tee= without warnings: a list is as if unset
        }
        return values.choice("tee", DomainConfig.TeeType.values(), "none", "Unknown tee \"%s\" specified");
    }

    private DomainConfig.VuartType vuart() throws ConfigException {
        return values.choice("vuart", DomainConfig.VuartType.values(), "unknown",
                "ERROR: invalid value \"%s\" for \"vuart\"");
    }

    private DomainConfig.Altp2mMode altp2m(DomainType type) throws ConfigException {
        // xl reads altp2mhvm= for HVM guests only, and says it is deprecated once it has read a number
        if (type == DomainType.HVM && values.boolQuietly("altp2mhvm").isPresent()) {
            values.warn("altp2mhvm", "WARNING: Specifying \"altp2mhvm\" is deprecated. Please use \"altp2m\" instead.");
        }
        Optional<Long> number = values.numberQuietly("altp2m"); // xl takes libxl's number too, without a word
        if (number.isPresent()) {
            long n = number.get();
            if (n < 0 || n > DomainConfig.Altp2mMode.values().length) {
                throw error("altp2m", "ERROR: invalid value " + n + " for \"altp2m\"");
            }
            return n == 0 ? null : DomainConfig.Altp2mMode.values()[(int) n - 1]; // 0: disabled, the default
        }
        return values.choice("altp2m", DomainConfig.Altp2mMode.values(), "disabled",
                "ERROR: invalid value \"%s\" for \"altp2m\"");
    }

    /**
     * cpus= or cpus_soft=: one CPULIST for every vCPU, or a list of them, one per vCPU; null if
     * not set. As with xl, a list reads no more entries than there are vCPUs and stops at an item
     * that is itself a list, and without vcpus= a single CPULIST is checked but pins no vCPU.
     */
    private List<List<Integer>> affinity(String key, int vcpus) throws ConfigException {
        Optional<XlConfig.Setting> s = config().get(key);
        if (s.isEmpty()) {
            return null;
        }
        Position where = s.get().position();
        if (s.get().value() instanceof Value.ListValue) {
            List<List<Integer>> perVcpu = new ArrayList<>();
            for (String spec : values.list(key).orElseThrow()) {
                if (perVcpu.size() == vcpus) {
                    break;
                }
                perVcpu.add(CpuList.parse(spec, host, where));
            }
            return perVcpu;
        }
        List<Integer> cpus = CpuList.parse(values.string(key).orElseThrow(), host, where);
        if (vcpus > MAX_VIRT_CPUS) { // xl would make a CPU map for each, and run out of memory
            throw new ConfigException(where, key + "= for " + vcpus + " vCPUs: more than Xen gives a domain (" + MAX_VIRT_CPUS + ")");
        }
        return Collections.nCopies(vcpus, cpus);
    }

    /** xl refuses a vCPU pinned to no CPU, after it has read the whole config. */
    private void checkPinned(BuildInfo b) throws ConfigException {
        if (b.vcpuHardAffinity() != null && b.vcpuHardAffinity().stream().anyMatch(List::isEmpty)) {
            throw error("cpus", "vcpu hard affinity map is empty: cpus= leaves a vCPU no CPU of this host (it has "
                    + host.maxCpus() + "); name CPUs it has, e.g. cpus=\"all\"");
        }
    }

    private DomainConfig.DeviceModelVersion deviceModelVersion() throws ConfigException {
        Optional<String> v = values.string("device_model_version");
        if (v.isEmpty()) {
            return null;
        }
        return switch (v.get()) {
            case "qemu-xen" -> DomainConfig.DeviceModelVersion.QEMU_XEN;
            case "qemu-xen-traditional" -> DomainConfig.DeviceModelVersion.QEMU_XEN_TRADITIONAL;
            default -> throw error("device_model_version", "Unknown device_model_version \"" + v.get()
                    + "\" specified (qemu-xen or qemu-xen-traditional)");
        };
    }

    /**
     * timer_mode=, read for HVM and PVH guests; xl refuses it for PV ones. libxl numbers its names
     * from -1, "unknown", which is also its default.
     */
    private DomainConfig.TimerMode timerMode(DomainType type) throws ConfigException {
        if (type == DomainType.PV && config().get("timer_mode").isPresent()) {
            throw error("timer_mode", "ERROR: \"timer_mode\" option is not supported for PV guests.");
        }
        List<String> names = new ArrayList<>(List.of("unknown"));
        for (DomainConfig.TimerMode m : DomainConfig.TimerMode.values()) {
            names.add(DomainConfig.jsonName(m));
        }
        Integer mode = numberedName("timer_mode", names, -1, null);
        return mode == null || mode < 0 ? null : DomainConfig.TimerMode.values()[mode];
    }

    private TscMode tscMode() throws ConfigException {
        List<String> names = new ArrayList<>(List.of("default"));
        for (TscMode m : TscMode.values()) {
            names.add(DomainConfig.jsonName(m));
        }
        Integer mode = numberedName("tsc_mode", names, 0, "got a tsc mode string: \"%s\"");
        return mode == null || mode == 0 ? null : TscMode.values()[mode - 1]; // default: left out of libxl's JSON
    }

    /**
     * A key that names a libxl enum value, or gives its number (deprecated, with xl's warning; only
     * numbers from 0 up are valid). {@code names.get(i)} is number {@code i + first}; names match
     * ignoring case, as libxl's do. {@code saidOfAName} is what xl prints on reading a name (%s the
     * name), or null. Returns the number, or null if the key is not set.
     */
    private Integer numberedName(String key, List<String> names, int first, String saidOfAName) throws ConfigException {
        Optional<Long> number = values.numberQuietly(key);
        if (number.isPresent()) {
            long n = number.get();
            long last = first + names.size() - 1L;
            String example = n >= first && n <= last ? "e.g. " + key + "=\"" + names.get((int) (n - first)) + "\"" : "";
            values.warn(key, "WARNING: specifying \"" + key + "\" as an integer is deprecated. Please use the named"
                    + " parameter variant. " + example);
            if (n < 0 || n > last) {
                throw error(key, "ERROR: invalid value " + n + " for \"" + key + "\"");
            }
            return (int) n;
        }
        Optional<String> name = values.string(key);
        if (name.isEmpty()) {
            return null;
        }
        if (saidOfAName != null) {
            values.warn(key, saidOfAName.replace("%s", name.get()));
        }
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name.get())) {
                return i + first;
            }
        }
        throw error(key, "ERROR: invalid value \"" + name.get() + "\" for \"" + key + "\"");
    }

    /** cmdline wins; otherwise {@code root=ROOT EXTRA} from root and extra. */
    private String cmdline() {
        Optional<String> cmdline = values.string("cmdline");
        Optional<String> root = values.string("root");
        Optional<String> extra = values.string("extra");
        if (cmdline.isPresent()) {
            if (root.isPresent() || extra.isPresent()) {
                values.warn("cmdline", "Warning: ignoring root= and extra= in favour of cmdline=");
            }
            return cmdline.get();
        }
        if (root.isPresent()) {
            return "root=" + root.get() + extra.map(e -> " " + e).orElse("");
        }
        return extra.orElse(null);
    }

    private TypeInfo typeInfo(DomainType type) throws ConfigException {
        // xl reads rdm= for every type (its warnings too) into the HVM part of libxl's union
        DomainConfig.RdmReserve rdm = RdmSpec.read(values);
        return switch (type) {
            case PV -> new PvInfo(values.bool("e820_host").orElse(hasPciDevices() ? Boolean.TRUE : null));
            case PVH -> new PvhInfo(values.bool("pvshim").orElse(null), values.string("pvshim_path").orElse(null),
                    values.string("pvshim_cmdline").orElse(null), values.string("pvshim_extra").orElse(null));
            case HVM -> new HvmKeys(values).read(uuids, rdm);
        };
    }

    /** Whether pci= names a device (xl reads a list's strings up to the first item that is a list). */
    private boolean hasPciDevices() {
        return config().get("pci").orElse(null) instanceof XlConfig.Setting s && s.value() instanceof Value.ListValue l
                && !l.items().isEmpty() && l.items().getFirst() instanceof Value.Atom;
    }

    /** Reads one device spec; {@code index} is its place in the list. */
    private interface SpecReader<T> {
        T read(String spec, int index, Position where) throws ConfigException;
    }

    private List<Disk> disks() throws ConfigException {
        return devices("disk", (spec, index, where) -> DiskSpec.parse(spec, where));
    }

    private List<Nic> nics() throws ConfigException {
        return devices("vif", (spec, index, where) -> NicSpec.parse(spec, index, where, line -> values.warn("vif", line)));
    }

    /**
     * pci=: the pci_* keys give every device's defaults. A device's rdm_policy is not set for HVM
     * guests, strict for the others (measured: xl reads it from the HVM part of libxl's union even
     * where that is not in use, and finds zero there).
     */
    private List<DomainConfig.Pci> pcidevs(DomainType type) throws ConfigException {
        DomainConfig.RdmPolicy policy = type == DomainType.HVM ? null : DomainConfig.RdmPolicy.STRICT;
        PciSpec.Defaults defaults = new PciSpec.Defaults(values.bool("pci_permissive").orElse(false),
                values.bool("pci_msitranslate").orElse(false), values.bool("pci_seize").orElse(false),
                values.bool("pci_power_mgmt").orElse(false), policy);
        return devices("pci", (spec, index, where) -> PciSpec.parse(spec, defaults, where));
    }

    private <T> List<T> devices(String key, SpecReader<T> reader) throws ConfigException {
        List<T> devices = new ArrayList<>();
        Optional<List<String>> specs = values.list(key);
        if (specs.isPresent()) {
            Position where = config().get(key).orElseThrow().position();
            for (String spec : specs.get()) {
                devices.add(reader.read(spec, devices.size(), where));
            }
        }
        return devices;
    }

    /** The action xl sets; destroy, libxl's default, is "not set" and does not appear in the JSON. */
    private Action action(String key, Action dflt) throws ConfigException {
        Optional<String> v = values.string(key);
        Action a = v.isEmpty() ? dflt : named(key, v.get());
        return a == Action.DESTROY ? null : a;
    }

    private Action named(String key, String name) throws ConfigException {
        return switch (name) {
            case "destroy" -> Action.DESTROY;
            case "restart" -> Action.RESTART;
            case "rename-restart" -> Action.RESTART_RENAME;
            case "preserve" -> Action.PRESERVE;
            case "coredump-destroy" -> Action.COREDUMP_DESTROY;
            case "coredump-restart" -> Action.COREDUMP_RESTART;
            case "soft-reset" -> Action.SOFT_RESET;
            default -> throw error(key, "Unknown " + key + " action \"" + name + "\" specified");
        };
    }
}
