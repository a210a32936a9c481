package org.jxen.config;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.jxen.config.DomainConfig.Action;
import org.jxen.config.DomainConfig.BuildInfo;
import org.jxen.config.DomainConfig.Disk;
import org.jxen.config.DomainConfig.DiskFormat;
import org.jxen.config.DomainConfig.HvmInfo;
import org.jxen.config.DomainConfig.Nic;
import org.jxen.config.DomainConfig.PvInfo;
import org.jxen.config.DomainConfig.VgaKind;

/**
 * Writes a {@link DomainConfig} as a canonical xl.cfg file: one {@code key = value} per line in a
 * fixed order, strings in double quotes, disks and vifs in key=value form with {@code target=}
 * last. Reading the text back ({@link XlConfigParser}, {@link XlDomainReader}) gives the same
 * config. What comes from xl.conf rather than xl.cfg (hotplug scripts, memory claims) is not
 * written.
 */
public final class XlConfigWriter {
    private static final String NIL_UUID = "00000000-0000-0000-0000-000000000000";
    private final StringBuilder out = new StringBuilder();

    private XlConfigWriter() {
    }

    public static String write(DomainConfig c) {
        XlConfigWriter w = new XlConfigWriter();
        w.domain(c);
        return w.out.toString();
    }

    /**
     * One setting read from an xl.cfg file, written back as a line of xl.cfg ({@code +=} if it was
     * appended): reading the line gives the same value.
     *
     * @throws IllegalArgumentException if a string holds a control character xl.cfg has no escape for
     */
    public static String setting(XlConfig.Setting s) {
        return s.key() + (s.appended() ? " += " : " = ") + value(s.value()) + "\n";
    }

    private static String value(Value v) {
        return switch (v) {
            case Value.Atom a -> a.quoted() ? quoted(a.text()) : a.text();
            case Value.ListValue l -> "[ " + String.join(", ", l.items().stream().map(XlConfigWriter::value).toList()) + " ]";
        };
    }

