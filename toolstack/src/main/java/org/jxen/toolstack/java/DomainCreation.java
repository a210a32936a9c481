package org.jxen.toolstack.java;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.jxen.config.DomainConfig;
import org.jxen.hv.BuildResult;
import org.jxen.hv.BuildSpec;
import org.jxen.hv.CreateSpec;
import org.jxen.hv.DomainType;
import org.jxen.hv.Hypervisor;
import org.jxen.hv.HypervisorException;
import org.jxen.hv.SchedParams;
import org.jxen.hv.XenError;
import org.jxen.toolstack.CreateOptions;
import org.jxen.toolstack.CreateStep;
import org.jxen.toolstack.ToolstackException;
import org.jxen.xenstore.client.XsClient;
import org.jxen.xenstore.proto.XsException;

/**
 * One create, in libxl 4.17's order ({@code libxl__domain_make}, {@code libxl__build_pre},
 * the build, {@code libxl__build_post}, the devices, then xl's unpause). Each step that leaves
 * something behind is undone, in reverse, when a later one fails: the caller sees the failed step
 * and its cause, and the host and XenStore are as they were.
 */
final class DomainCreation {
    /** libxl's LIBXL_MAXMEM_CONSTANT: the slack above the target Xen's maximum gets on x86. */
    static final long MAXMEM_CONSTANT_KB = 1024;
    /** Where libxl finds hvmloader, the firmware an HVM guest boots ({@code libxl__abs_path(..., "hvmloader")}). */
    static final String HVMLOADER = "/usr/lib/xen-4.17/boot/hvmloader";
    /** HVM_BELOW_4G_MMIO_START: where the MMIO hole below 4 GiB starts by default (0xF0000000). */
    static final long HVM_BELOW_4G_MMIO_START = 0xF0000000L;

    private final Hypervisor hv;
    private final XsClient xs;
    private final HostTime time;
    private final DomainTree tree;
    private final Devices devices;
    private final Teardown teardown;
    private final LibxlDefaults.Result defaulted;
    private final DomainConfig config;
    private final CreateOptions options;
    private final UUID uuid;
    private final Placement placement;
    private final int cpupool;
    private final BackendDomains backends;
    private final BootImages images;
    private Integer domid;
    private boolean treeWritten;
    private boolean introduced;

    /** Where automatic NUMA placement put the domain: its node affinity, and its vCPUs' soft affinity. */
    record Placement(Set<Integer> nodes, Set<Integer> softCpus) {
    }

    DomainCreation(Hypervisor hv, XsClient xs, HostTime time, Devices devices, Teardown teardown,
                   LibxlDefaults.Result defaulted, CreateOptions options, UUID uuid, Placement placement, int cpupool,
                   BackendDomains backends, BootImages images) {
        this.images = images;
        this.backends = backends;
        this.defaulted = defaulted;
        this.hv = hv;
        this.xs = xs;
        this.time = time;
        this.tree = new DomainTree(xs);
        this.devices = devices;
        this.teardown = teardown;
        this.config = defaulted.config();
        this.options = options;
        this.uuid = uuid;
        this.placement = placement;
        this.cpupool = cpupool;
    }

    /** Resolves a device's {@code backend=} domain name to its domid ({@code libxl__resolve_domid}). */
    interface BackendDomains {
        int domid(String name) throws ToolstackException;
    }

    /** What a finished create made. */
    record Made(int domid, long storeGfn, int storePort, long createdNs) {
    }

    Made run() throws ToolstackException {
        try {
            return steps();
        } catch (ToolstackException e) {
            rollBack(e);
            throw e;
        }
    }

