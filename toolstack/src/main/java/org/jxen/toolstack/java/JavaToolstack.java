package org.jxen.toolstack.java;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.jxen.config.DomainConfig;
import org.jxen.hv.ConsoleOutput;
import org.jxen.hv.DomainEvent;
import org.jxen.hv.DomainEvents;
import org.jxen.config.ConfigException;
import org.jxen.config.DomainConfigJson;
import org.jxen.hv.DomainInfo;
import org.jxen.hv.Hypervisor;
import org.jxen.hv.HypervisorException;
import org.jxen.hv.PhysInfo;
import org.jxen.hv.SchedParams;
import org.jxen.hv.ShutdownReason;
import org.jxen.hv.VcpuInfo;
import org.jxen.toolstack.CoreFiles;
import org.jxen.toolstack.CreateOptions;
import org.jxen.toolstack.CreateStep;
import org.jxen.toolstack.DeviceStatus;
import org.jxen.toolstack.Domain;
import org.jxen.toolstack.RestoreConfig;
import org.jxen.toolstack.ShutdownRequest;
import org.jxen.toolstack.Toolstack;
import org.jxen.toolstack.EventBus;
import org.jxen.toolstack.ToolstackEvent;
import org.jxen.toolstack.ToolstackException;
import org.jxen.toolstack.XenStoreData;
import org.jxen.xenstore.client.XsClient;

/**
 * libxl's job, done in Java over the {@link Hypervisor} SPI and a XenStore connection of dom0's:
 * creates in libxl's order with rollback, the domain's XenStore tree as libxl writes it,
 * devices with the xenbus handshake, the {@code on_*} actions when guests shut down, and the
 * running domain's tuning. Operations on one domain hold its lock; different domains proceed in
 * parallel. Domain events (shutdowns, deaths) are acted on by {@link #handleDomainEvents}, which
 * the host's driver calls after the host has run, and which every wait calls too.
 */
public final class JavaToolstack implements Toolstack {
    /** How long libxl waits for a guest to take a {@code control/shutdown} request ({@code libxl__domain_pvcontrol}). */
    static final Duration ACKNOWLEDGE_TIMEOUT = Duration.ofSeconds(60);

    private final Hypervisor hv;
    private final XsClient xs;
    private final HostTime time;
    private final GuestConsoles consoles;
    private final Supplier<UUID> uuids;
    private final RandomGenerator random;
    private final Registry registry = new Registry();
    private final EventBus events = new EventBus();
    private final DomainEvents domainEvents;
    private final Teardown teardown;
    private final Devices devices;
    private final Tuning tuning;
    private final Hotplug hotplug;
    private final ShutdownActions actions;
    /** Shutdowns met while another thread worked on the domain: their actions, at the next look at the events. */
    private final Queue<Shutdown> deferredShutdowns = new ConcurrentLinkedQueue<>();
    private final Saving saving;
    private final CoreDumps cores;
    /** Where the coredump-* actions write a domain's core, named after it (libxl: XEN_DUMP_DIR). */
    private final Path dumpDir;
    private final Placing placing;
    private final ConsoleTyping typing;
    private final BootImages images;
    private final LibxlDefaultsHost defaultsHost;

    /**
     * A toolstack for the host behind {@code hv}, writing XenStore through {@code xs} (dom0's
     * connection), letting time pass through {@code time}; new domains without a UUID get one
     * from {@code uuids}, new NICs without a MAC a random one from {@code random}.
     */
    public JavaToolstack(Hypervisor hv, XsClient xs, HostTime time, GuestConsoles consoles, Supplier<UUID> uuids,
                         RandomGenerator random) {
        this(hv, xs, time, consoles, uuids, random, BootImages.FILES, CoreFiles.XEN_DUMP_DIR);
    }

    /**
     * As above, with the kernels, ramdisks and firmware the builder loads coming from {@code images},
     * and the coredump-* actions writing to {@code dumpDir} (made, mode 0700, when first needed).
     */
    public JavaToolstack(Hypervisor hv, XsClient xs, HostTime time, GuestConsoles consoles, Supplier<UUID> uuids,
                         RandomGenerator random, BootImages images, Path dumpDir) {
        this(hv, xs, time, consoles, uuids, random, images, dumpDir, LibxlDefaultsHost.debianX86());
    }