    private void domain(DomainConfig c) {
        string("name", c.cInfo().name());
        string("type", DomainConfig.jsonName(c.cInfo().type()));
        bool("hap", c.cInfo().hap());
        // none is libxl's nil UUID, which xl.cfg says as such (left out, xl would make one up)
        string("uuid", c.cInfo().uuid() == null ? NIL_UUID : c.cInfo().uuid());
        string("pool", c.cInfo().poolName());
        bool("driver_domain", c.cInfo().driverDomain());
        bool("oos", c.cInfo().oos());
        BuildInfo b = c.bInfo();
        if (b.execSsidLabel() != null) {
            string("init_seclabel", c.cInfo().ssidLabel());
            string("seclabel", b.execSsidLabel());
        } else {
            string("seclabel", c.cInfo().ssidLabel());
        }
        enumName("passthrough", c.cInfo().passthrough());
        bool("xend_suspend_evtchn_compat", c.cInfo().xendSuspendEvtchnCompat());
        if (b.availVcpus() != null) {
            number("vcpus", (long) b.availVcpus().size());
        }
        boolean maxVcpusFromVnuma = b.availVcpus() == null && !b.vnumaNodes().isEmpty()
                && Integer.valueOf(VnumaSpec.vcpus(b.vnumaNodes())).equals(b.maxVcpus());
        if (b.maxVcpus() != null && !maxVcpusFromVnuma
                && (b.availVcpus() == null || b.maxVcpus() != b.availVcpus().size())) {
            number("maxvcpus", b.maxVcpus().longValue());
        }
        if (b.targetMemkb() != null) {
            number("memory", b.targetMemkb() / 1024);
        }
        if (b.maxMemkb() != null && !b.maxMemkb().equals(b.targetMemkb())) {
            number("maxmem", b.maxMemkb() / 1024);
        }
        affinity(b);
        string("tsc_mode", b.tscMode() == null ? null : DomainConfig.jsonName(b.tscMode()));
        number("videoram", b.videoMemkb() == null ? null : b.videoMemkb() / 1024);
        number("shadow_memory", b.shadowMemkb() == null ? null : b.shadowMemkb() / 1024);
        number("rtc_timeoffset", b.rtcTimeoffset());
        string("device_model_version", b.deviceModelVersion() == null ? null
                : DomainConfig.jsonName(b.deviceModelVersion()).replace('_', '-'));
        list("device_model_args_hvm", b.extraHvm(), s -> s);
        bool("acpi", b.acpi());
        string("timer_mode", b.timerMode() == null ? null : DomainConfig.jsonName(b.timerMode()));
        bool("nestedhvm", b.nestedHvm());
        bool("apic", b.apic());
        bool("localtime", b.localtime());
        bool("nomigrate", b.disableMigrate());
        number("max_grant_frames", b.maxGrantFrames());
        number("max_maptrack_frames", b.maxMaptrackFrames());
        number("max_grant_version", b.maxGrantVersion());
        number("cpu_weight", b.schedParams().weight());
        number("cap", b.schedParams().cap());
        number("period", b.schedParams().period());
        number("extratime", b.schedParams().extratime());
        number("slice", b.schedParams().slice());
        number("latency", b.schedParams().latency());
        cpuid(b.cpuid());
        number("max_event_channels", b.eventChannels());
        string("kernel", b.kernel());
        string("ramdisk", b.ramdisk());
        string("cmdline", b.cmdline());
        string("bootloader", b.bootloader());
        list("bootloader_args", b.bootloaderArgs(), s -> s);
        boolean placed = Boolean.FALSE.equals(b.numaPlacement());
        nestedList("vnuma", b.vnumaNodes(), n -> vnode(n, placed));
        bool("device_model_stubdomain_override", b.deviceModelStubdomain());
        number("stubdomain_memory", b.stubdomainMemkb() == null ? null : b.stubdomainMemkb() / 1024);
        string("stubdomain_kernel", b.stubdomainKernel());
        string("stubdomain_cmdline", b.stubdomainCmdline());
        string("stubdomain_ramdisk", b.stubdomainRamdisk());
        string("device_model_override", b.deviceModel());
        string("device_model_stubdomain_seclabel", b.deviceModelSsidLabel());
        string("device_model_user", b.deviceModelUser());
        list("device_model_args", b.extra(), s -> s);
        list("device_model_args_pv", b.extraPv(), s -> s);
        list("ioports", emptyAsNull(b.ioports()), r -> Long.toHexString(r.first()) + "-"
                + Long.toHexString(r.first() + r.number() - 1 & 0xffff_ffffL));
        list("irqs", b.irqs(), String::valueOf);
        list("iomem", emptyAsNull(b.iomem()), r -> Long.toHexString(r.start()) + "," + Long.toHexString(r.number())
                + (r.gfn() == null ? "" : "@" + Long.toHexString(r.gfn())));
        string("device_tree", b.deviceTree());
        bool("dm_restrict", b.dmRestrict());
        enumName("tee", b.tee());
        enumName("vuart", b.archArm().vuart());
        bool("msr_relaxed", b.archX86().msrRelaxed());
        enumName("altp2m", b.altp2m());
        number("vmtrace_buf_kb", b.vmtraceBufKb() == 0 ? null : b.vmtraceBufKb());
        bool("vpmu", b.vpmu());
        switch (b.typeInfo()) {
            case PvInfo pv -> bool("e820_host", pv.e820Host());
            case HvmInfo hvm -> hvm(hvm);
            case DomainConfig.PvhInfo pvh -> {
                bool("pvshim", pvh.pvshim());
                string("pvshim_path", pvh.pvshimPath());
                string("pvshim_cmdline", pvh.pvshimCmdline());
                string("pvshim_extra", pvh.pvshimExtra());
            }
        }
        DeviceWriter.write(c, this);
        if (!c.disks().isEmpty()) { // no disk= and disk=[] both read as no disks
            list("disk", c.disks(), XlConfigWriter::disk);
        }
        if (!c.nics().isEmpty()) {
            list("vif", c.nics(), XlConfigWriter::vif);
        }
        action("on_poweroff", c.onPoweroff());
        action("on_reboot", c.onReboot());
        action("on_watchdog", c.onWatchdog());
        action("on_crash", c.onCrash());
        action("on_soft_reset", c.onSoftReset());
    }

