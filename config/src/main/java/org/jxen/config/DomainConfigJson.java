package org.jxen.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.jxen.config.DomainConfig.BuildInfo;
import org.jxen.config.DomainConfig.CreateInfo;
import org.jxen.config.DomainConfig.Disk;
import org.jxen.config.DomainConfig.HvmInfo;
import org.jxen.config.DomainConfig.Nic;
import org.jxen.config.DomainConfig.PvInfo;
import org.jxen.config.DomainConfig.PvhInfo;

/**
 * {@link DomainConfig} to and from libxl's JSON: the keys, nesting and order of libxl_types.idl,
 * fields that are not set left out as libxl's generator leaves out defaults, defbools as
 * {@code "True"}/{@code "False"}, enums by their lower-case names, bitmaps as the list of set bits.
 */
public final class DomainConfigJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private DomainConfigJson() {
    }

    /** The JSON text {@code xl -N create} prints for this config. */
    public static String write(DomainConfig c) {
        return LibxlJson.write(toJson(c));
    }

    public static ObjectNode toJson(DomainConfig c) {
        ObjectNode o = NODES.objectNode();
        o.set("c_info", createInfo(c.cInfo()));
        o.set("b_info", buildInfo(c.bInfo(), c.cInfo().type()));
        list(o, "disks", c.disks(), DomainConfigJson::disk);
        list(o, "nics", c.nics(), DomainConfigJson::nic);
        enumValue(o, "on_poweroff", c.onPoweroff());
        enumValue(o, "on_reboot", c.onReboot());
        enumValue(o, "on_watchdog", c.onWatchdog());
        enumValue(o, "on_crash", c.onCrash());
        enumValue(o, "on_soft_reset", c.onSoftReset());
        return o;
    }

    private static ObjectNode createInfo(CreateInfo c) {
        ObjectNode o = NODES.objectNode();
        enumValue(o, "type", c.type());
        defbool(o, "hap", c.hap());
        text(o, "name", c.name());
        text(o, "uuid", c.uuid());
        text(o, "pool_name", c.poolName());
        defbool(o, "run_hotplug_scripts", c.runHotplugScripts());
        defbool(o, "driver_domain", c.driverDomain());
        return o;
    }

    private static ObjectNode buildInfo(BuildInfo b, DomainConfig.DomainType type) {
        ObjectNode o = NODES.objectNode();
        number(o, "max_vcpus", b.maxVcpus());
        bitmap(o, "avail_vcpus", b.availVcpus());
        bitmaps(o, "vcpu_hard_affinity", b.vcpuHardAffinity());
        bitmaps(o, "vcpu_soft_affinity", b.vcpuSoftAffinity());
        defbool(o, "numa_placement", b.numaPlacement());
        enumValue(o, "tsc_mode", b.tscMode());
        number(o, "max_memkb", b.maxMemkb());
        number(o, "target_memkb", b.targetMemkb());
        number(o, "video_memkb", b.videoMemkb());
        number(o, "shadow_memkb", b.shadowMemkb());
        number(o, "rtc_timeoffset", b.rtcTimeoffset());
        defbool(o, "localtime", b.localtime());
        defbool(o, "disable_migrate", b.disableMigrate());
        number(o, "max_grant_frames", b.maxGrantFrames());
        number(o, "max_maptrack_frames", b.maxMaptrackFrames());
        number(o, "max_grant_version", b.maxGrantVersion());
        enumValue(o, "device_model_version", b.deviceModelVersion());
        strings(o, "extra_hvm", b.extraHvm());
        ObjectNode sched = o.putObject("sched_params");
        number(sched, "weight", b.schedParams().weight());
        number(sched, "cap", b.schedParams().cap());
        defbool(o, "claim_mode", b.claimMode());
        number(o, "event_channels", b.eventChannels());
        text(o, "kernel", b.kernel());
        text(o, "cmdline", b.cmdline());
        text(o, "ramdisk", b.ramdisk());
        defbool(o, "acpi", b.acpi());
        text(o, "bootloader", b.bootloader());
        strings(o, "bootloader_args", b.bootloaderArgs());
        enumValue(o, "timer_mode", b.timerMode());
        defbool(o, "nested_hvm", b.nestedHvm());
        defbool(o, "apic", b.apic());
        ObjectNode u = o.putObject("type." + DomainConfig.jsonName(type));
        switch (b.typeInfo()) {
            case PvInfo pv -> defbool(u, "e820_host", pv.e820Host());
            case PvhInfo pvh -> {
            }
            case HvmInfo hvm -> hvm(u, hvm);
        }
        o.putObject("arch_arm");
        o.putObject("arch_x86");
        return o;
    }

    private static void hvm(ObjectNode u, HvmInfo h) {
        enumValue(u, "bios", h.bios());
        defbool(u, "pae", h.pae());
        defbool(u, "acpi_s3", h.acpiS3());
        defbool(u, "acpi_s4", h.acpiS4());
        bitmap(u, "viridian_enable", h.viridianEnable());
        bitmap(u, "viridian_disable", h.viridianDisable());
        defbool(u, "hpet", h.hpet());
        defbool(u, "vpt_align", h.vptAlign());
        defbool(u, "nographic", h.nographic());
        enumValue(u.putObject("vga"), "kind", h.vga());
        ObjectNode vnc = u.putObject("vnc");
        defbool(vnc, "enable", h.vnc().enable());
        text(vnc, "listen", h.vnc().listen());
        text(vnc, "passwd", h.vnc().passwd());
        number(vnc, "display", h.vnc().display());
        defbool(vnc, "findunused", h.vnc().findunused());
        text(u, "keymap", h.keymap());
        ObjectNode sdl = u.putObject("sdl");
        defbool(sdl, "enable", h.sdl().enable());
        defbool(sdl, "opengl", h.sdl().opengl());
        text(sdl, "display", h.sdl().display());
        text(sdl, "xauthority", h.sdl().xauthority());
        DomainConfig.Spice sp = h.spice();
        ObjectNode spice = u.putObject("spice");
        defbool(spice, "enable", sp.enable());
        number(spice, "port", sp.port());
        number(spice, "tls_port", sp.tlsPort());
        text(spice, "host", sp.host());
        defbool(spice, "disable_ticketing", sp.disableTicketing());
        text(spice, "passwd", sp.passwd());
        defbool(spice, "agent_mouse", sp.agentMouse());
        defbool(spice, "vdagent", sp.vdagent());
        defbool(spice, "clipboard_sharing", sp.clipboardSharing());
        number(spice, "usbredirection", sp.usbredirection());
        text(spice, "image_compression", sp.imageCompression());
        text(spice, "streaming_video", sp.streamingVideo());
        text(u, "serial", h.serial());
        text(u, "boot", h.boot());
        defbool(u, "usb", h.usb());
        text(u, "usbdevice", h.usbdevice());
        text(u, "soundhw", h.soundhw());
        defbool(u, "xen_platform_pci", h.xenPlatformPci());
        strings(u, "usbdevice_list", h.usbdeviceList());
        strings(u, "serial_list", h.serialList());
        u.putObject("rdm");
    }

    private static ObjectNode disk(Disk d) {
        ObjectNode o = NODES.objectNode();
        text(o, "backend_domname", d.backendDomname());
        text(o, "pdev_path", d.pdevPath());
        text(o, "vdev", d.vdev());
        enumValue(o, "backend", d.backend() == DomainConfig.DiskBackend.UNKNOWN ? null : d.backend());
        enumValue(o, "format", d.format() == DomainConfig.DiskFormat.UNKNOWN ? null : d.format());
        text(o, "script", d.script());
        number(o, "removable", d.removable());
        number(o, "readwrite", d.readwrite());
        number(o, "is_cdrom", d.isCdrom());
        if (Boolean.TRUE.equals(d.directIoSafe())) {
            o.put("direct_io_safe", true);
        }
        defbool(o, "discard_enable", d.discardEnable());
        return o;
    }

    private static ObjectNode nic(Nic n) {
        ObjectNode o = NODES.objectNode();
        text(o, "backend_domname", n.backendDomname());
        o.put("devid", n.devid());
        number(o, "mtu", n.mtu());
        text(o, "model", n.model());
        text(o, "mac", n.mac());
        text(o, "ip", n.ip());
        text(o, "bridge", n.bridge());
        text(o, "ifname", n.ifname());
        text(o, "script", n.script());
        enumValue(o, "nictype", n.nictype());
        number(o, "rate_bytes_per_interval", n.rateBytesPerInterval());
        number(o, "rate_interval_usecs", n.rateIntervalUsecs());
        text(o, "gatewaydev", n.gatewaydev());
        defbool(o, "trusted", n.trusted());
        return o;
    }

    /**
     * Reads libxl JSON (as {@code xl -N create} prints it) back into a config. Keys this model does
     * not hold are an error, never dropped silently.
     */
    public static DomainConfig read(String json) throws ConfigException {
        JsonNode root;
        try {
            root = LibxlJson.read(json);
        } catch (JsonProcessingException e) {
            throw new ConfigException(new Position("<json>", e.getLocation().getLineNr(), e.getLocation().getColumnNr()),
                    "not JSON: " + e.getOriginalMessage());
        }
        return new Reader().domain(root);
    }

    /** The inverse of {@link #toJson}, field by field, failing on anything unexpected. */
    private static final class Reader {
        DomainConfig domain(JsonNode o) throws ConfigException {
            known(o, "", "c_info", "b_info", "disks", "nics", "on_poweroff", "on_reboot", "on_watchdog", "on_crash",
                    "on_soft_reset");
            JsonNode c = o.path("c_info");
            known(c, "c_info", "type", "hap", "name", "uuid", "pool_name", "run_hotplug_scripts", "driver_domain");
            DomainConfig.DomainType type = enumOf(c, "type", DomainConfig.DomainType.class);
            CreateInfo cInfo = new CreateInfo(type, bool(c, "hap"), text(c, "name"), text(c, "uuid"),
                    text(c, "pool_name"), bool(c, "run_hotplug_scripts"), bool(c, "driver_domain"));
            List<Disk> disks = new ArrayList<>();
            for (JsonNode d : o.path("disks")) {
                disks.add(disk(d));
            }
            List<Nic> nics = new ArrayList<>();
            for (JsonNode n : o.path("nics")) {
                nics.add(nic(n));
            }
            return new DomainConfig(cInfo, buildInfo(o.path("b_info"), type), disks, nics,
                    enumOf(o, "on_poweroff", DomainConfig.Action.class), enumOf(o, "on_reboot", DomainConfig.Action.class),
                    enumOf(o, "on_watchdog", DomainConfig.Action.class), enumOf(o, "on_crash", DomainConfig.Action.class),
                    enumOf(o, "on_soft_reset", DomainConfig.Action.class));
        }

        private BuildInfo buildInfo(JsonNode b, DomainConfig.DomainType type) throws ConfigException {
            String u = "type." + DomainConfig.jsonName(type);
            known(b, "b_info", "max_vcpus", "avail_vcpus", "vcpu_hard_affinity", "vcpu_soft_affinity", "numa_placement",
                    "tsc_mode", "max_memkb", "target_memkb", "video_memkb", "shadow_memkb", "rtc_timeoffset", "localtime",
                    "disable_migrate", "max_grant_frames", "max_maptrack_frames", "max_grant_version",
                    "device_model_version", "extra_hvm", "sched_params", "claim_mode", "event_channels", "kernel",
                    "cmdline", "ramdisk", "acpi", "bootloader", "bootloader_args", "timer_mode", "nested_hvm", "apic", u,
                    "arch_arm", "arch_x86");
            known(b.path("sched_params"), "sched_params", "weight", "cap");
            known(b.path("arch_arm"), "arch_arm");
            known(b.path("arch_x86"), "arch_x86");
            JsonNode t = b.path(u);
            DomainConfig.TypeInfo typeInfo = switch (type) {
                case PV -> {
                    known(t, u, "e820_host");
                    yield new PvInfo(bool(t, "e820_host"));
                }
                case PVH -> {
                    known(t, u);
                    yield new PvhInfo();
                }
                case HVM -> hvm(t, u);
            };
            return new BuildInfo(integer(b, "max_vcpus"), bits(b.get("avail_vcpus")), bitSets(b.get("vcpu_hard_affinity")),
                    bitSets(b.get("vcpu_soft_affinity")), bool(b, "numa_placement"),
                    enumOf(b, "tsc_mode", DomainConfig.TscMode.class), number(b, "max_memkb"), number(b, "target_memkb"),
                    number(b, "video_memkb"), number(b, "shadow_memkb"), number(b, "rtc_timeoffset"),
                    bool(b, "localtime"), bool(b, "disable_migrate"), integer(b, "max_grant_frames"),
                    integer(b, "max_maptrack_frames"), integer(b, "max_grant_version"),
                    enumOf(b, "device_model_version", DomainConfig.DeviceModelVersion.class), strings(b.get("extra_hvm")),
                    new DomainConfig.SchedParams(integer(b.path("sched_params"), "weight"),
                            integer(b.path("sched_params"), "cap")),
                    bool(b, "claim_mode"), integer(b, "event_channels"), text(b, "kernel"), text(b, "cmdline"),
                    text(b, "ramdisk"), bool(b, "acpi"), text(b, "bootloader"), strings(b.get("bootloader_args")),
                    enumOf(b, "timer_mode", DomainConfig.TimerMode.class), bool(b, "nested_hvm"), bool(b, "apic"),
                    typeInfo);
        }

        private HvmInfo hvm(JsonNode t, String where) throws ConfigException {
            known(t, where, "bios", "pae", "acpi_s3", "acpi_s4", "viridian_enable", "viridian_disable", "hpet", "vpt_align",
                    "nographic", "vga", "vnc", "keymap", "sdl", "spice", "serial", "boot", "usb", "usbdevice", "soundhw",
                    "xen_platform_pci", "usbdevice_list", "serial_list", "rdm");
            JsonNode vnc = t.path("vnc");
            JsonNode sdl = t.path("sdl");
            JsonNode sp = t.path("spice");
            known(t.path("vga"), "vga", "kind");
            known(vnc, "vnc", "enable", "listen", "passwd", "display", "findunused");
            known(sdl, "sdl", "enable", "opengl", "display", "xauthority");
            known(sp, "spice", "enable", "port", "tls_port", "host", "disable_ticketing", "passwd", "agent_mouse", "vdagent",
                    "clipboard_sharing", "usbredirection", "image_compression", "streaming_video");
            known(t.path("rdm"), "rdm");
            return new HvmInfo(enumOf(t, "bios", DomainConfig.BiosType.class), bool(t, "pae"), bool(t, "acpi_s3"),
                    bool(t, "acpi_s4"), bits(t.get("viridian_enable")), bits(t.get("viridian_disable")), bool(t, "hpet"),
                    bool(t, "vpt_align"), bool(t, "nographic"), enumOf(t.path("vga"), "kind", DomainConfig.VgaKind.class),
                    new DomainConfig.Vnc(bool(vnc, "enable"), text(vnc, "listen"), text(vnc, "passwd"),
                            integer(vnc, "display"), bool(vnc, "findunused")),
                    text(t, "keymap"),
                    new DomainConfig.Sdl(bool(sdl, "enable"), bool(sdl, "opengl"), text(sdl, "display"),
                            text(sdl, "xauthority")),
                    new DomainConfig.Spice(bool(sp, "enable"), integer(sp, "port"), integer(sp, "tls_port"), text(sp, "host"),
                            bool(sp, "disable_ticketing"), text(sp, "passwd"), bool(sp, "agent_mouse"),
                            bool(sp, "vdagent"), bool(sp, "clipboard_sharing"), integer(sp, "usbredirection"),
                            text(sp, "image_compression"), text(sp, "streaming_video")),
                    text(t, "serial"), text(t, "boot"), bool(t, "usb"), text(t, "usbdevice"), text(t, "soundhw"),
                    bool(t, "xen_platform_pci"),
                    strings(t.get("usbdevice_list")), strings(t.get("serial_list")));
        }

        private Disk disk(JsonNode d) throws ConfigException {
            known(d, "disks[]", "backend_domname", "pdev_path", "vdev", "backend", "format", "script", "removable",
                    "readwrite", "is_cdrom", "direct_io_safe", "discard_enable");
            DomainConfig.DiskBackend backend = enumOf(d, "backend", DomainConfig.DiskBackend.class);
            DomainConfig.DiskFormat format = enumOf(d, "format", DomainConfig.DiskFormat.class);
            return new Disk(text(d, "backend_domname"), text(d, "pdev_path"), text(d, "vdev"),
                    backend == null ? DomainConfig.DiskBackend.UNKNOWN : backend,
                    format == null ? DomainConfig.DiskFormat.UNKNOWN : format, text(d, "script"), integer(d, "removable"),
                    integer(d, "readwrite"), integer(d, "is_cdrom"), d.has("direct_io_safe") ? d.get("direct_io_safe").asBoolean() : null,
                    bool(d, "discard_enable"));
        }

        private Nic nic(JsonNode n) throws ConfigException {
            known(n, "nics[]", "backend_domname", "devid", "mtu", "model", "mac", "ip", "bridge", "ifname", "script",
                    "nictype", "rate_bytes_per_interval", "rate_interval_usecs", "gatewaydev", "trusted");
            return new Nic(text(n, "backend_domname"), n.path("devid").asInt(), integer(n, "mtu"), text(n, "model"),
                    text(n, "mac"), text(n, "ip"), text(n, "bridge"), text(n, "ifname"), text(n, "script"),
                    enumOf(n, "nictype", DomainConfig.NicType.class), number(n, "rate_bytes_per_interval"),
                    number(n, "rate_interval_usecs"), text(n, "gatewaydev"), bool(n, "trusted"));
        }

        private static void known(JsonNode o, String where, String... keys) throws ConfigException {
            if (o.isMissingNode()) {
                return;
            }
            Set<String> allowed = Set.of(keys);
            for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!allowed.contains(k)) {
                    throw new ConfigException(new Position("<json>", 0, 0), (where.isEmpty() ? "" : where + ".") + k
                            + ": jxen does not hold this libxl field yet");
                }
            }
        }

        private static String text(JsonNode o, String key) {
            return o.has(key) ? o.get(key).asText() : null;
        }

        private static Long number(JsonNode o, String key) {
            return o.has(key) ? o.get(key).asLong() : null;
        }

        private static Integer integer(JsonNode o, String key) {
            return o.has(key) ? o.get(key).asInt() : null;
        }

        private static Boolean bool(JsonNode o, String key) throws ConfigException {
            if (!o.has(key)) {
                return null;
            }
            return switch (o.get(key).asText()) {
                case "True" -> true;
                case "False" -> false;
                default -> throw new ConfigException(new Position("<json>", 0, 0), key + ": expected \"True\" or \"False\"");
            };
        }

        private static <E extends Enum<E>> E enumOf(JsonNode o, String key, Class<E> type) throws ConfigException {
            if (!o.has(key)) {
                return null;
            }
            String v = o.get(key).asText();
            for (E e : type.getEnumConstants()) {
                if (DomainConfig.jsonName(e).equals(v)) {
                    return e;
                }
            }
            throw new ConfigException(new Position("<json>", 0, 0), key + ": unknown value \"" + v + "\"");
        }

        private static List<Integer> bits(JsonNode a) {
            if (a == null) {
                return null;
            }
            List<Integer> bits = new ArrayList<>();
            a.forEach(n -> bits.add(n.asInt()));
            return bits;
        }

        private static List<List<Integer>> bitSets(JsonNode a) {
            if (a == null) {
                return null;
            }
            List<List<Integer>> sets = new ArrayList<>();
            a.forEach(n -> sets.add(bits(n)));
            return sets;
        }

        private static List<String> strings(JsonNode a) {
            if (a == null) {
                return null;
            }
            List<String> l = new ArrayList<>();
            a.forEach(n -> l.add(n.asText()));
            return l;
        }
    }

    private static void text(ObjectNode o, String key, String v) {
        if (v != null) {
            o.put(key, v);
        }
    }

    private static void number(ObjectNode o, String key, Number v) {
        if (v != null) {
            o.put(key, v.longValue());
        }
    }

    private static void defbool(ObjectNode o, String key, Boolean v) {
        if (v != null) {
            o.put(key, v ? "True" : "False");
        }
    }

    private static void enumValue(ObjectNode o, String key, Enum<?> v) {
        if (v != null) {
            o.put(key, DomainConfig.jsonName(v));
        }
    }

    private static void bitmap(ObjectNode o, String key, List<Integer> bits) {
        if (bits != null) {
            bits.forEach(o.putArray(key)::add);
        }
    }

    private static void bitmaps(ObjectNode o, String key, List<List<Integer>> sets) {
        if (sets != null && !sets.isEmpty()) {
            ArrayNode a = o.putArray(key);
            sets.forEach(bits -> bits.forEach(a.addArray()::add));
        }
    }

    private static void strings(ObjectNode o, String key, List<String> values) {
        if (values != null) {
            values.forEach(o.putArray(key)::add);
        }
    }

    private static <T> void list(ObjectNode o, String key, List<T> items, Function<T, ObjectNode> toJson) {
        if (!items.isEmpty()) {
            ArrayNode a = o.putArray(key);
            items.forEach(i -> a.add(toJson.apply(i)));
        }
    }
}