    /**
     * As above, with libxl's defaults taken for {@code defaultsHost}: the xenlab's host
     * ({@link LibxlDefaultsHost#debianX86()}, every disk path there) unless the caller's disks are
     * this machine's files ({@code withPaths(LibxlDefaultsHost::stat)}: a missing image is libxl's
     * "failed to stat" before anything is made).
     */
    public JavaToolstack(Hypervisor hv, XsClient xs, HostTime time, GuestConsoles consoles, Supplier<UUID> uuids,
                         RandomGenerator random, BootImages images, Path dumpDir, LibxlDefaultsHost defaultsHost) {
        this.defaultsHost = defaultsHost;
        this.dumpDir = dumpDir;
        this.images = images;
        this.hv = hv;
        this.xs = xs;
        this.time = new EventfulTime(time, this);
        this.consoles = consoles;
        this.uuids = uuids;
        this.random = random;
        this.domainEvents = hv.subscribeDomainEvents();
        this.devices = new Devices(xs, this.time, new BlockScript(defaultsHost.paths()));
        this.teardown = new Teardown(hv, xs, this.time, devices);
        this.tuning = new Tuning(hv, xs, events);
        this.hotplug = new Hotplug(xs, devices, events, random, defaultsHost, this::backendDomid);
        this.actions = new ShutdownActions(this, events);
        this.saving = new Saving(hv, xs, devices);
        this.cores = new CoreDumps(hv);
        this.placing = new Placing(hv, registry);
        this.typing = new ConsoleTyping(hv, xs);
    }

    /** Lets time pass for the toolstack's waits, acting on domain events as they come. */
    private record EventfulTime(HostTime host, JavaToolstack toolstack) implements HostTime {
        @Override
        public long nowNs() {
            return host.nowNs();
        }

        @Override
        public boolean await(java.util.function.BooleanSupplier done, long timeoutNs) {
            return host.await(() -> {
                toolstack.handleDomainEvents();
                return done.getAsBoolean();
            }, timeoutNs);
        }
    }

    @Override
    public Domain create(DomainConfig requested, CreateOptions options) throws ToolstackException {
        handleDomainEvents();
        UUID uuid = requested.cInfo().uuid() != null ? UUID.fromString(requested.cInfo().uuid()) : uuids.get();
        DomainConfig given = Configs.with(requested, "cInfo", Configs.with(requested.cInfo(), "uuid", uuid.toString()));
        return createFrom(given, options, uuid);
    }

    /**
     * libxl's defaults, placement and create for {@code requested}, the config as the caller gave it
     * (UUID set); every disk's COLO restore flag off, as {@code libxl_domain_create_new} and a
     * restore without COLO set it before anything else (the running config shows it).
     */
    private Domain createFrom(DomainConfig requested, CreateOptions options, UUID uuid) throws ToolstackException {
        DomainConfig given = Configs.withDisks(requested, requested.disks().stream()
                .map(d -> Configs.with(d, "coloRestoreEnable", false)).toList());
        XenStoreData.check(given.cInfo());
        int cpupool = cpupool(given.cInfo().poolName());
        LibxlDefaults.Result defaulted;
        try {
            defaulted = LibxlDefaults.apply(given, defaultsHost, random);
        } catch (LibxlDefaultsException e) {
            // each failure is named by the step where libxl meets it (here all are met before anything is made)
            throw new ToolstackException(ToolstackException.Kind.INVALID,
                    e.inDeviceDefaults() ? CreateStep.DEVICES : CreateStep.DEFAULTS, e.getMessage(), e);
        }
        DomainConfig config = defaulted.config();
        String name = config.cInfo().name();
        if (name == null) { // libxl takes an empty one (the lab: xl create with name="" makes such a domain)
            throw new ToolstackException(ToolstackException.Kind.INVALID, CreateStep.DEFAULTS,
                    "the domain has no name: set name= in its config", null);
        }
        DeviceSpecs.requireServed(config);
        requireNoBootloader(config);
        notDom0sName(name);
        registry.reserve(name);
        try {
            DomainCreation.Placement placement = placing.place(defaulted);
            DomainCreation.Made made = new DomainCreation(hv, xs, time, devices, teardown, defaulted, options, uuid,
                    placement, cpupool, this::backendDomid, images).run();
            DomainRecord r = new DomainRecord(made.domid(), uuid, name, config, given, made.createdNs(),
                    placement == null ? placing.allNodes() : placement.nodes(), made.storeGfn(), made.storePort());
            r.saved = LibxlDefaults.savedConfig(given, defaulted);
            registry.add(r);
            events.emit(new ToolstackEvent.Created(r.domid, name, uuid));
            return domain(r);
        } finally {
            registry.unreserve(name);
        }
    }