    private void hvm(HvmInfo h) {
        string("firmware_override", h.firmware()); // taken as it is: firmware= reads "u", "bios" or "seabios" otherwise
        string("bios", h.bios() == null ? null : DomainConfig.jsonName(h.bios()));
        bool("acpi_laptop_slate", h.acpiLaptopSlate());
        bool("nx", h.nx());
        number("mmio_hole", h.mmioHoleMemkb() == null ? null : h.mmioHoleMemkb() / 1024);
        bool("altp2mhvm", h.altp2m());
        string("bios_path_override", h.systemFirmware());
        string("smbios_firmware", h.smbiosFirmware());
        string("acpi_firmware", h.acpiFirmware());
        enumName("hdtype", h.hdtype());
        if (h.gfxPassthruKind() != null) {
            enumName("gfx_passthru", h.gfxPassthruKind());
        } else {
            bool("gfx_passthru", h.gfxPassthru());
        }
        number("usbversion", h.usbversion());
        bool("vkb_device", h.vkbDevice());
        enumName("vendor_device", h.vendorDevice());
        // xl.cfg cannot name a generation ID, only ask for a new one
        string("ms_vm_genid", h.msVmGenid() == null ? null : "generate");
        // xl reads no policy from rdm= (HvmKeys.rdm), so only the strategy can be written
        string("rdm", h.rdm().strategy() == DomainConfig.RdmStrategy.HOST ? "strategy=host" : null);
        number("rdm_mem_boundary", h.rdmMemBoundaryMemkb() == null ? null : h.rdmMemBoundaryMemkb() / 1024);
        list("mca_caps", h.mcaCaps() == null ? null : h.mcaCaps() == 1 ? List.of("lmce") : List.of(), s -> s);
        bool("pae", h.pae());
        bool("acpi_s3", h.acpiS3());
        bool("acpi_s4", h.acpiS4());
        viridian(h);
        bool("hpet", h.hpet());
        bool("vpt_align", h.vptAlign());
        bool("nographic", h.nographic());
        VgaKind vga = h.vga().kind();
        string("vga", vga == null ? null : vga == VgaKind.STD ? "stdvga" : DomainConfig.jsonName(vga));
        bool("vnc", h.vnc().enable());
        string("vnclisten", h.vnc().listen());
        string("vncpasswd", h.vnc().passwd());
        number("vncdisplay", h.vnc().display());
        bool("vncunused", h.vnc().findunused());
        string("keymap", h.keymap());
        bool("sdl", h.sdl().enable());
        bool("opengl", h.sdl().opengl());
        string("display", h.sdl().display());
        string("xauthority", h.sdl().xauthority());
        DomainConfig.Spice sp = h.spice();
        bool("spice", sp.enable());
        number("spiceport", sp.port());
        number("spicetls_port", sp.tlsPort());
        string("spicehost", sp.host());
        bool("spicedisable_ticketing", sp.disableTicketing());
        string("spicepasswd", sp.passwd());
        bool("spiceagent_mouse", sp.agentMouse());
        bool("spicevdagent", sp.vdagent());
        bool("spice_clipboard_sharing", sp.clipboardSharing());
        number("spiceusbredirection", sp.usbredirection());
        string("spice_image_compression", sp.imageCompression());
        string("spice_streaming_video", sp.streamingVideo());
        string("serial", h.serial());
        list("serial", h.serialList(), s -> s);
        string("boot", h.boot());
        bool("usb", h.usb());
        string("usbdevice", h.usbdevice());
        string("soundhw", h.soundhw());
        bool("xen_platform_pci", h.xenPlatformPci());
        list("usbdevice", h.usbdeviceList(), s -> s);
    }

    /**
     * viridian=: off as a BOOLEAN, else the groups that give the enable and disable maps when
     * applied in order: the disabled ones first, then "all" if the map has bits beyond the named
     * groups (only "all" sets those) and the named groups it lacks disabled again, else the
     * enabled groups; "defaults" for libxl's default set.
     */
    private void viridian(HvmInfo h) {
        if (Boolean.FALSE.equals(h.viridian())) {
            bool("viridian", false);
            return;
        }
        List<Integer> enable = h.viridianEnable() == null ? List.of() : h.viridianEnable();
        List<Integer> disable = h.viridianDisable() == null ? List.of() : h.viridianDisable();
        int named = DomainConfig.Viridian.values().length;
        List<String> groups = new ArrayList<>();
        disable.forEach(bit -> groups.add("!" + viridianGroup(bit)));
        if (enable.stream().anyMatch(bit -> bit >= named)) {
            groups.add("all");
            IntStream.range(0, named).filter(bit -> !enable.contains(bit)).forEach(bit -> groups.add("!" + viridianGroup(bit)));
        } else {
            enable.forEach(bit -> groups.add(viridianGroup(bit)));
        }
        if (Boolean.TRUE.equals(h.viridian())) {
            groups.add("defaults");
        }
        list("viridian", groups.isEmpty() ? null : groups, g -> g);
    }

    private static String viridianGroup(int bit) {
        return DomainConfig.jsonName(DomainConfig.Viridian.values()[bit]);
    }

