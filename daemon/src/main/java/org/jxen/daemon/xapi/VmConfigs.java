package org.jxen.daemon.xapi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jxen.api.ErrorCodes;
import org.jxen.api.XenApiFailure;
import org.jxen.config.ConfigException;
import org.jxen.config.DomainConfig;
import org.jxen.config.HostCpus;
import org.jxen.config.XlConfigParser;
import org.jxen.config.XlDomainReader;
import org.jxen.daemon.state.ObjectStore;

/**
 * A VM's record as the domain config the toolstack creates: written as the xl.cfg an
 * administrator would write for it and read by the same reader {@code xl create} files go
 * through, so a VM made through XenAPI gets exactly libxl's treatment of the equivalent config.
 * Memory is XAPI's bytes, xl's MiB; disks are the VM's plugged-in VBDs' images, NICs its VIFs on
 * their networks' bridges; the {@code actions_after_*} fields are the {@code on_*} keys.
 */
final class VmConfigs {
    private static final long MIB = 1L << 20;
    /**
     * A VIF's {@code other_config} key naming its hotplug script (xl's {@code script=}; libxl's
     * default is {@code vif-bridge}): kept from an xl.cfg's vif, settable by any XenAPI client.
     */
    static final String VIF_SCRIPT = "xl-script";
    /**
     * A VIF's {@code other_config} key holding the rest of an xl.cfg's vif spec, the settings no
     * field of the VIF holds ({@code model=rtl8139, vifname=web0, rate=10Mb/s, ip=...}), put back
     * into the spec the domain gets.
     */
    static final String VIF_SETTINGS = "xl-vif-settings";
    /**
     * A VBD's {@code other_config} key holding an xl.cfg disk spec's settings for its backend, which no
     * field holds ({@code backendtype=phy, script=block, discard, ...}), put back into the spec.
     */
    static final String DISK_SETTINGS = "xl-disk-settings";
    /**
     * A VM's {@code other_config} key holding xl.cfg lines for what its fields do not say (kept
     * from the xl.cfg it was made from; any client may set it). They come first in the VM's config,
     * so where they name a key the fields hold, the fields win.
     */
    static final String XL_SETTINGS = "xl-settings";
    /** What a config must say besides a device for xl's reader to read the device (as block-attach reads its spec). */
    private static final String DEVICE_ONLY = "name = \"device\"\nkernel = \"device\"\n";

    private final ObjectStore store;
    private final HostCpus cpus;
    private final Networks networks;

    VmConfigs(ObjectStore store, HostCpus cpus, Networks networks) {
        this.store = store;
        this.cpus = cpus;
        this.networks = networks;
    }

    /**
     * The config {@code vm}'s domain is created from, now: its xl.cfg, and what xenopsd writes into the
     * domain ({@link VmXenStoreData}); its networks' bridges are made ready in dom0 on the way.
     */
    DomainConfig config(String vm) throws XenApiFailure {
        DomainConfig c = read(xlConfig(vm), "VM " + store.field("VM", vm, "uuid"));
        return c.withCreateInfo(c.cInfo().withXsdata(VmXenStoreData.of(store.record("VM", vm),
                c.cInfo().type() == DomainConfig.DomainType.HVM)));
    }