    @Override
    public void destroy(int domid) throws ToolstackException {
        DomainRecord r = registry.get(domid);
        r.lock.lock();
        try {
            destroyLocked(r);
        } finally {
            r.lock.unlock();
        }
    }

    /** Destroys a domain whose lock the caller holds. */
    void destroyLocked(DomainRecord r) throws ToolstackException {
        if (r.destroying) {
            return;
        }
        r.destroying = true;
        try {
            teardown.tearDown(r.domid, r.vmUuid, true, true);
        } finally {
            registry.remove(r);
            events.emit(new ToolstackEvent.Destroyed(r.domid));
        }
    }

    @Override
    public void shutdown(int domid, ShutdownRequest request, Duration wait) throws ToolstackException {
        DomainRecord r = registry.get(domid);
        r.lock.lock();
        try {
            String home = DomainTree.home(domid);
            if (request != ShutdownRequest.HALT && xs.readOrNull(home + "/control/feature-" + request.word()) == null
                    && r.config.cInfo().type() != DomainConfig.DomainType.PV) {
                throw new ToolstackException(ToolstackException.Kind.INVALID, "PV control interface not available:"
                        + " external graceful shutdown not possible.");
            }
            xs.write(home + "/control/shutdown", request.word());
        } finally {
            r.lock.unlock();
        }
        if (!time.await(() -> acknowledged(domid), ACKNOWLEDGE_TIMEOUT.toNanos())) {
            throw new ToolstackException(ToolstackException.Kind.UNACKNOWLEDGED, "guest didn't acknowledge control"
                    + " request: domain " + domid + "'s kernel did not take the " + request.word() + " request from"
                    + " control/shutdown within " + ACKNOWLEDGE_TIMEOUT.toSeconds() + " s (it has not run, is paused, or"
                    + " has no PV drivers); the request stays there; xl destroy stops the domain");
        }
        if (!wait.isZero()) {
            awaitShutdown(domid, wait);
        }
    }

    @Override
    public void awaitShutdown(int domid, Duration wait) throws ToolstackException {
        if (!time.await(() -> shutDownOrGone(domid), wait.toNanos())) {
            throw ToolstackException.notShutDown(domid, wait);
        }
    }

    /** As libxl's {@code pvcontrol_acked}: the guest emptied {@code control/shutdown} (or the domain went). */
    private boolean acknowledged(int domid) {
        String request = xs.readOrNull(DomainTree.home(domid) + "/control/shutdown");
        return request == null || request.isEmpty() || shutDownOrGone(domid);
    }

    private boolean shutDownOrGone(int domid) {
        try {
            return hv.domainInfo(domid).state() != DomainInfo.State.ALIVE;
        } catch (HypervisorException e) {
            return true;
        }
    }

    @Override
    public void pause(int domid) throws ToolstackException {
        withDomain(domid, r -> {
            call(() -> hv.pause(domid));
            events.emit(new ToolstackEvent.Paused(domid));
        });
    }

    @Override
    public void unpause(int domid) throws ToolstackException {
        withDomain(domid, r -> {
            call(() -> hv.unpause(domid));
            if (!callFor(() -> hv.domainInfo(domid)).has(DomainInfo.Flag.PAUSED)) { // Xen counts pauses: one may be left
                events.emit(new ToolstackEvent.Unpaused(domid));
            }
        });
    }

    @Override
    public void rename(int domid, String newName) throws ToolstackException {
        withDomain(domid, r -> renameLocked(r, newName));
    }

    /** {@code libxl__domain_rename}: the home's and {@code /vm}'s name in one transaction. */
    void renameLocked(DomainRecord r, String newName) throws ToolstackException {
        notDom0sName(newName);
        registry.rename(r, newName);
        xs.transaction(tx -> {
            tx.write(DomainTree.home(r.domid) + "/name", newName);
            tx.write(DomainTree.vm(r.vmUuid) + "/name", newName);
            return null;
        });
        r.config = Configs.renamed(r.config, newName);
        events.emit(new ToolstackEvent.Renamed(r.domid, newName));
    }