    /**
     * cpus= and cpus_soft=. xl turns NUMA placement off for a per-vCPU cpus list (even an empty
     * one), any cpus_soft, or a vNUMA pnode; a single cpus CPULIST leaves it on.
     */
    private void affinity(BuildInfo b) {
        List<List<Integer>> hard = b.vcpuHardAffinity();
        if (b.numaPlacement() == null && hard != null) {
            string("cpus", cpuList(hard.getFirst()));
        } else if (Boolean.FALSE.equals(b.numaPlacement()) && b.vcpuSoftAffinity() == null && b.vnumaNodes().isEmpty()) {
            list("cpus", hard == null ? List.<List<Integer>>of() : hard, XlConfigWriter::cpuList);
        } else {
            list("cpus", hard, XlConfigWriter::cpuList);
        }
        list("cpus_soft", b.vcpuSoftAffinity(), XlConfigWriter::cpuList);
    }

    /** A vNUMA node; its pnode only where xl's placement is off, as naming one turns it off. */
    private static List<String> vnode(DomainConfig.Vnode n, boolean placed) {
        List<String> settings = new ArrayList<>();
        if (placed) {
            settings.add("pnode=" + n.pnode());
        }
        if (n.memkb() != null) {
            settings.add("size=" + Long.toUnsignedString(n.memkb() >>> 10)); // xl shifts a size to KiB, wrapping
        }
        if (n.vcpus() != null && !n.vcpus().isEmpty()) { // "vcpus=" alone is refused
            settings.add("vcpus=" + String.join(",", n.vcpus().stream().map(String::valueOf).toList()));
        }
        if (n.distances() != null) {
            settings.add("vdistances=" + String.join(",", n.distances().stream().map(String::valueOf).toList()));
        }
        return settings;
    }

    /** A device list as the writer's list() takes it: none at all when empty. */
    static <T> List<T> emptyAsNull(List<T> l) {
        return l.isEmpty() ? null : l;
    }

    /** A CPU set as a CPULIST; the empty set is "^0" (nothing, minus CPU 0). */
    private static String cpuList(List<Integer> cpus) {
        return cpus.isEmpty() ? "^0" : String.join(",", cpus.stream().map(String::valueOf).toList());
    }

    private static String disk(Disk d) {
        List<String> parts = new ArrayList<>();
        parts.add("vdev=" + d.vdev());
        boolean cdrom = Integer.valueOf(1).equals(d.isCdrom());
        if (cdrom) {
            parts.add("devtype=cdrom");
        } else {
            parts.add("access=" + (Integer.valueOf(1).equals(d.readwrite()) ? "rw" : "ro"));
        }
        boolean emptyDrive = cdrom && (d.pdevPath() == null || d.pdevPath().isEmpty()); // reads back empty by itself
        if (d.format() != null && !(d.format() == DiskFormat.EMPTY && emptyDrive)) {
            parts.add("format=" + DomainConfig.jsonName(d.format()));
        }
        parts.addAll(diskBackendSettings(d));
        if (d.pdevPath() != null) {
            parts.add("target=" + d.pdevPath());
        }
        return String.join(", ", parts);
    }

    /**
     * A disk's settings for its backend, as a disk spec's parts ({@code backendtype=}, {@code backend=},
     * {@code script=}, {@code discard}/{@code no-discard}, {@code direct-io-safe}, {@code specification=}, {@code colo}), those it has.
     */
    public static List<String> diskBackendSettings(Disk d) {
        List<String> parts = new ArrayList<>();
        if (d.backend() != null) {
            parts.add("backendtype=" + DomainConfig.jsonName(d.backend()));
        }
        if (d.backendDomname() != null) {
            parts.add("backend=" + d.backendDomname());
        }
        if (d.script() != null) {
            parts.add("script=" + d.script());
        }
        if (d.discardEnable() != null) {
            parts.add(d.discardEnable() ? "discard" : "no-discard");
        }
        if (d.specification() != null) {
            parts.add("specification=" + DomainConfig.jsonName(d.specification()));
        }
        if (d.directIoSafe()) {
            parts.add("direct-io-safe");
        }
        if (d.coloEnable() != null) {
            parts.add(d.coloEnable() ? "colo" : "no-colo");
        }
        return parts;
    }

    private static String vif(Nic n) {
        return String.join(",", vifParts(n, true));
    }

    /**
     * A NIC's settings beside its identity, as a vif spec's parts: all {@link #vif} writes but
     * {@code devid=}, {@code mac=}, {@code bridge=} and {@code script=} ({@code model=}, {@code rate=},
     * {@code vifname=}, {@code ip=}, ...), those it has.
     */
    public static List<String> nicSettings(Nic n) {
        return vifParts(n, false);
    }

