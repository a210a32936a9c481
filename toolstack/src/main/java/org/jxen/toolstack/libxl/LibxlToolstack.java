package org.jxen.toolstack.libxl;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jxen.config.ConfigException;
import org.jxen.config.DomainConfig;
import org.jxen.config.DomainConfigJson;
import org.jxen.hv.ConsoleOutput;
import org.jxen.hv.DomainInfo;
import org.jxen.hv.PhysInfo;
import org.jxen.hv.SchedParams;
import org.jxen.hv.ShutdownReason;
import org.jxen.hv.VcpuInfo;
import org.jxen.toolstack.CoreFiles;
import org.jxen.toolstack.CreateOptions;
import org.jxen.toolstack.CreateStep;
import org.jxen.toolstack.DeviceListing;
import org.jxen.toolstack.DeviceStatus;
import org.jxen.toolstack.Domain;
import org.jxen.toolstack.EventBus;
import org.jxen.toolstack.Limits;
import org.jxen.toolstack.OnShutdown;
import org.jxen.toolstack.RestoreConfig;
import org.jxen.toolstack.ShutdownRequest;
import org.jxen.toolstack.Toolstack;
import org.jxen.toolstack.ToolstackEvent;
import org.jxen.toolstack.ToolstackException;
import org.jxen.toolstack.ToolstackException.Kind;
import org.jxen.toolstack.XenStoreData;
import org.jxen.xen.Libxl;
import org.jxen.xen.LibxlException;
import org.jxen.xenstore.client.XsClient;

/**
 * The {@link Toolstack} on real Xen: libxl itself does the work, fed the libxl JSON the config
 * module writes ({@code xl -N create}'s, byte for byte), so every guest type and device libxl
 * supports works. What xl does around libxl is done here as xl does it: the domain is created
 * paused, its console attached, then unpaused; saves carry xl's header ({@code xl restore} reads
 * them, and jxen reads xl's); the {@code on_*} actions are carried out on libxl's shutdown events
 * for the domains this toolstack created (those {@code xl create} made have xl's own monitor).
 * Device states are read from XenStore, where libxl records them.
 */
public final class LibxlToolstack implements Toolstack {
    private static final Logger LOG = Logger.getLogger(LibxlToolstack.class.getName());
    private static final Duration CONSOLE_WAIT = Duration.ofSeconds(3);
    private static final long POLL_MS = 50;
    private static final int POOL_0 = 0;
    private static final DateTimeFormatter PRESERVED_SUFFIX = DateTimeFormatter.ofPattern("-yyyyMMdd'T'HHmm'Z'")
            .withZone(ZoneOffset.UTC);

    private final Libxl libxl;
    private final XsClient xs;
    private final EventBus events = new EventBus();
    private final TtyConsoles consoles = new TtyConsoles();
    private final Ownership ownership;
    private final Map<Integer, MemorySegment> deathWatches = new ConcurrentHashMap<>();
    /** Domains whose end was reported, so that a destroy and libxl's death event report it once. */
    private final Set<Integer> gone = ConcurrentHashMap.newKeySet();
    private final Map<Integer, Object> locks = new ConcurrentHashMap<>();
    /** Every domain reported created (or there at start) and not yet gone. */
    private final Set<Integer> known = ConcurrentHashMap.newKeySet();
    /** Creates and restores under way here. */
    private final AtomicInteger creating = new AtomicInteger();
    /** Domains whose last shutdown's {@code on_*} action is done (a shutdown with a wait waits for it). */
    private final Set<Integer> actedOn = ConcurrentHashMap.newKeySet();
    /** Fields of libxl's stored configurations the model does not hold, logged once each. */
    private final Set<String> unmodelled = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private LibxlToolstack(Libxl libxl, XsClient xs, Ownership ownership) {
        this.libxl = libxl;
        this.xs = xs;
        this.ownership = ownership;
    }