    /**
     * {@code libxl_domain_preserve}, as rename-restart calls it before the restart: the domain
     * stays, renamed, with a {@code /vm} directory of its own under a new UUID holding only that
     * UUID, so its successor can have the config's name and UUID. As in libxl (checked on Xen
     * 4.17), the new name goes under the old {@code /vm} directory, which the successor's create
     * replaces, and the domain's handle in the hypervisor does not change: both list the config's UUID.
     */
    void preserveLocked(DomainRecord r, String newName) throws ToolstackException {
        UUID own = uuids.get();
        String vm = DomainTree.vm(own);
        String oldVm = DomainTree.vm(r.vmUuid);
        registry.rename(r, newName);
        xs.transaction(tx -> {
            tx.rmIfThere(vm);
            DomainTree.mknod(tx, vm, Perms.readOnlyTo(r.domid));
            tx.write(DomainTree.home(r.domid) + "/vm", vm);
            tx.write(DomainTree.home(r.domid) + "/name", newName);
            tx.write(oldVm + "/name", newName);
            tx.write(vm + "/uuid", own.toString());
            return null;
        });
        r.vmUuid = own;
        r.config = Configs.renamed(r.config, newName);
        events.emit(new ToolstackEvent.Renamed(r.domid, newName));
    }

    @Override
    public List<Domain> list() {
        handleDomainEvents();
        List<Domain> out = new ArrayList<>();
        try {
            out.add(new Domain(0, dom0Name(), hv.domainInfo(0).handle(), hv.domainInfo(0), 0));
        } catch (HypervisorException e) {
            throw new IllegalStateException("dom0 is not there: " + e.getMessage(), e);
        }
        for (DomainRecord r : registry.all()) {
            try {
                out.add(domain(r));
            } catch (ToolstackException gone) {
                // destroyed while we listed
            }
        }
        return out;
    }

    /** dom0's name is taken too, though the registry holds only the domains this toolstack made (measured: xl rename). */
    /**
     * A PV or PVH guest with {@code bootloader=} is refused before anything is made (named by the step
     * where libxl runs it): libxl runs the bootloader (pygrub) on the first disk to find the kernel,
     * and this toolstack runs none. Without
     * a disk, in libxl's words ({@code libxl__bootloader_run}); HVM guests ignore the key, as there.
     */
    private static void requireNoBootloader(DomainConfig config) throws ToolstackException {
        String bootloader = config.bInfo().bootloader();
        if (bootloader == null || config.cInfo().type() == DomainConfig.DomainType.HVM) {
            return;
        }
        throw new ToolstackException(ToolstackException.Kind.INVALID, CreateStep.BUILD, config.disks().isEmpty()
                ? "cannot run bootloader with no boot disk"
                : "this host runs no bootloader (bootloader=\"" + bootloader + "\" would read the kernel from the"
                + " guest's first disk): give kernel= (and ramdisk=, extra=) instead, or run the config on a Xen host",
                null);
    }

    /**
     * The CPU pool {@code pool=} names, by its name ({@code /local/pool/N/name}) or its number, as
     * libxl's {@code libxl_cpupool_qualifier_to_cpupoolid}; pool 0 when the config names none. A pool
     * the host lacks is refused before anything is made, in libxl's words.
     */
    private int cpupool(String pool) throws ToolstackException {
        if (pool == null) {
            return 0;
        }
        List<String> pools = xs.exists("/local/pool") ? xs.directory("/local/pool") : List.of();
        for (String id : pools) {
            if (pool.equals(xs.readOrNull("/local/pool/" + id + "/name")) || pool.matches("0*" + id)) {
                return Integer.parseInt(id);
            }
        }
        throw new ToolstackException(ToolstackException.Kind.INVALID, CreateStep.DEFAULTS,
                "Illegal pool specified: " + pool, null);
    }

    private void notDom0sName(String name) throws ToolstackException {
        if (name.equals(dom0Name())) {
            throw Registry.duplicate(name);
        }
    }

    private String dom0Name() {
        String name = xs.readOrNull("/local/domain/0/name");
        return name == null ? "Domain-0" : name;
    }

    @Override
    public Domain domain(int domid) throws ToolstackException {
        return domid == 0 ? list().getFirst() : domain(registry.get(domid));
    }