    private Made steps() throws ToolstackException {
        DomainConfig.BuildInfo b = config.bInfo();
        int id = step(CreateStep.CREATE, () -> hv.createDomain(createSpec()));
        domid = id;
        step(CreateStep.XENSTORE_DOMAIN, () -> {
            tree.make(id, uuid, config);
            treeWritten = true;
            tree.deviceModelVersion(id, config.bInfo().deviceModelVersion());
            return null;
        });
        step(CreateStep.PLACEMENT, () -> {
            if (placement != null) {
                for (int v = 0; v < b.maxVcpus(); v++) {
                    hv.setVcpuAffinity(id, v, allCpus(), placement.softCpus());
                }
                hv.setNodeAffinity(id, placement.nodes());
            }
            return null;
        });
        step(CreateStep.AFFINITY, () -> {
            setAffinity(id, b);
            return null;
        });
        long targetKb = b.targetMemkb();
        step(CreateStep.BUILD, () -> {
            hv.setMaxMemory(id, targetKb + MAXMEM_CONSTANT_KB);
            return null;
        });
        BuildResult built = build(id, targetKb);
        long createdNs = time.nowNs();
        step(CreateStep.SCHEDULER, () -> {
            SchedParams.Credit2 current = (SchedParams.Credit2) hv.schedParams(id);
            DomainConfig.SchedParams wanted = b.schedParams();
            if (wanted != null && (wanted.weight() != null || wanted.cap() != null)) {
                hv.setSchedParams(id, new SchedParams.Credit2(
                        wanted.weight() != null ? wanted.weight() : current.weight(),
                        wanted.cap() != null ? wanted.cap() : current.cap()));
            }
            return null;
        });
        step(CreateStep.XENSTORE_DOMAIN, () -> {
            tree.built(id, uuid, homeEntries(id, built), vmEntries(createdNs));
            return null;
        });
        step(CreateStep.INTRODUCE, () -> {
            xs.introduce(id, built.storeGfn(), built.storePort());
            introduced = true;
            return null;
        });
        List<DeviceTree.Device> added = new ArrayList<>();
        for (DomainConfig.Disk disk : config.disks()) {
            DeviceTree.Device d = DeviceSpecs.disk(id, backends.domid(disk.backendDomname()), config.cInfo().type(), disk);
            step(CreateStep.DEVICES, () -> add(d, added));
        }
        DeviceTree.Device console = DeviceSpecs.primaryConsole(id, built.consolePort(), built.consoleGfn());
        step(CreateStep.DEVICES, () -> add(console, added));
        for (DomainConfig.Nic nic : config.nics()) {
            DeviceTree.Device d = DeviceSpecs.nic(id, backends.domid(nic.backendDomname()), nic);
            step(CreateStep.DEVICES, () -> add(d, added));
        }
        step(CreateStep.BACKENDS, () -> {
            devices.awaitBackends(added, options.deviceTimeout());
            return null;
        });
        if (!options.paused()) {
            step(CreateStep.UNPAUSE, () -> {
                hv.unpause(id);
                return null;
            });
            if (!options.awaitFrontends().isZero()) {
                step(CreateStep.FRONTENDS, () -> {
                    devices.awaitFrontends(added, options.awaitFrontends());
                    return null;
                });
            }
        }
        return new Made(id, built.storeGfn(), built.storePort(), createdNs);
    }

    private Void add(DeviceTree.Device d, List<DeviceTree.Device> added) throws ToolstackException {
        devices.write(d);
        added.add(d);
        return null;
    }

    /** Claims the memory (when claim mode is on), builds, and lets the claim go, as xc_dom does. */
    private BuildResult build(int id, long targetKb) throws ToolstackException {
        DomainConfig.BuildInfo b = config.bInfo();
        boolean claim = !Boolean.FALSE.equals(b.claimMode());
        if (claim) {
            step(CreateStep.CLAIM, () -> {
                try {
                    hv.claimPages(id, targetKb / 4);
                } catch (HypervisorException e) {
                    // xc_dom claims inside the memory setup, so xl reports it as that step's failure
                    throw new HypervisorException(e.error(), "xc_dom_boot_mem_init failed: "
                            + (e.error() == XenError.ENOMEM ? "Cannot allocate memory" : e.error().name()) + " ("
                            + e.getMessage() + ")");
                }
                return null;
            });
        }
        BuildResult built = step(CreateStep.BUILD, () -> hv.build(id, buildSpec(targetKb)));
        if (claim) {
            step(CreateStep.CLAIM, () -> {
                hv.claimPages(id, 0);
                return null;
            });
        }
        return built;
    }

