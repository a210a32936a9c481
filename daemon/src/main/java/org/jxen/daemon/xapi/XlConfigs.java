package org.jxen.daemon.xapi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.jxen.api.ErrorCodes;
import org.jxen.api.XenApiFailure;
import org.jxen.config.ConfigException;
import org.jxen.config.DomainConfig;
import org.jxen.config.HostCpus;
import org.jxen.config.XlConfig;
import org.jxen.config.XlConfigParser;
import org.jxen.config.XlConfigWriter;
import org.jxen.config.XlDomainReader;
import org.jxen.daemon.host.Bridges;
import org.jxen.daemon.state.ObjectStore;
import org.jxen.hv.sim.disk.DiskImages;

/**
 * jxend's one call outside XenAPI, {@code jxen.create_VM_from_xl_config(session, text, file)}: an
 * xl.cfg, read as {@code xl create} reads it, becomes a halted VM with a VBD for each disk (its image
 * brought in as a VDI that jxend does not own: destroying the VDI forgets the file, it does not
 * delete it) and a VIF for each NIC on the network with its bridge; the scheduler's weight and cap
 * and a hard affinity shared by every vCPU go into {@code VCPUs_params}, as XAPI keeps them. The
 * settings the VM record has no field for (a framebuffer, HVM's platform, other devices, a different
 * affinity for each vCPU, ...) are kept as xl.cfg lines in {@code other_config:xl-settings}, so the
 * domain VM.start makes is the one {@code xl create} would make of the file. A config xl refuses is
 * refused with xl's words and its place: {@code VALUE_NOT_SUPPORTED [xl.cfg, FILE, FILE:LINE:COL:
 * what]}. Domains that {@code xl create} made get their VM the same way, from their configuration
 * ({@link #adopt}), without xl settings (libxl keeps the config, not the file).
 */
final class XlConfigs {
    private static final long KIB = 1024;
    /** The xl.cfg keys whose values the VM's fields hold ({@link VmConfigs#xlConfig} writes them back). */
    private static final Set<String> OWNED = Set.of("name", "uuid", "type", "builder", "memory", "maxmem", "vcpus",
            "maxvcpus", "cpu_weight", "cap", "on_poweroff", "on_reboot", "on_crash", "disk", "vif");
    /** Held by {@code PV_kernel}, {@code PV_ramdisk} and {@code PV_args}, which an HVM guest's config does not use. */
    private static final Set<String> OWNED_BUT_BY_HVM = Set.of("kernel", "ramdisk", "cmdline", "root", "extra");

    private final ObjectStore store;
    private final HostCpus cpus;
    private final Devices devices;
    private final String sr;
    private final Bridges bridges;

    XlConfigs(ObjectStore store, HostCpus cpus, Devices devices, String sr, Bridges bridges) {
        this.store = store;
        this.cpus = cpus;
        this.devices = devices;
        this.sr = sr;
        this.bridges = bridges;
    }

    String create(String text, String file) throws XenApiFailure {
        XlConfig parsed;
        DomainConfig c;
        try {
            parsed = XlConfigParser.parse(file, text);
            c = XlDomainReader.read(parsed, UUID::randomUUID, cpus).config();
        } catch (ConfigException e) {
            throw XenApiFailure.of(ErrorCodes.VALUE_NOT_SUPPORTED, "xl.cfg", file, e.report());
        }
        requireFreeUuid(c.cInfo().uuid());
        return define(c, file, unowned(parsed, c));
    }

    /**
     * xl makes a second domain with a UUID another domain has (the lab: both run); a VM's UUID is its
     * own in XenAPI, so jxend refuses the config, saying what to change.
     */
    private void requireFreeUuid(String uuid) throws XenApiFailure {
        if (uuid == null) {
            return;
        }
        String vm;
        try {
            vm = store.refByUuid("VM", uuid);
        } catch (XenApiFailure noVmHasIt) {
            return;
        }
        throw XenApiFailure.of(ErrorCodes.VALUE_NOT_SUPPORTED, "uuid", uuid, "VM " + store.field("VM", vm, "name_label")
                + " has UUID " + uuid + " already, and each VM has its own: leave uuid= out of the config or give another");
    }