    private Domain domain(DomainRecord r) throws ToolstackException {
        try {
            return new Domain(r.domid, r.name, r.uuid, hv.domainInfo(r.domid), r.createdNs);
        } catch (HypervisorException e) {
            throw ToolstackException.noSuchDomain(r.domid);
        }
    }

    @Override
    public int domid(String name) throws ToolstackException {
        if (name.equals(dom0Name())) {
            return 0;
        }
        Integer d = registry.domid(name);
        if (d == null) {
            throw new ToolstackException(ToolstackException.Kind.NO_SUCH_DOMAIN, "domain '" + name + "' does not exist");
        }
        return d;
    }

    /**
     * What libxl stores, with the live values {@code libxl_retrieve_domain_configuration} puts
     * over it: the name, the vCPUs online, the memory target and maximum, the scheduler's
     * parameters.
     */
    @Override
    public DomainConfig config(int domid) throws ToolstackException {
        if (domid == 0) {
            return dom0Config();
        }
        DomainRecord r = registry.get(domid);
        DomainConfig.BuildInfo now = r.config.bInfo();
        DomainConfig.SchedParams sched = callFor(() -> hv.schedParams(domid)) instanceof SchedParams.Credit2(int w, int c)
                ? Configs.credit2(now.schedParams(), w, c) : now.schedParams();
        DomainConfig saved = Configs.renamed(r.saved, r.name);
        return Configs.withBuild(saved, b -> RecordEdit.of(b).set("availVcpus", now.availVcpus())
                .set("maxMemkb", now.maxMemkb()).set("targetMemkb", now.targetMemkb()).set("schedParams", sched).build());
    }

    /** Domain 0 as libxl describes it, having not built it: its name, type, memory and scheduling. */
    private DomainConfig dom0Config() throws ToolstackException {
        DomainInfo info = callFor(() -> hv.domainInfo(0));
        String sched = callFor(() -> hv.schedParams(0)) instanceof SchedParams.Credit2(int w, int c)
                ? ",\"sched_params\":{\"weight\":" + w + ",\"cap\":" + c + "}" : "";
        try {
            return DomainConfigJson.read("{\"c_info\":{\"type\":\"pv\",\"name\":\"Domain-0\"},\"b_info\":{\"max_memkb\":"
                    + info.maxMemKb() + ",\"target_memkb\":" + info.memKb() + sched + "}}");
        } catch (ConfigException e) {
            throw new ToolstackException(ToolstackException.Kind.FAILED, "domain 0's configuration: " + e.getMessage());
        }
    }

    @Override
    public List<VcpuInfo> vcpus(int domid) throws ToolstackException {
        int max = domid == 0 ? callFor(() -> hv.domainInfo(0)).maxVcpus() : registry.get(domid).config.bInfo().maxVcpus();
        List<VcpuInfo> out = new ArrayList<>();
        for (int v = 0; v < max; v++) {
            int vcpu = v;
            out.add(callFor(() -> hv.vcpuInfo(domid, vcpu)));
        }
        return out;
    }

    @Override
    public void setOnlineVcpus(int domid, int count) throws ToolstackException {
        withDomain(domid, r -> tuning.setOnlineVcpus(r, count));
    }

    @Override
    public void pinVcpu(int domid, int vcpu, Set<Integer> hard, Set<Integer> soft) throws ToolstackException {
        withDomain(domid, r -> tuning.pin(r, vcpu, hard, soft));
    }

    @Override
    public void sendSysrq(int domid, char key) throws ToolstackException {
        Toolstack.requireSysrqKey(key);
        String node = DomainTree.home(domid) + "/control/sysrq";
        if (domid == 0) { // dom0 is no domain the toolstack built, but its kernel watches the node as any guest's
            xs.write(node, String.valueOf(key));
            return;
        }
        withDomain(domid, r -> xs.write(node, String.valueOf(key)));
    }

    @Override
    public void dumpCore(int domid, Path file) throws ToolstackException {
        withDomain(domid, r -> cores.write(domid, file));
    }

    /** As xl's coredump-* actions: the core of {@code r}'s domain, to the dump directory under its name. */
    void dumpCoreLocked(DomainRecord r) throws ToolstackException {
        Path core;
        try {
            core = CoreFiles.in(dumpDir, r.name);
        } catch (IOException e) {
            throw new ToolstackException(ToolstackException.Kind.FAILED, "making the dump directory " + dumpDir + ": "
                    + e.getMessage());
        }
        cores.write(r.domid, core);
    }