    /** The xl.cfg of {@code vm} as it is now. */
    private String xlConfig(String vm) throws XenApiFailure {
        Map<String, Object> r = store.record("VM", vm);
        StringBuilder cfg = new StringBuilder();
        String type = switch ((String) r.get("domain_type")) {
            case "hvm" -> "hvm";
            case "pvh" -> "pvh";
            default -> r.get("HVM_boot_policy") instanceof String p && !p.isEmpty() ? "hvm" : "pv";
        };
        if (r.get("other_config") instanceof Map<?, ?> other && other.get(XL_SETTINGS) instanceof String settings
                && !settings.isBlank()) {
            cfg.append(settings.endsWith("\n") ? settings : settings + "\n");
        }
        line(cfg, "name", quoted((String) r.get("name_label")));
        line(cfg, "uuid", quoted((String) r.get("uuid")));
        line(cfg, "type", quoted(type));
        line(cfg, "memory", Long.toString(Math.max(1, (Long) r.get("memory_dynamic_max") / MIB)));
        line(cfg, "maxmem", Long.toString(Math.max(1, (Long) r.get("memory_static_max") / MIB)));
        line(cfg, "vcpus", r.get("VCPUs_at_startup").toString());
        line(cfg, "maxvcpus", r.get("VCPUs_max").toString());
        vcpuParams(cfg, r);
        if (!type.equals("hvm")) {
            optional(cfg, "kernel", (String) r.get("PV_kernel"));
            optional(cfg, "ramdisk", (String) r.get("PV_ramdisk"));
            optional(cfg, "cmdline", (String) r.get("PV_args"));
        }
        line(cfg, "on_poweroff", quoted(onNormalExit((String) r.get("actions_after_shutdown"))));
        line(cfg, "on_reboot", quoted(onNormalExit((String) r.get("actions_after_reboot"))));
        line(cfg, "on_crash", quoted(onCrash((String) r.get("actions_after_crash"))));
        List<String> disks = new ArrayList<>();
        for (Object vbd : (List<?>) r.get("VBDs")) {
            Map<String, Object> b = store.record("VBD", (String) vbd);
            if (!Boolean.TRUE.equals(b.get("empty"))) {
                disks.add(quoted(diskSpec(b)));
            }
        }
        line(cfg, "disk", "[" + String.join(", ", disks) + "]");
        List<String> vifs = new ArrayList<>();
        // xl numbers a config's NICs by their place in the list: in device order, NIC N is VIF device N
        List<Map<String, Object>> byDevice = new ArrayList<>();
        for (Object vif : (List<?>) r.get("VIFs")) {
            byDevice.add(store.record("VIF", (String) vif));
        }
        byDevice.sort(java.util.Comparator.comparingInt(v -> Integer.parseInt((String) v.get("device"))));
        for (Map<String, Object> vif : byDevice) {
            vifs.add(quoted(vifSpec(vif)));
        }
        line(cfg, "vif", "[" + String.join(", ", vifs) + "]");
        return cfg.toString();
    }

    /**
     * The disk as xl's {@code disk=} spec: the VDI's image, its format, the VBD's device and mode;
     * {@code VM_REQUIRES_SR} if the host has unplugged the VDI's SR.
     */
    String diskSpec(Map<String, Object> vbd) throws XenApiFailure {
        Map<String, Object> vdi = store.record("VDI", (String) vbd.get("VDI"));
        Storage.requireForVm(store, (String) vbd.get("VM"), (String) vdi.get("SR"));
        StringBuilder spec = new StringBuilder();
        spec.append("format=").append(Storage.format(vdi).name().toLowerCase(java.util.Locale.ROOT));
        spec.append(", vdev=").append(Devices.vdev(vbd));
        spec.append(", access=").append("RO".equals(vbd.get("mode")) ? "ro" : "rw");
        if ("CD".equals(vbd.get("type"))) {
            spec.append(", devtype=cdrom");
        }
        if (((Map<?, ?>) vbd.get("other_config")).get(DISK_SETTINGS) instanceof String settings && !settings.isEmpty()) {
            spec.append(", ").append(settings);
        }
        spec.append(", target=").append(vdi.get("location"));
        return spec.toString();
    }

    /**
     * The NIC as xl's {@code vif=} spec: its MAC, its network's bridge (made ready in dom0 now, {@link
     * Networks#bridge}), and the hotplug script {@link #VIF_SCRIPT} names.
     */
    String vifSpec(Map<String, Object> vif) throws XenApiFailure {
        String bridge = networks.bridge((String) vif.get("network"));
        StringBuilder spec = new StringBuilder("mac=" + vif.get("MAC") + ", bridge=" + bridge);
        Map<?, ?> other = (Map<?, ?>) vif.get("other_config");
        for (String key : List.of(VIF_SCRIPT, VIF_SETTINGS)) {
            if (other.get(key) instanceof String value && !value.isEmpty()) {
                spec.append(", ").append(key.equals(VIF_SCRIPT) ? "script=" + value : value);
            }
        }
        return spec.toString();
    }