    private void setAffinity(int id, DomainConfig.BuildInfo b) throws HypervisorException {
        List<List<Integer>> hards = b.vcpuHardAffinity() == null ? List.of() : b.vcpuHardAffinity();
        List<List<Integer>> softs = b.vcpuSoftAffinity() == null ? List.of() : b.vcpuSoftAffinity();
        for (int v = 0; v < Math.max(hards.size(), softs.size()); v++) {
            Set<Integer> hard = v < hards.size() ? new TreeSet<>(hards.get(v)) : allCpus();
            Set<Integer> soft = v < softs.size() ? new TreeSet<>(softs.get(v)) : hv.vcpuInfo(id, v).softAffinity();
            hv.setVcpuAffinity(id, v, hard, soft);
        }
    }

    private Set<Integer> allCpus() {
        Set<Integer> all = new TreeSet<>();
        for (int c = 0; c < hv.physInfo().cpus(); c++) {
            all.add(c);
        }
        return all;
    }

    private CreateSpec createSpec() {
        DomainConfig.CreateInfo c = config.cInfo();
        DomainConfig.BuildInfo b = config.bInfo();
        Set<CreateSpec.Flag> flags = EnumSet.noneOf(CreateSpec.Flag.class);
        if (c.type() != DomainConfig.DomainType.PV) {
            if (!Boolean.FALSE.equals(c.hap())) {
                flags.add(CreateSpec.Flag.HAP);
            }
            if (Boolean.FALSE.equals(c.oos())) {
                flags.add(CreateSpec.Flag.OOS_OFF);
            }
            if (Boolean.TRUE.equals(b.nestedHvm())) {
                flags.add(CreateSpec.Flag.NESTED_VIRT);
            }
        }
        if (Boolean.TRUE.equals(b.vpmu())) {
            flags.add(CreateSpec.Flag.VPMU);
        }
        if (c.passthrough() != null && c.passthrough() != DomainConfig.Passthrough.DISABLED) {
            flags.add(CreateSpec.Flag.IOMMU);
        }
        return new CreateSpec(DomainType.valueOf(c.type().name()), flags, uuid, b.maxVcpus(), defaulted.maxGrantFrames(),
                defaulted.maxMaptrackFrames(), b.eventChannels(), cpupool);
    }

    private BuildSpec buildSpec(long memKb) {
        DomainConfig.BuildInfo b = config.bInfo();
        BuildSpec.Image kernel = config.cInfo().type() == DomainConfig.DomainType.HVM
                ? images.image(HVMLOADER) : images.image(b.kernel());
        BuildSpec.Image ramdisk = b.ramdisk() == null ? null : images.image(b.ramdisk());
        return new BuildSpec(kernel, ramdisk, b.cmdline() == null ? "" : b.cmdline(), memKb, 0, 0);
    }