    /**
     * The file's settings that no field of the VM holds (see {@link VmConfigs#XL_SETTINGS}), as
     * xl.cfg lines: a framebuffer, serial ports, HVM's platform, other devices, {@code on_watchdog},
     * soft affinity, a different {@code cpus} for each vCPU, ...
     */
    private static String unowned(XlConfig parsed, DomainConfig c) throws XenApiFailure {
        Set<String> owned = new HashSet<>(OWNED);
        if (c.cInfo().type() != DomainConfig.DomainType.HVM) {
            owned.addAll(OWNED_BUT_BY_HVM);
        }
        if (vcpuParams(c.bInfo()).containsKey("mask")) {
            owned.add("cpus");
        }
        StringBuilder lines = new StringBuilder();
        for (XlConfig.Setting s : parsed.settings()) {
            if (!owned.contains(s.key())) {
                try {
                    lines.append(XlConfigWriter.setting(s));
                } catch (IllegalArgumentException e) {
                    throw XenApiFailure.of(ErrorCodes.VALUE_NOT_SUPPORTED, "xl.cfg", parsed.file(), e.getMessage());
                }
            }
        }
        return lines.toString();
    }

    /**
     * A VM for a domain jxend did not create ({@code xl create} made it): its record from the
     * domain's configuration as libxl keeps it, with the domain's UUID, so that it is that VM's domain.
     */
    String adopt(DomainConfig running, int domid) throws XenApiFailure {
        return define(running, "domain " + domid, "");
    }

    /**
     * The VM with its disks and NICs, all or nothing: what a refused disk or NIC finds made before it
     * (the VM, its VDIs, VBDs, VIFs, a network brought in) goes again, in the reverse order.
     */
    private String define(DomainConfig c, String file, String xlSettings)
            throws XenApiFailure {
        return store.atomically(() -> {
            Made made = new Made();
            try {
                Map<String, Object> vm = vmFields(c, file, xlSettings);
                vm.put("metrics", made.add("VM_metrics", store.create("VM_metrics", Map.of())));
                String ref = made.add("VM", store.create("VM", vm));
                for (DomainConfig.Disk d : c.disks()) {
                    made.add("VBD", devices.createVbd(vbd(ref, d, file, made)));
                }
                int device = 0;
                for (DomainConfig.Nic n : c.nics()) {
                    made.add("VIF", devices.createVif(vif(ref, n, device++, file, made)));
                }
                return ref;
            } catch (XenApiFailure e) {
                made.undo(store);
                throw e;
            }
        });
    }

    /** The objects a {@link #define} made so far, by class, oldest first. */
    private static final class Made {
        private record Piece(String cls, String ref) {
        }

        private final List<Piece> pieces = new ArrayList<>();

        String add(String cls, String ref) {
            pieces.add(new Piece(cls, ref));
            return ref;
        }

        void undo(ObjectStore store) throws XenApiFailure {
            for (Piece p : pieces.reversed()) {
                store.destroy(p.cls(), p.ref());
            }
        }
    }

    private static Map<String, Object> vmFields(DomainConfig c, String file, String xlSettings) {
        DomainConfig.BuildInfo b = c.bInfo();
        Map<String, Object> vm = new LinkedHashMap<>();
        vm.put("name_label", c.cInfo().name());
        if (c.cInfo().uuid() != null) {
            vm.put("uuid", c.cInfo().uuid());
        }
        String type = c.cInfo().type().name().toLowerCase(Locale.ROOT);
        vm.put("domain_type", type);
        if (type.equals("hvm")) {
            vm.put("HVM_boot_policy", "BIOS order");
            vm.put("HVM_boot_params", Map.of("order", "cd"));
        }
        long target = b.targetMemkb() != null ? b.targetMemkb() * KIB : 128L << 20;
        long max = b.maxMemkb() != null ? b.maxMemkb() * KIB : target;
        vm.put("memory_static_min", Math.min(target, max));
        vm.put("memory_static_max", max);
        vm.put("memory_dynamic_min", target);
        vm.put("memory_dynamic_max", target);
        vm.put("memory_target", target);
        long maxVcpus = b.maxVcpus() != null ? b.maxVcpus() : 1;
        vm.put("VCPUs_max", maxVcpus);
        vm.put("VCPUs_at_startup", b.availVcpus() != null ? (long) b.availVcpus().size() : maxVcpus);
        vm.put("VCPUs_params", vcpuParams(b));
        vm.put("PV_kernel", b.kernel() == null ? "" : b.kernel());
        vm.put("PV_ramdisk", b.ramdisk() == null ? "" : b.ramdisk());
        vm.put("PV_args", b.cmdline() == null ? "" : b.cmdline());
        vm.put("actions_after_shutdown", normalExit(c.onPoweroff()));
        vm.put("actions_after_reboot", normalExit(c.onReboot()));
        vm.put("actions_after_crash", crash(c.onCrash()));
        vm.put("other_config", xlSettings.isEmpty() ? Map.of("xl-config-file", file)
                : Map.of("xl-config-file", file, VmConfigs.XL_SETTINGS, xlSettings));
        vm.put("power_state", "Halted");
        vm.put("domid", -1L);
        vm.put("allowed_operations", VmOperations.allowed("Halted", vm));
        return vm;
    }