    /** A single device spec read as xl reads {@code block-attach}'s or {@code network-attach}'s. */
    DomainConfig.Disk disk(Map<String, Object> vbd) throws XenApiFailure {
        return read(DEVICE_ONLY + "disk = [" + quoted(diskSpec(vbd)) + "]\n", "VBD " + vbd.get("uuid")).disks()
                .getFirst();
    }

    /** The NIC {@code vif} is, as the guest's NIC {@code devid}. */
    DomainConfig.Nic nic(Map<String, Object> vif, int devid) throws XenApiFailure {
        return read(DEVICE_ONLY + "vif = [" + quoted(vifSpec(vif)) + "]\n", "VIF " + vif.get("uuid"))
                .nics().getFirst().withDevid(devid);
    }

    private DomainConfig read(String text, String what) throws XenApiFailure {
        try {
            return XlDomainReader.read(XlConfigParser.parse(what, text), UUID::randomUUID, cpus).config();
        } catch (ConfigException e) {
            throw XenApiFailure.of(ErrorCodes.VALUE_NOT_SUPPORTED, what, text, e.getMessage());
        }
    }

    /**
     * XAPI's {@code VCPUs_params} as xenopsd reads them: {@code weight} ({@code cpu_weight} in
     * xl.cfg) and {@code cap} for the scheduler, {@code mask} the pCPUs (comma-separated) every vCPU may run on, which xl.cfg says
     * with {@code cpus}. Other keys are not the scheduler's and are left alone.
     */
    private static void vcpuParams(StringBuilder cfg, Map<String, Object> r) throws XenApiFailure {
        Map<?, ?> params = (Map<?, ?>) r.get("VCPUs_params");
        if (params.get("weight") instanceof String weight) {
            line(cfg, "cpu_weight", checked(r, "weight", weight, "\\d{1,9}", "a whole number"));
        }
        if (params.get("cap") instanceof String cap) {
            line(cfg, "cap", checked(r, "cap", cap, "\\d{1,9}", "a whole number"));
        }
        if (params.get("mask") instanceof String mask) {
            line(cfg, "cpus", quoted(checked(r, "mask", mask, "\\d{1,5}(,\\d{1,5})*", "CPU numbers separated by commas")));
        }
    }

    private static String checked(Map<String, Object> r, String key, String value, String pattern, String expected)
            throws XenApiFailure {
        if (!value.strip().matches(pattern)) {
            throw XenApiFailure.of(ErrorCodes.VALUE_NOT_SUPPORTED, "VCPUs_params:" + key, value,
                    "VM " + r.get("uuid") + ": VCPUs_params:" + key + " must be " + expected);
        }
        return value.strip();
    }

    private static String onNormalExit(String action) {
        return "restart".equals(action) ? "restart" : "destroy";
    }

    private static String onCrash(String action) {
        return switch (action) {
            case "restart", "preserve", "coredump_and_destroy", "coredump_and_restart", "rename_restart" ->
                action.replace("_and_", "-").replace('_', '-');
            default -> "destroy";
        };
    }

    private static void line(StringBuilder cfg, String key, String value) {
        cfg.append(key).append(" = ").append(value).append('\n');
    }

    private static void optional(StringBuilder cfg, String key, String value) {
        if (value != null && !value.isEmpty()) {
            line(cfg, key, quoted(value));
        }
    }

    /** An xl.cfg string: xl's lexer knows no escapes, so a quote inside picks the other quote. */
    static String quoted(String s) {
        return s.indexOf('"') < 0 ? "\"" + s + "\"" : "'" + s.replace("'", "") + "'";
    }
}