    private static List<String> vifParts(Nic n, boolean withIdentity) {
        List<String> parts = new ArrayList<>();
        if (withIdentity) {
            parts.add("devid=" + n.devid());
        }
        add(parts, "backend", n.backendDomname());
        add(parts, "mac", withIdentity ? n.mac() : null);
        add(parts, "ip", n.ip());
        add(parts, "bridge", withIdentity ? n.bridge() : null);
        add(parts, "vifname", n.ifname());
        add(parts, "script", withIdentity ? n.script() : null);
        add(parts, "model", n.model());
        add(parts, "gatewaydev", n.gatewaydev());
        n.colo().forEach((field, value) -> add(parts, field.xlKey(), value));
        add(parts, "type", n.nictype() == null ? null : n.nictype() == DomainConfig.NicType.VIF_IOEMU ? "ioemu" : "vif");
        add(parts, "mtu", n.mtu() == null ? null : n.mtu().toString());
        if (n.rateIntervalUsecs() != null) {
            // bytes per second such that the reader's bytes = rate * interval / 1e6 comes out the same
            long usecs = n.rateIntervalUsecs();
            if (n.rateBytesPerInterval() == null) {
                parts.add("rate=1b/s@" + usecs + "us"); // below a byte a second: no bytes (xl refuses a rate of 0)
            } else {
                long perSecond = Math.ceilDiv(n.rateBytesPerInterval() * 1_000_000L, usecs);
                parts.add("rate=" + perSecond + "B/s@" + usecs + "us");
            }
        }
        if (n.trusted() != null) {
            parts.add(n.trusted() ? "trusted" : "untrusted");
        }
        return parts;
    }

    private void cpuid(DomainConfig.CpuidPolicy p) {
        if (p != null && p.msr().isEmpty()) {
            list("cpuid", CpuidWriter.xendLines(p), s -> s);
        } else if (p != null) {
            string("cpuid", CpuidWriter.libxlString(p));
        }
    }

    private static void add(List<String> parts, String key, String value) {
        if (value != null) {
            parts.add(key + "=" + value);
        }
    }

    /** Not set is libxl's default, destroy; xl spells the others with dashes, and RESTART_RENAME backwards. */
    private void action(String key, Action a) {
        Action set = a == null ? Action.DESTROY : a;
        string(key, set == Action.RESTART_RENAME ? "rename-restart" : DomainConfig.jsonName(set).replace('_', '-'));
    }

    private void string(String key, String value) {
        if (value != null) {
            out.append(key).append(" = ").append(quoted(value)).append('\n');
        }
    }

    private void number(String key, Number value) {
        if (value != null) {
            long n = value.longValue(); // xl.cfg has no negative numbers, but xl reads one from a string
            out.append(key).append(" = ").append(n < 0 ? "\"" + n + "\"" : String.valueOf(n)).append('\n');
        }
    }

    private void enumName(String key, Enum<?> value) {
        string(key, value == null ? null : DomainConfig.jsonName(value));
    }

    private void bool(String key, Boolean value) {
        if (value != null) {
            out.append(key).append(" = ").append(value ? 1 : 0).append('\n');
        }
    }

    /** Devices and other lists; an empty list is written too (it is not the same as none). */
    <T> void list(String key, List<T> items, Function<T, String> spec) {
        if (items != null) {
            out.append(key).append(" = [ ");
            out.append(String.join(", ", items.stream().map(i -> quoted(spec.apply(i))).toList()));
            out.append(items.isEmpty() ? "]\n" : " ]\n");
        }
    }

    /** A list of lists of strings (vnuma=, vsnd=). */
    <T> void nestedList(String key, List<T> items, Function<T, List<String>> settings) {
        if (!items.isEmpty()) {
            out.append(key).append(" = [ ");
            out.append(String.join(", ", items.stream()
                    .map(i -> "[ " + String.join(", ", settings.apply(i).stream().map(XlConfigWriter::quoted).toList()) + " ]")
                    .toList()));
            out.append(" ]\n");
        }
    }

    /** A double-quoted xl.cfg string; a character xl.cfg has no way to write is an error. */
    static String quoted(String s) {
        StringBuilder q = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case '\n' -> q.append("\\n");
                case '\t' -> q.append("\\t");
                case '\r' -> q.append("\\r");
                case '\b' -> q.append("\\b");
                case '\f' -> q.append("\\f");
                case '\u0007' -> q.append("\\a");
                case '\u000b' -> q.append("\\v");
                default -> {
                    if (c < 0x20) {
                        throw new IllegalArgumentException("xl.cfg cannot express the control character U+"
                                + String.format("%04X", (int) c) + " in " + s);
                    }
                    q.append(c);
                }
            }
        }
        return q.append('"').toString();
    }
}
