package org.jxen.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
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
        defbool(o, "localtime", b.localtime());
        defbool(o, "disable_migrate", b.disableMigrate());
        number(o, "max_grant_frames", b.maxGrantFrames());
        number(o, "max_maptrack_frames", b.maxMaptrackFrames());
        number(o, "max_grant_version", b.maxGrantVersion());
        ObjectNode sched = o.putObject("sched_params");
        number(sched, "weight", b.schedParams().weight());
        number(sched, "cap", b.schedParams().cap());
        defbool(o, "claim_mode", b.claimMode());
        number(o, "event_channels", b.eventChannels());
        text(o, "kernel", b.kernel());
        text(o, "cmdline", b.cmdline());
        text(o, "ramdisk", b.ramdisk());
        text(o, "bootloader", b.bootloader());
        strings(o, "bootloader_args", b.bootloaderArgs());
        ObjectNode u = o.putObject("type." + DomainConfig.jsonName(type));
        switch (b.typeInfo()) {
            case PvInfo pv -> defbool(u, "e820_host", pv.e820Host());
            case PvhInfo pvh -> {
            }
            case HvmInfo hvm -> {
                u.putObject("vga");
                defbool(u.putObject("vnc"), "enable", hvm.vncEnable());
                defbool(u.putObject("sdl"), "enable", hvm.sdlEnable());
                u.putObject("spice");
                u.putObject("rdm");
            }
        }
        o.putObject("arch_arm");
        o.putObject("arch_x86");
        return o;
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