    @Override
    public void setMemoryTarget(int domid, long targetKb) throws ToolstackException {
        withDomain(domid, r -> tuning.setTarget(r, targetKb));
    }

    @Override
    public void setMaxMemory(int domid, long maxKb) throws ToolstackException {
        withDomain(domid, r -> tuning.setMax(r, maxKb));
    }

    @Override
    public SchedParams schedParams(int domid) throws ToolstackException {
        if (domid != 0) { // dom0 is no domain the toolstack built, but Xen schedules it as any other
            registry.get(domid);
        }
        return callFor(() -> hv.schedParams(domid));
    }

    @Override
    public void setSchedParams(int domid, SchedParams params) throws ToolstackException {
        withDomain(domid, r -> tuning.setSched(r, params));
    }

    @Override
    public int poolRateLimitUs() {
        return hv.rateLimitUs();
    }

    @Override
    public void setPoolRateLimitUs(int us) throws ToolstackException {
        call(() -> hv.setRateLimitUs(us));
    }

    @Override
    public void attachDisk(int domid, DomainConfig.Disk disk) throws ToolstackException {
        withDomain(domid, r -> hotplug.attachDisk(r, disk));
    }

    @Override
    public void detachDisk(int domid, String vdev) throws ToolstackException {
        withDomain(domid, r -> hotplug.detachDisk(r, vdev));
    }

    @Override
    public int attachNic(int domid, DomainConfig.Nic nic) throws ToolstackException {
        int[] devid = new int[1];
        withDomain(domid, r -> devid[0] = hotplug.attachNic(r, nic));
        return devid[0];
    }

    @Override
    public void detachNic(int domid, int devid) throws ToolstackException {
        withDomain(domid, r -> hotplug.detachNic(r, devid));
    }

    @Override
    public List<DeviceStatus> devices(int domid, DeviceStatus.Kind kind) throws ToolstackException {
        if (domid != 0) { // dom0's own devices, none on a jxen host, are no domain the toolstack built
            registry.get(domid);
        }
        return devices.status(domid, kind);
    }

    /**
     * {@code xl save}: the domain is paused while its image is written (a simulated guest needs
     * no suspend handshake), then destroyed, or with {@code checkpoint} let run again.
     */
    @Override
    public void save(int domid, Path file, boolean checkpoint) throws ToolstackException {
        withDomain(domid, r -> {
            call(() -> hv.pause(domid)); // one pause more: Xen counts them, so the unpause leaves a paused domain paused
            try {
                saving.write(r, file);
            } catch (ToolstackException e) {
                call(() -> hv.unpause(domid));
                throw e;
            }
            if (!checkpoint) {
                destroyLocked(r);
            } else {
                call(() -> hv.unpause(domid));
            }
        });
    }

    /**
     * {@code xl restore}: the whole image is checked before anything is made; the domain is
     * created paused from the saved configuration (same UUID and name) or the one given, its
     * memory and vCPU affinities copied back, and unpaused unless asked not to be. A failure
     * destroys it again.
     */
    @Override
    public Domain restore(Path file, DomainConfig config, CreateOptions options) throws ToolstackException {
        handleDomainEvents();
        Saving.Header header = Saving.verify(file);
        DomainConfig saved = Configs.with(header.config(), "cInfo", Configs.with(header.config().cInfo(), "uuid",
                header.domain().uuid().toString()));
        DomainConfig given = config == null ? saved : RestoreConfig.merged(saved, config);
        Domain made = createFrom(given, options.paused(true), UUID.fromString(given.cInfo().uuid()));
        try {
            saving.read(file, made.domid());
            if (!options.paused()) {
                call(() -> hv.unpause(made.domid()));
            }
        } catch (ToolstackException | RuntimeException | Error e) { // whatever went wrong, no half-restored domain stays
            try {
                destroy(made.domid());
            } catch (ToolstackException undo) {
                e.addSuppressed(undo);
            }
            throw e;
        }
        return domain(made.domid());
    }

    @Override
    public PhysInfo host() {
        return hv.physInfo();
    }

    @Override
    public List<String> hypervisorLog() {
        return hv.consoleLog();
    }

    @Override
    public ConsoleOutput consoleOutput(int domid, long from) throws ToolstackException {
        registry.get(domid);
        return callFor(() -> consoles.output(domid, from));
    }