    /**
     * The scheduler's weight and cap and a hard affinity shared by every vCPU, as XAPI keeps them in
     * {@code VCPUs_params} ({@code weight}, {@code cap}, {@code mask}). A different affinity for each
     * vCPU has no place there: its {@code cpus} stays in the xl settings.
     */
    private static Map<String, Object> vcpuParams(DomainConfig.BuildInfo b) {
        Map<String, Object> params = new LinkedHashMap<>();
        if (b.schedParams() != null && b.schedParams().weight() != null) {
            params.put("weight", b.schedParams().weight().toString());
        }
        if (b.schedParams() != null && b.schedParams().cap() != null) {
            params.put("cap", b.schedParams().cap().toString());
        }
        List<List<Integer>> hard = b.vcpuHardAffinity();
        if (hard != null && !hard.isEmpty() && hard.stream().distinct().count() == 1) {
            params.put("mask", String.join(",", hard.getFirst().stream().map(String::valueOf).toList()));
        }
        return params;
    }

    private Map<String, Object> vbd(String vm, DomainConfig.Disk d, String file, Made made) throws XenApiFailure {
        boolean cdrom = d.isCdrom() != null && d.isCdrom() == 1;
        Map<String, Object> vbd = new LinkedHashMap<>();
        vbd.put("VM", vm);
        vbd.put("userdevice", userdevice(d.vdev()));
        vbd.put("mode", writable(d) ? "RW" : "RO");
        vbd.put("type", cdrom ? "CD" : "Disk");
        vbd.put("bootable", d.vdev().matches("(xvd|hd|sd)a[0-9]*"));
        boolean empty = d.pdevPath() == null || d.pdevPath().isEmpty();
        vbd.put("empty", empty);
        List<String> settings = XlConfigWriter.diskBackendSettings(d);
        if (!settings.isEmpty()) {
            vbd.put("other_config", Map.of(VmConfigs.DISK_SETTINGS, String.join(", ", settings)));
        }
        if (!empty) {
            vbd.put("VDI", made.add("VDI", introduce(d, file)));
        }
        return vbd;
    }

    /**
     * A whole disk among the first 16 ({@code xvdc}, {@code hdc}, {@code sdc}) is at its position
     * (2), as XAPI's clients number disks; any other name (a partition such as xen-tools'
     * {@code xvda2}, {@code xvdq}, {@code d0p1}) stays the VBD's userdevice, as XAPI allows, so
     * that the guest sees the disk the config names.
     */
    private static String userdevice(String vdev) {
        return vdev.matches("(xvd|hd|sd)[a-p]") ? Integer.toString(vdev.charAt(vdev.length() - 1) - 'a') : vdev;
    }

    /** libxl's {@code readwrite}, 0 unless set: xl sets it for a disk without {@code access=ro}, never for a CD-ROM. */
    private static boolean writable(DomainConfig.Disk d) {
        return d.readwrite() != null && d.readwrite() != 0;
    }

    /** The disk's image as a VDI jxend does not own. */
    private String introduce(DomainConfig.Disk d, String file) throws XenApiFailure {
        Path image = Path.of(d.pdevPath());
        DomainConfig.DiskFormat format = d.format() == null ? DomainConfig.DiskFormat.RAW : d.format();
        Map<String, Object> vdi = new LinkedHashMap<>();
        vdi.put("name_label", image.getFileName().toString());
        vdi.put("name_description", "brought in from " + file);
        vdi.put("SR", sr);
        vdi.put("type", "user");
        vdi.put("managed", false);
        vdi.put("location", image.toString());
        vdi.put("virtual_size", size(d.vdev(), image, format));
        vdi.put("read_only", !writable(d));
        vdi.put("sm_config", Map.of(Storage.IMAGE_FORMAT, DomainConfig.jsonName(format)));
        vdi.put("allowed_operations", List.of("destroy")); // forgotten, not deleted: the file is the administrator's
        return store.create("VDI", vdi);
    }