    /** Opens libxl and XenStore (at {@code xenstoreSocket}) in dom0 and watches the domains already there. */
    public static LibxlToolstack open(Path xenstoreSocket) throws IOException {
        Libxl libxl = Libxl.open();
        XsClient xs;
        try {
            xs = XsClient.connect(xenstoreSocket);
        } catch (IOException | RuntimeException e) {
            libxl.close();
            throw e;
        }
        Map<Integer, UUID> there = new HashMap<>();
        for (String json : libxl.listDomains()) {
            DomainInfo info = LibxlViews.domainInfo(json);
            there.put(info.domid(), info.handle());
        }
        // watched after the ownership is known: libxl reports a domain that shut down meanwhile as it is watched
        LibxlToolstack t = new LibxlToolstack(libxl, xs, Ownership.load(xs, there));
        for (int domid : there.keySet()) {
            t.known.add(domid);
            if (domid != 0) {
                t.watch(domid);
            }
        }
        Thread.ofPlatform().daemon().name("libxl-events").start(t::pumpEvents);
        // xenstored fires @introduceDomain for every domain a toolstack builds: here or xl's
        xs.watch("@introduceDomain", "jxen-libxl", e -> Thread.ofVirtual().start(t::noticeNewDomains));
        return t;
    }

    /**
     * Domains made outside this toolstack (by {@code xl create}) are reported as created and
     * watched, once; not while a create here is under way, whose domain is this toolstack's to report.
     */
    private synchronized void noticeNewDomains() {
        if (creating.get() > 0 || closed) {
            return;
        }
        try {
            for (String json : libxl.listDomains()) {
                DomainInfo info = LibxlViews.domainInfo(json);
                if (info.state() != DomainInfo.State.DYING && known.add(info.domid())) {
                    watch(info.domid());
                    gone.remove(info.domid());
                    events.emit(new ToolstackEvent.Created(info.domid(), libxl.domainName(info.domid()), info.handle()));
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cannot list the domains to find new ones", e);
        }
    }

    private Object lock(int domid) {
        return locks.computeIfAbsent(domid, d -> new Object());
    }

    // ------------------------------------------------------------------------------------ create

    @Override
    public Domain create(DomainConfig config, CreateOptions options) throws ToolstackException {
        XenStoreData.check(config.cInfo());
        String name = config.cInfo().name();
        if (name != null && nameTaken(name, -1)) {
            throw new ToolstackException(Kind.DUPLICATE_NAME, CreateStep.DEFAULTS, "Domain with name \"" + name
                    + "\" already exists.", null);
        }
        return build(() -> libxl.createDomain(DomainConfigJson.write(config)), null, options);
    }

    /**
     * Has libxl build a domain ({@code make} returns its domid) and starts it; libxl's failure is
     * {@code failure}'s kind (null: the kind its error code says). New domains seen meanwhile are
     * this create's, so they are looked for only after it.
     */
    private Domain build(IntSupplier make, Kind failure, CreateOptions options) throws ToolstackException {
        creating.incrementAndGet();
        try {
            int domid;
            try {
                domid = make.getAsInt();
            } catch (LibxlException e) {
                throw new ToolstackException(failure == null ? kind(e) : failure, CreateStep.CREATE, e.getMessage(), e);
            }
            return started(domid, libxl.domainName(domid), options);
        } finally {
            creating.decrementAndGet();
            // domains xl made meanwhile (their @introduceDomain came while this create was under way), off the caller's time
            Thread.ofVirtual().start(this::noticeNewDomains);
        }
    }

    /** A domain libxl has just built (paused): watched, its console attached, unpaused unless asked not to. */
    private Domain started(int domid, String name, CreateOptions options) throws ToolstackException {
        gone.remove(domid);
        actedOn.remove(domid);
        known.add(domid);
        UUID uuid = info(domid).handle();
        ownership.take(domid, uuid);
        try {
            watch(domid);
            // xenconsoled has usually made the pty by now; if not, the guest is not held back for it (xl create
            // is not): xenconsoled keeps what the guest prints until the pty is read
            if (!attachConsole(domid)) {
                Thread.ofVirtual().name("console-wait-" + domid).start(() -> attachConsoleWithin(domid, CONSOLE_WAIT));
            }
            if (!options.paused()) {
                libxl.unpause(domid);
            }
        } catch (LibxlException e) {
            destroyQuietly(domid);
            throw new ToolstackException(kind(e), CreateStep.UNPAUSE, e.getMessage(), e);
        }
        events.emit(new ToolstackEvent.Created(domid, name, uuid));
        if (!options.paused() && !options.awaitFrontends().isZero()) {
            awaitFrontends(domid, options.awaitFrontends());
        }
        return domain(domid);
    }

    private void awaitFrontends(int domid, Duration timeout) throws ToolstackException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<DeviceStatus> waiting = new ArrayList<>();
            for (DeviceStatus.Kind k : List.of(DeviceStatus.Kind.VBD, DeviceStatus.Kind.VIF)) {
                DeviceListing.read(xs, domid, k).stream().filter(d -> d.frontendState() != DeviceStatus.CONNECTED)
                        .forEach(waiting::add);
            }
            if (waiting.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                DeviceStatus d = waiting.getFirst();
                throw new ToolstackException(Kind.TIMEOUT, CreateStep.FRONTENDS, "the guest's " + d.kind().dir() + " "
                        + d.devid() + " frontend did not connect within " + timeout.toSeconds() + " s (state "
                        + d.frontendState() + ")", null);
            }
            sleep();
        }
    }