    @Override
    public int typeIntoConsole(int domid, byte[] bytes) throws ToolstackException {
        int[] typed = new int[1];
        withDomain(domid, r -> typed[0] = typing.type(r, bytes));
        return typed[0];
    }

    @Override
    public AutoCloseable subscribe(Consumer<ToolstackEvent> listener) {
        return events.subscribe(listener);
    }

    /**
     * Acts on what happened to domains since the last call: a guest that shut down gets its
     * {@code on_*} action, at once or, when another thread is working on that domain, at a later
     * call. Call it after the host has run; the toolstack's own waits call it.
     */
    public void handleDomainEvents() {
        for (int n = deferredShutdowns.size(); n > 0; n--) { // those deferred before this call: a still busy one goes back
            Shutdown s = deferredShutdowns.poll();
            if (s == null) {
                break;
            }
            carryOut(s);
        }
        for (var e = domainEvents.poll(); e.isPresent(); e = domainEvents.poll()) {
            if (e.get() instanceof DomainEvent.ShutDown(int domid, var reason)) {
                DomainRecord r = registry.find(domid);
                if (r != null && !r.destroying) {
                    actions.announce(r, reason);
                    carryOut(new Shutdown(r, reason));
                }
            }
        }
    }

    /** A guest's shutdown whose {@code on_*} action waits for another thread's operation on the domain. */
    private record Shutdown(DomainRecord domain, ShutdownReason reason) {
    }

    private void carryOut(Shutdown s) {
        if (!actions.carryOut(s.domain(), s.reason())) {
            deferredShutdowns.add(s);
        }
    }

    /**
     * Creates a domain again, as an {@code on_*} restart does, from its configuration as {@link
     * #config} retrieved it before the old one went (xl's {@code reload_domain_config}: what the
     * domain was given, with the memory, vCPUs and scheduling it had been changed to since), with
     * the old one's UUID.
     */
    Domain recreate(DomainConfig retrieved, UUID uuid) throws ToolstackException {
        return createFrom(Configs.with(retrieved, "cInfo", Configs.with(retrieved.cInfo(), "uuid", uuid.toString())),
                CreateOptions.DEFAULT, uuid);
    }

    /** A device's backend domain: dom0 when not named, else the domain of that name or number. */
    private int backendDomid(String name) throws ToolstackException {
        if (name == null || name.isEmpty()) {
            return 0;
        }
        if (name.matches("[0-9]{1,5}")) {
            return Integer.parseInt(name);
        }
        try {
            return domid(name);
        } catch (ToolstackException e) {
            throw new ToolstackException(ToolstackException.Kind.INVALID, "backend domain \"" + name
                    + "\" does not exist: name a running driver domain, or leave backend= out for dom0");
        }
    }

    long nowNs() {
        return time.nowNs();
    }

    Registry registry() {
        return registry;
    }

    @Override
    public void close() {
        domainEvents.close();
    }

    /** Work on one domain, under its lock. */
    private interface OnDomain {
        void run(DomainRecord r) throws ToolstackException;
    }

    private void withDomain(int domid, OnDomain work) throws ToolstackException {
        handleDomainEvents();
        DomainRecord r = registry.get(domid);
        r.lock.lock();
        try {
            if (registry.find(domid) != r) {
                throw ToolstackException.noSuchDomain(domid);
            }
            work.run(r);
        } finally {
            r.lock.unlock();
        }
    }

    /** A hypervisor call, its failure a ToolstackException. */
    interface HvCall {
        void run() throws HypervisorException;
    }

    interface HvQuery<T> {
        T run() throws HypervisorException;
    }

    static void call(HvCall c) throws ToolstackException {
        callFor(() -> {
            c.run();
            return null;
        });
    }

    static <T> T callFor(HvQuery<T> q) throws ToolstackException {
        try {
            return q.run();
        } catch (HypervisorException e) {
            throw new ToolstackException(switch (e.error()) {
                case org.jxen.hv.XenError.ESRCH -> ToolstackException.Kind.NO_SUCH_DOMAIN;
                case org.jxen.hv.XenError.EINVAL -> ToolstackException.Kind.INVALID;
                case org.jxen.hv.XenError.ENOMEM -> ToolstackException.Kind.NO_MEMORY;
                default -> ToolstackException.Kind.FAILED;
            }, e.getMessage());
        }
    }
}