    /**
     * The size the guest will see: an image file's as the simulated host's backends read it (a raw
     * file's length; the virtual size in a qcow, qcow2, qed or vhd header); a block device's as the
     * system gives it. An image that is not there is refused in libxl's words ({@code
     * libxl__device_disk_set_backend}): {@code VALUE_NOT_SUPPORTED [disk, PATH, Disk vdev=V failed to
     * stat: PATH: No such file or directory]}; a damaged one, or one not of its {@code format=}, with
     * what is wrong with it.
     */
    private static long size(String vdev, Path image, DomainConfig.DiskFormat format) throws XenApiFailure {
        if (!Files.exists(image)) {
            throw XenApiFailure.of(ErrorCodes.VALUE_NOT_SUPPORTED, "disk", image,
                    "Disk vdev=" + vdev + " failed to stat: " + image + ": No such file or directory");
        }
        try {
            if (!Files.isRegularFile(image)) {
                return Files.size(image);
            }
            var probed = format == DomainConfig.DiskFormat.EMPTY ? null : org.jxen.hv.sim.disk.DiskFormat.valueOf(format.name());
            return DiskImages.probe(image, probed).virtualSize();
        } catch (IOException e) {
            throw XenApiFailure.of(ErrorCodes.VALUE_NOT_SUPPORTED, "disk", image,
                    "Disk vdev=" + vdev + ": " + e.getMessage());
        }
    }

    private Map<String, Object> vif(String vm, DomainConfig.Nic n, int device, String file, Made made)
            throws XenApiFailure {
        Map<String, Object> vif = new LinkedHashMap<>();
        vif.put("VM", vm);
        vif.put("network", network(n, file, made));
        vif.put("device", Integer.toString(device));
        vif.put("MAC", n.mac() == null ? "" : n.mac());
        Map<String, String> other = new LinkedHashMap<>();
        if (n.script() != null) {
            other.put(VmConfigs.VIF_SCRIPT, n.script());
        }
        List<String> settings = XlConfigWriter.nicSettings(n);
        if (!settings.isEmpty()) {
            other.put(VmConfigs.VIF_SETTINGS, String.join(", ", settings));
        }
        vif.put("other_config", other);
        return vif;
    }

    /**
     * The network with the vif's bridge. A bridge dom0 has but no network names becomes an
     * unmanaged network (as {@code network.create} with {@code managed=false} makes one); a bridge
     * that is nowhere is refused in {@code vif-bridge}'s words, as {@code xl create} fails, unless
     * the vif has a hotplug script of its own (which needs no bridge). A vif without {@code bridge=},
     * or with its own script, is on the host's first network.
     */
    private String network(DomainConfig.Nic n, String file, Made made) throws XenApiFailure {
        Map<String, Map<String, Object>> networks = store.records("network");
        for (var e : networks.entrySet()) {
            if (e.getValue().get("bridge").equals(n.bridge())) {
                return e.getKey();
            }
        }
        if (!needsBridge(n)) {
            return networks.keySet().iterator().next();
        }
        if (!bridges.exists(n.bridge())) {
            Set<String> known = new TreeSet<>();
            networks.values().forEach(r -> known.add((String) r.get("bridge")));
            throw XenApiFailure.of(ErrorCodes.VALUE_NOT_SUPPORTED, "vif", n.bridge(), noSuchBridge(n.bridge(),
                    "dom0 has no such bridge and no network has it: name one of " + String.join(", ", known)
                    + ", or make the bridge first"));
        }
        return made.add("network", store.create("network", Map.of("name_label", n.bridge(), "name_description",
                "brought in from " + file, "bridge", n.bridge(), "managed", false, "MTU", 1500L)));
    }

    /** Whether the NIC's hotplug script is {@code vif-bridge}, which looks for the bridge it names. */
    static boolean needsBridge(DomainConfig.Nic n) {
        return n.bridge() != null
                && (n.script() == null || Path.of(n.script()).getFileName().toString().equals("vif-bridge"));
    }

    /** {@code vif-bridge}'s refusal, as {@code xl create} and {@code network-attach} fail with it. */
    static String noSuchBridge(String bridge, String why) {
        return "Could not find bridge device " + bridge + " (" + why + ")";
    }

    /**
     * XenAPI's word for an {@code on_poweroff}/{@code on_reboot} action. The reader has filled in
     * xl's defaults already and leaves destroy, libxl's zero, as null: null is destroy (an xl.cfg's
     * {@code on_reboot="destroy"} was made a restart before jxl's golden tests showed it).
     */
    private static String normalExit(DomainConfig.Action action) {
        return action == DomainConfig.Action.RESTART ? "restart" : "destroy";
    }

    private static String crash(DomainConfig.Action action) {
        return switch (action == null ? DomainConfig.Action.DESTROY : action) {
            case RESTART -> "restart";
            case RESTART_RENAME -> "rename_restart";
            case PRESERVE -> "preserve";
            case COREDUMP_DESTROY -> "coredump_and_destroy";
            case COREDUMP_RESTART -> "coredump_and_restart";
            case DESTROY, SOFT_RESET -> "destroy";
        };
    }
}