    /** {@code libxl__build_post}'s keys under the domain's home. */
    private Map<String, String> homeEntries(int id, BuildResult built) {
        DomainConfig.BuildInfo b = config.bInfo();
        long fudge = b.videoMemkb() + (config.cInfo().type() == DomainConfig.DomainType.HVM
                && b.maxMemkb() > b.targetMemkb() ? MAXMEM_CONSTANT_KB : 0);
        Map<String, String> home = DomainTree.entries("memory/static-max", Long.toString(b.maxMemkb()),
                "memory/target", Long.toString(b.targetMemkb() - fudge), "memory/videoram", Long.toString(b.videoMemkb()),
                "domid", Integer.toString(id), "store/port", Integer.toString(built.storePort()),
                "store/ring-ref", Long.toString(built.storeGfn()));
        Set<Integer> online = new TreeSet<>(b.availVcpus());
        for (int v = 0; v < b.maxVcpus(); v++) {
            home.put("cpu/" + v + "/availability", online.contains(v) ? "online" : "offline");
        }
        if (b.typeInfo() instanceof DomainConfig.HvmInfo hvm) { // libxl__domain_build's localents
            home.put("platform/acpi", flag(b.acpi()));
            home.put("platform/acpi_s3", flag(hvm.acpiS3()));
            home.put("platform/acpi_s4", flag(hvm.acpiS4()));
            home.put("platform/acpi_laptop_slate", flag(hvm.acpiLaptopSlate()));
            if (hvm.mmioHoleMemkb() != null && hvm.mmioHoleMemkb() > 0
                    && (1L << 32) - (hvm.mmioHoleMemkb() << 10) <= HVM_BELOW_4G_MMIO_START) {
                home.put("platform/mmio_hole_size", Long.toString(hvm.mmioHoleMemkb() << 10));
            }
            home.put("platform/device-model", b.deviceModelVersion() == DomainConfig.DeviceModelVersion.QEMU_XEN_TRADITIONAL
                    ? "qemu_xen_traditional" : "qemu_xen");
        }
        return home;
    }

    /** {@code libxl__domain_build}'s keys under {@code /vm/UUID}: the image and the start time. */
    private Map<String, String> vmEntries(long createdNs) {
        DomainConfig.BuildInfo b = config.bInfo();
        String startTime = String.format(Locale.ROOT, "%d.%02d", createdNs / 1_000_000_000L,
                createdNs % 1_000_000_000L / 10_000_000L);
        return switch (config.cInfo().type()) {
            case HVM -> DomainTree.entries("rtc/timeoffset", "", "image/ostype", "hvm", "start_time", startTime);
            case PVH -> DomainTree.entries("start_time", startTime);
            case PV -> {
                Map<String, String> vm = DomainTree.entries("image/ostype", "linux", "image/kernel", b.kernel(),
                        "start_time", startTime);
                if (b.ramdisk() != null) {
                    vm.put("image/ramdisk", b.ramdisk());
                }
                if (b.cmdline() != null) {
                    vm.put("image/cmdline", b.cmdline());
                }
                yield vm;
            }
        };
    }

    /** A defaulted boolean as libxl writes it. */
    private static String flag(Boolean b) {
        return Boolean.TRUE.equals(b) ? "1" : "0";
    }

    /** Undoes what the steps so far did; a failure while undoing is added to the create's failure. */
    private void rollBack(ToolstackException cause) {
        if (domid == null) {
            return;
        }
        try {
            teardown.tearDown(domid, uuid, introduced, treeWritten);
        } catch (ToolstackException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    /** One step's work; any failure becomes a ToolstackException naming the step. */
    private interface Work<T> {
        T run() throws HypervisorException, ToolstackException;
    }

    private static <T> T step(CreateStep step, Work<T> work) throws ToolstackException {
        try {
            return work.run();
        } catch (ToolstackException e) {
            throw e.step() != null ? e : new ToolstackException(e.kind(), step, e.getMessage(), e);
        } catch (HypervisorException e) {
            throw new ToolstackException(kindOf(e), step, e.getMessage(), e);
        } catch (XsException e) {
            throw new ToolstackException(ToolstackException.Kind.FAILED, step,
                    "XenStore refused: " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new ToolstackException(ToolstackException.Kind.FAILED, step,
                    "XenStore connection failed: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new ToolstackException(ToolstackException.Kind.INVALID, step, e.getMessage(), e);
        }
    }

    private static ToolstackException.Kind kindOf(HypervisorException e) {
        return e.error() == XenError.ENOMEM ? ToolstackException.Kind.NO_MEMORY
                : e.error() == XenError.EINVAL ? ToolstackException.Kind.INVALID : ToolstackException.Kind.FAILED;
    }
}