    /** Reads the console once xenconsoled has made its pty; a host without xenconsoled runs guests without one. */
    private void attachConsoleWithin(int domid, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!attachConsole(domid)) {
            if (System.nanoTime() > deadline || !known.contains(domid)) {
                LOG.warning("domain " + domid + " has no console pty after " + wait.toSeconds()
                        + " s: is xenconsoled running? Its console is not shown.");
                return;
            }
            sleep();
        }
    }

    /** Starts reading the domain's console if xenconsoled has made its pty; whether it has. */
    private boolean attachConsole(int domid) {
        Path pty = libxl.consoleTty(domid);
        if (pty == null) {
            return false;
        }
        try {
            consoles.attach(domid, pty);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "domain " + domid + "'s console " + pty + " cannot be read", e);
        }
        return true;
    }

    private boolean nameTaken(String name, int except) {
        for (String json : libxl.listDomains()) {
            int d = LibxlViews.domainInfo(json).domid();
            if (d != except && name.equals(libxl.domainName(d))) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------------------------ lifecycle

    @Override
    public void destroy(int domid) throws ToolstackException {
        synchronized (lock(domid)) {
            mustExist(domid);
            call(() -> libxl.destroy(domid));
            ended(domid);
        }
    }

    private void destroyQuietly(int domid) {
        try {
            libxl.destroy(domid);
        } catch (LibxlException e) {
            LOG.log(Level.WARNING, "domain " + domid + " could not be destroyed after a failed create", e);
        }
        ended(domid);
    }

    /** The domain is gone: its console, its watch and its ownership go; reported once. */
    private void ended(int domid) {
        consoles.detach(domid);
        ownership.release(domid);
        known.remove(domid);
        MemorySegment watch = deathWatches.remove(domid);
        if (watch != null) {
            libxl.disableDeathEvents(watch);
        }
        if (gone.add(domid)) {
            events.emit(new ToolstackEvent.Destroyed(domid));
        }
    }

    @Override
    public void shutdown(int domid, ShutdownRequest request, Duration wait) throws ToolstackException {
        synchronized (lock(domid)) {
            domain(domid);
            try {
                switch (request) {
                    case POWEROFF -> libxl.shutdown(domid);
                    case REBOOT -> libxl.reboot(domid);
                    // libxl has no call for these: xl writes control/shutdown as libxl does
                    case HALT, SUSPEND -> xs.write("/local/domain/" + domid + "/control/shutdown", request.word());
                }
            } catch (LibxlException e) {
                if (e.code() == -10) { // ERROR_NOPARAVIRT
                    throw new ToolstackException(Kind.INVALID, "PV control interface not available:"
                            + " external graceful shutdown not possible.");
                }
                if (e.code() == LibxlException.ERROR_TIMEDOUT) { // libxl's 60 s wait for the guest's acknowledgement
                    throw new ToolstackException(Kind.UNACKNOWLEDGED, null, e.getMessage(), e);
                }
                throw failure(e);
            }
        }
        if (!wait.isZero()) {
            awaitShutdown(domid, wait);
        }
    }

    @Override
    public void awaitShutdown(int domid, Duration wait) throws ToolstackException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!shutDownAndActedOn(domid)) {
            if (System.nanoTime() > deadline) {
                throw ToolstackException.notShutDown(domid, wait);
            }
            sleep();
        }
    }

    /** Gone, or shut down with its {@code on_*} action (if it is this toolstack's to carry out) done. */
    private boolean shutDownAndActedOn(int domid) {
        try {
            boolean alive = LibxlViews.domainInfo(libxl.domainInfo(domid)).state() == DomainInfo.State.ALIVE;
            return !alive && (!ownership.owns(domid) || actedOn.contains(domid));
        } catch (LibxlException e) {
            return true;
        }
    }

    @Override
    public void pause(int domid) throws ToolstackException {
        mustExist(domid);
        call(() -> libxl.pause(domid));
        events.emit(new ToolstackEvent.Paused(domid));
    }

    @Override
    public void unpause(int domid) throws ToolstackException {
        mustExist(domid);
        call(() -> libxl.unpause(domid));
        if (!domain(domid).info().has(DomainInfo.Flag.PAUSED)) { // Xen counts pauses: one may be left
            events.emit(new ToolstackEvent.Unpaused(domid));
        }
    }

    @Override
    public void rename(int domid, String newName) throws ToolstackException {
        synchronized (lock(domid)) {
            domain(domid);
            if (nameTaken(newName, domid)) {
                throw new ToolstackException(Kind.DUPLICATE_NAME, "Domain with name \"" + newName + "\" already exists.");
            }
            call(() -> libxl.rename(domid, newName));
        }
        events.emit(new ToolstackEvent.Renamed(domid, newName));
    }

    @Override
    public void dumpCore(int domid, Path file) throws ToolstackException {
        mustExist(domid);
        call(() -> libxl.coreDump(domid, file));
    }

    @Override
    public void sendSysrq(int domid, char key) throws ToolstackException {
        Toolstack.requireSysrqKey(key);
        mustExist(domid);
        call(() -> libxl.sendSysrq(domid, key));
    }

    // ------------------------------------------------------------------------------------ observation

    @Override
    public List<Domain> list() {
        List<Domain> out = new ArrayList<>();
        for (String json : libxl.listDomains()) {
            DomainInfo info = LibxlViews.domainInfo(json);
            if (info.state() != DomainInfo.State.DYING) {
                out.add(domain(info));
            }
        }
        return out;
    }

    private Domain domain(DomainInfo info) {
        String name = libxl.domainName(info.domid());
        return new Domain(info.domid(), name == null ? "" : name, info.handle(), info, createdNs(info));
    }

    /** When libxl built the domain ({@code /vm/UUID/start_time}, wall clock); dom0 since the host booted. */
    private long createdNs(DomainInfo info) {
        String start = info.domid() == 0 ? null : xs.readOrNull("/vm/" + info.handle() + "/start_time");
        if (start == null) {
            return info.domid() == 0 ? HostClock.bootNs() : HostClock.nowNs();
        }
        try {
            return Math.round(Double.parseDouble(start.strip()) * 1e9);
        } catch (NumberFormatException e) {
            return HostClock.nowNs();
        }
    }

    @Override
    public Domain domain(int domid) throws ToolstackException {
        return domain(info(domid));
    }

    /** libxl answers ERROR_FAIL, not ERROR_DOMAIN_NOTFOUND, to most calls on a domain that is not there. */
    private void mustExist(int domid) throws ToolstackException {
        info(domid);
    }

    private DomainInfo info(int domid) throws ToolstackException {
        try {
            return LibxlViews.domainInfo(libxl.domainInfo(domid));
        } catch (LibxlException e) {
            throw e.code() == LibxlException.ERROR_DOMAIN_NOTFOUND ? ToolstackException.noSuchDomain(domid) : failure(e);
        }
    }

    @Override
    public int domid(String name) throws ToolstackException {
        for (Domain d : list()) {
            if (d.name().equals(name)) {
                return d.domid();
            }
        }
        throw new ToolstackException(Kind.NO_SUCH_DOMAIN, "'" + name + "' is an invalid domain identifier (rc=-6)");
    }

    /** libxl's configuration of the domain; what it holds that the model does not (libxl's runtime additions) is logged once. */
    @Override
    public DomainConfig config(int domid) throws ToolstackException {
        return read(configJson(domid), domid);
    }

    private DomainConfig read(String json, int domid) throws ToolstackException {
        List<String> unknown = new ArrayList<>();
        try {
            DomainConfig c = DomainConfigJson.readRunning(json, unknown);
            if (!unknown.isEmpty() && unmodelled.addAll(unknown)) {
                LOG.info("libxl's configuration of domain " + domid + " has fields jxen does not model yet, left out: "
                        + String.join(", ", unknown));
            }
            return c;
        } catch (ConfigException e) {
            throw new ToolstackException(Kind.FAILED, "domain " + domid + "'s configuration, as libxl keeps it, cannot be"
                    + " read: " + e.getMessage());
        }
    }

    private String configJson(int domid) throws ToolstackException {
        info(domid);
        String[] json = new String[1];
        call(() -> json[0] = libxl.domainConfig(domid));
        return json[0];
    }

    @Override
    public List<VcpuInfo> vcpus(int domid) throws ToolstackException {
        info(domid);
        List<VcpuInfo> out = new ArrayList<>();
        call(() -> libxl.listVcpus(domid).forEach(json -> out.add(LibxlViews.vcpuInfo(json))));
        return out;
    }

    @Override
    public void setOnlineVcpus(int domid, int count) throws ToolstackException {
        int max = info(domid).maxVcpus();
        Limits.onlineVcpus(count, max);
        BitSet online = new BitSet();
        online.set(0, count);
        call(() -> libxl.setOnlineVcpus(domid, online, max));
        events.emit(new ToolstackEvent.Changed(domid, "vcpus"));
    }

    @Override
    public void pinVcpu(int domid, int vcpu, Set<Integer> hard, Set<Integer> soft) throws ToolstackException {
        Limits.vcpu(domid, vcpu, info(domid).maxVcpus());
        int cpus = host().cpus();
        Limits.hostCpus(hard, cpus);
        Limits.hostCpus(soft, cpus);
        call(() -> libxl.setVcpuAffinity(domid, vcpu, bits(hard), bits(soft), cpus));
        events.emit(new ToolstackEvent.Changed(domid, "affinity"));
    }

    /** {@code memory/static-max} or {@code memory/target} as libxl wrote them for the domain, in KiB. */
    private long memoryKb(int domid, String node) throws ToolstackException {
        String kb = xs.readOrNull("/local/domain/" + domid + "/memory/" + node);
        if (kb == null) {
            throw new ToolstackException(Kind.FAILED, "domain " + domid + " has no memory/" + node + " in XenStore");
        }
        return Long.parseLong(kb.strip());
    }

    private static BitSet bits(Set<Integer> set) {
        if (set == null) {
            return null;
        }
        BitSet b = new BitSet();
        set.forEach(b::set);
        return b;
    }

    @Override
    public void setMemoryTarget(int domid, long targetKb) throws ToolstackException {
        mustExist(domid);
        Limits.memoryTarget(targetKb, memoryKb(domid, "static-max"));
        call(() -> libxl.setMemoryTarget(domid, targetKb));
        events.emit(new ToolstackEvent.Changed(domid, "memory"));
    }

    @Override
    public void setMaxMemory(int domid, long maxKb) throws ToolstackException {
        mustExist(domid);
        Limits.maxMemory(maxKb, memoryKb(domid, "target"));
        call(() -> libxl.setMaxMemory(domid, maxKb));
        events.emit(new ToolstackEvent.Changed(domid, "memory"));
    }

    @Override
    public SchedParams schedParams(int domid) throws ToolstackException {
        mustExist(domid);
        String[] json = new String[1];
        call(() -> json[0] = libxl.schedParams(domid));
        return LibxlViews.schedParams(json[0]);
    }

    @Override
    public void setSchedParams(int domid, SchedParams params) throws ToolstackException {
        int vcpus = info(domid).maxVcpus();
        SchedParams now = schedParams(domid);
        if (now.getClass() != params.getClass()) {
            throw new ToolstackException(Kind.INVALID, "domain " + domid + "'s CPU pool runs another scheduler: its"
                    + " parameters are " + now);
        }
        if (params instanceof SchedParams.Credit2 c) {
            Limits.cap(c.cap(), vcpus);
        }
        call(() -> libxl.setSchedParams(domid, LibxlViews.schedParamsJson(params)));
        events.emit(new ToolstackEvent.Changed(domid, "scheduler"));
    }

    @Override
    public int poolRateLimitUs() {
        return libxl.credit2RateLimitUs(POOL_0);
    }

    @Override
    public void setPoolRateLimitUs(int us) throws ToolstackException {
        call(() -> libxl.setCredit2RateLimitUs(POOL_0, us));
    }

    // ------------------------------------------------------------------------------------ devices

    @Override
    public void attachDisk(int domid, DomainConfig.Disk disk) throws ToolstackException {
        info(domid);
        call(() -> libxl.addDisk(domid, DomainConfigJson.device(disk)));
        for (DeviceStatus d : DeviceListing.read(xs, domid, DeviceStatus.Kind.VBD)) {
            if (d.identity().equals(disk.vdev())) {
                events.emit(new ToolstackEvent.DeviceConnected(domid, DeviceStatus.Kind.VBD, d.devid()));
            }
        }
    }

    @Override
    public void detachDisk(int domid, String vdev) throws ToolstackException {
        info(domid);
        int devid = Limits.vdev(vdev);
        List<DeviceStatus> before = DeviceListing.read(xs, domid, DeviceStatus.Kind.VBD);
        if (before.stream().noneMatch(d -> d.devid() == devid)) {
            throw Limits.notConnected(vdev);
        }
        call(() -> libxl.removeDisk(domid, vdev));
        before.stream().filter(d -> d.identity().equals(vdev)).forEach(d ->
                events.emit(new ToolstackEvent.DeviceDisconnected(domid, DeviceStatus.Kind.VBD, d.devid())));
    }

    @Override
    public int attachNic(int domid, DomainConfig.Nic nic) throws ToolstackException {
        info(domid);
        int[] devid = new int[1];
        call(() -> devid[0] = libxl.addNic(domid, DomainConfigJson.device(nic)));
        events.emit(new ToolstackEvent.DeviceConnected(domid, DeviceStatus.Kind.VIF, devid[0]));
        return devid[0];
    }

    @Override
    public void detachNic(int domid, int devid) throws ToolstackException {
        info(domid);
        if (DeviceListing.read(xs, domid, DeviceStatus.Kind.VIF).stream().noneMatch(d -> d.devid() == devid)) {
            throw Limits.notConnected(Integer.toString(devid));
        }
        call(() -> libxl.removeNic(domid, devid));
        events.emit(new ToolstackEvent.DeviceDisconnected(domid, DeviceStatus.Kind.VIF, devid));
    }

    @Override
    public List<DeviceStatus> devices(int domid, DeviceStatus.Kind kind) throws ToolstackException {
        info(domid);
        return DeviceListing.read(xs, domid, kind);
    }

    // ------------------------------------------------------------------------------------ save, restore

    @Override
    public void save(int domid, Path file, boolean checkpoint) throws ToolstackException {
        synchronized (lock(domid)) {
            byte[] header = XlSaveHeader.write(configJson(domid));
            call(() -> libxl.suspendTo(domid, file, header));
            if (checkpoint) {
                call(() -> libxl.resume(domid));
            } else {
                call(() -> libxl.destroy(domid));
                ended(domid);
            }
        }
    }

    @Override
    public Domain restore(Path file, DomainConfig config, CreateOptions options) throws ToolstackException {
        XlSaveHeader header = XlSaveHeader.read(file);
        String json = config == null ? header.configJson() : givenConfig(file, header, config);
        String name = LibxlViews.parse(json).path("c_info").path("name").asText(null);
        if (name != null && nameTaken(name, -1)) {
            throw new ToolstackException(Kind.DUPLICATE_NAME, CreateStep.DEFAULTS, "Domain with name \"" + name
                    + "\" already exists.", null);
        }
        return build(() -> libxl.restoreDomain(json, file, header.streamOffset(), header.streamVersion()),
                Kind.BAD_IMAGE, options);
    }

    /** The JSON to restore with when the caller gives a config: it, completed from the image's. */
    private static String givenConfig(Path file, XlSaveHeader header, DomainConfig config) throws ToolstackException {
        XenStoreData.check(config.cInfo());
        DomainConfig saved;
        try {
            saved = DomainConfigJson.readRunning(header.configJson(), new ArrayList<>());
        } catch (ConfigException e) {
            throw new ToolstackException(Kind.BAD_IMAGE, "the configuration saved in " + file + " cannot be read: "
                    + e.getMessage());
        }
        return DomainConfigJson.write(RestoreConfig.merged(saved, config));
    }

    // ------------------------------------------------------------------------------------ host, consoles, events

    @Override
    public PhysInfo host() {
        return LibxlViews.physInfo(libxl.physinfo(), libxl.numaNodes(), libxl.cpuTopology());
    }

    /** Xen's version as {@code xl info} prints {@code xen_version} ({@code 4.17.3}, say). */
    public String xenVersion() {
        var v = LibxlViews.parse(libxl.versionInfo());
        return v.path("xen_version_major").asInt() + "." + v.path("xen_version_minor").asInt()
                + v.path("xen_version_extra").asText("");
    }

    @Override
    public List<String> hypervisorLog() {
        return libxl.hypervisorLog();
    }

    @Override
    public ConsoleOutput consoleOutput(int domid, long from) throws ToolstackException {
        attachAdopted(domid);
        return consoles.output(domid, from);
    }

    @Override
    public int typeIntoConsole(int domid, byte[] bytes) throws ToolstackException {
        attachAdopted(domid);
        return consoles.type(domid, bytes);
    }

    /** A domain this toolstack did not create has its console read from the first time it is asked for. */
    private void attachAdopted(int domid) throws ToolstackException {
        info(domid);
        if (!consoles.attached(domid)) {
            attachConsole(domid);
        }
    }

    @Override
    public AutoCloseable subscribe(Consumer<ToolstackEvent> listener) {
        return events.subscribe(listener);
    }

    private void watch(int domid) {
        deathWatches.computeIfAbsent(domid, libxl::enableDeathEvents);
    }

    /** libxl's event loop: shutdowns get their {@code on_*} action, deaths are reported. */
    private void pumpEvents() {
        while (!closed) {
            try {
                Libxl.Event e = libxl.waitForEvent();
                switch (e.kind()) {
                    case SHUTDOWN -> Thread.ofVirtual().name("on-shutdown-" + e.domid())
                            .start(() -> shutDown(e.domid(), LibxlViews.shutdownReason(e.shutdownReason())));
                    case DEATH -> ended(e.domid());
                    case OTHER -> {
                    }
                }
            } catch (RuntimeException ex) {
                LOG.log(Level.WARNING, "libxl's event loop failed; it goes on", ex);
                sleep();
            }
        }
    }

    /** As xl's {@code handle_domain_death}: the config's action for the reason, for the domains this toolstack owns. */
    private void shutDown(int domid, ShutdownReason reason) {
        if (reason == null) {
            return;
        }
        synchronized (lock(domid)) {
            // a suspend is a save's (or a guest's own, left for resume): no action, and no config to read as the save destroys it
            if (!ownership.owns(domid) || reason == ShutdownReason.SUSPEND) {
                events.emit(new ToolstackEvent.ShutDown(domid, reason, "none"));
                return;
            }
            try {
                String json = configJson(domid);
                DomainConfig.Action action = OnShutdown.action(read(json, domid), reason);
                events.emit(new ToolstackEvent.ShutDown(domid, reason, OnShutdown.word(action)));
                carryOut(domid, action, json);
            } catch (ToolstackException | RuntimeException e) {
                LOG.log(Level.WARNING, "domain " + domid + "'s on_" + reason.name().toLowerCase(Locale.ROOT)
                        + " action failed", e);
                events.emit(new ToolstackEvent.Changed(domid, "on_" + reason.name().toLowerCase(Locale.ROOT)
                        + " action failed: " + e.getMessage()));
            } finally {
                actedOn.add(domid);
            }
        }
    }

    private void carryOut(int domid, DomainConfig.Action action, String json) throws ToolstackException {
        if (action == null || action == DomainConfig.Action.PRESERVE) {
            return;
        }
        if (action == DomainConfig.Action.RESTART_RENAME) {
            // as xl: the old domain stays, shut down, under a new name; the new one has the config's name and UUID
            JsonNode createInfo = LibxlViews.parse(json).path("c_info");
            String suffix = PRESERVED_SUFFIX.format(Instant.now());
            call(() -> libxl.preserve(domid, createInfo.toString(), suffix, UUID.randomUUID()));
            ownership.release(domid); // as xl stops watching the kept one: its end is for whoever ends it
            events.emit(new ToolstackEvent.Renamed(domid, createInfo.path("name").asText() + suffix));
            recreate(json);
            return;
        }
        if (action == DomainConfig.Action.COREDUMP_DESTROY || action == DomainConfig.Action.COREDUMP_RESTART) {
            dumpCore(domid);
        }
        call(() -> libxl.destroy(domid));
        ended(domid);
        if (action != DomainConfig.Action.DESTROY && action != DomainConfig.Action.COREDUMP_DESTROY) {
            recreate(json);
        }
    }

    /**
     * As xl: the core goes to {@code XEN_DUMP_DIR/NAME} ({@link CoreFiles}); a dump that fails is
     * logged, and the action goes on.
     */
    private void dumpCore(int domid) {
        String name = libxl.domainName(domid);
        Path core = CoreFiles.XEN_DUMP_DIR.resolve(name);
        try {
            libxl.coreDump(domid, CoreFiles.in(CoreFiles.XEN_DUMP_DIR, name));
            LOG.info("domain " + domid + ": core dumped to " + core);
        } catch (IOException | LibxlException e) {
            LOG.warning("domain " + domid + ": core dump to " + core + " failed: " + e.getMessage());
        }
    }

    private void recreate(String json) throws ToolstackException {
        build(() -> libxl.createDomain(json), null, CreateOptions.DEFAULT);
    }

    // ------------------------------------------------------------------------------------ plumbing

    private interface LibxlCall {
        void run();
    }

    private static void call(LibxlCall c) throws ToolstackException {
        try {
            c.run();
        } catch (LibxlException e) {
            throw failure(e);
        }
    }

    private static ToolstackException failure(LibxlException e) {
        return new ToolstackException(kind(e), null, e.getMessage(), e);
    }

    private static Kind kind(LibxlException e) {
        return switch (e.code()) {
            case LibxlException.ERROR_DOMAIN_NOTFOUND -> Kind.NO_SUCH_DOMAIN;
            case LibxlException.ERROR_INVAL -> Kind.INVALID;
            case LibxlException.ERROR_NOTFOUND -> Kind.NO_SUCH_DEVICE;
            case LibxlException.ERROR_TIMEDOUT, LibxlException.ERROR_GUEST_TIMEDOUT -> Kind.TIMEOUT;
            case -5 -> Kind.NO_MEMORY;
            case -17 -> Kind.DEVICE_EXISTS;
            default -> Kind.FAILED;
        };
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        closed = true;
        consoles.close();
        try {
            xs.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "closing the XenStore connection", e);
        }
        // libxl's context stays: the event thread may be waiting in it, and libxl cannot wake it (Libxl#close)
    }
}
