package org.jxen.cli.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.jxen.hv.BuildSpec;
import org.jxen.hv.DomainInfo;
import org.jxen.hv.HypervisorException;
import org.jxen.hv.SchedParams;
import org.jxen.hv.ShutdownReason;
import org.jxen.hv.sim.SimHost;
import org.jxen.hv.sim.SimMachine;
import org.jxen.hv.sim.SimTrace;
import org.jxen.toolstack.CreateOptions;
import org.jxen.toolstack.ToolstackEvent;
import org.jxen.toolstack.ToolstackException;
import org.jxen.toolstack.java.BootImages;
import org.jxen.toolstack.java.HostTime;
import org.jxen.toolstack.java.JavaToolstack;

/**
 * Runs a scenario on a simulated machine (the host and jxenstored in this process) with the
 * toolstack: each domain is created by the JavaToolstack from its xl.cfg (libxl's defaults, NUMA
 * placement, create order and rollback), paused, given its workload, then unpaused; the timed
 * events are applied in time order (file order among equal times), through the toolstack where a
 * toolstack does them and through the guest where a guest does (it powers off, it crashes); and the
 * report is gathered. A domain that does not fit is reported, not fatal: that is the answer to
 * "how many of these fit".
 */
public final class ScenarioRun {
    /** What the run knows about one domain of the scenario. */
    private static final class Tracked {
        final Scenario.Domain plan;
        Integer domid;
        long startedNs;
        Report.DomainResult last;
        String state = "not started";

        Tracked(Scenario.Domain plan) {
            this.plan = plan;
        }
    }

    private record Moment(long atNs, int order, String domain, Scenario.Action action) {
    }

    /** The simulated guests' kernel: the scenario's kernel paths name files of the host being planned, not this one. */
    private static final BuildSpec.Image SIMULATED_KERNEL = new BuildSpec.Image.Memory(new byte[] {0x7f, 'E', 'L', 'F'});

    private final Scenario scenario;
    private final SimMachine machine;
    private final SimHost host;
    private final JavaToolstack toolstack;
    private final Map<String, Tracked> domains = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    /** The domain being created by {@link #start}: its Created event is not a restart. */
    private Tracked creating;

    private ScenarioRun(Scenario scenario, SimTrace trace, Path socket) throws IOException, ScenarioException {
        this.scenario = scenario;
        this.machine = new SimMachine(scenario.host(), scenario.seed(), socket);
        this.host = machine.host();
        if (trace != null) {
            host.traceTo(trace);
        }
        HostTime time = HostTime.of(host::now, host::runUntil);
        long[] uuids = {0};
        BootImages images = path -> SIMULATED_KERNEL;
        this.toolstack = new JavaToolstack(host, machine.toolstackStore(), time, host::guestConsoleOutput,
                () -> new UUID(scenario.seed(), ++uuids[0]), new SplittableRandom(scenario.seed()), images,
                socket.resolveSibling("dump"));
        toolstack.subscribe(this::toolstackEvent);
        if (scenario.rateLimitUs() != null) {
            try {
                toolstack.setPoolRateLimitUs(scenario.rateLimitUs());
            } catch (ToolstackException e) {
                close();
                throw new ScenarioException("rate_limit_us: " + e.getMessage());
            }
        }
        scenario.domains().forEach(d -> domains.put(d.name(), new Tracked(d)));
    }

    /** Runs {@code scenario}; {@code trace}, if not null, receives the host's event trace. */
    public static Report run(Scenario scenario, SimTrace trace) throws ScenarioException {
        Path dir;
        try {
            dir = Files.createTempDirectory("jxsim");
        } catch (IOException e) {
            throw new ScenarioException("cannot make a directory for the simulated host's XenStore socket: "
                    + e.getMessage());
        }
        try {
            Path socket = dir.resolve("xenstored.sock");
            ScenarioRun run;
            try {
                run = new ScenarioRun(scenario, trace, socket);
            } catch (IOException e) {
                throw new ScenarioException("cannot start the simulated host's XenStore on " + socket + ": "
                        + e.getMessage());
            }
            try {
                return run.run();
            } finally {
                run.close();
            }
        } finally {
            deleteTree(dir);
        }
    }

    /** The run's scratch directory and what the run left in it: the XenStore socket, cores its coredump-* actions wrote. */
    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir, e);
        }
    }

    private void close() {
        toolstack.close();
        try {
            machine.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop the simulated host's XenStore", e);
        }
    }

    private Report run() {
        List<Moment> moments = new ArrayList<>();
        for (Tracked t : domains.values()) {
            if (t.plan.startNs() != null) {
                moments.add(new Moment(t.plan.startNs(), moments.size(), t.plan.name(), new Scenario.Action.Start()));
            }
        }
        for (Scenario.TimedEvent e : scenario.events()) {
            moments.add(new Moment(e.atNs(), moments.size(), e.domain(), e.action()));
        }
        moments.sort(Comparator.comparingLong(Moment::atNs).thenComparingInt(Moment::order));
        for (Moment m : moments) {
            runTo(m.atNs());
            apply(domains.get(m.domain()), m.action());
            toolstack.handleDomainEvents(); // a guest that powered off or crashed gets its on_* action
        }
        runTo(scenario.durationNs());
        return report();
    }

    /** Runs the host to {@code ns} (if it is not there already), then lets the toolstack act on what happened. */
    private void runTo(long ns) {
        if (ns > host.now()) {
            host.runFor(ns - host.now());
        }
        toolstack.handleDomainEvents();
    }

    private void apply(Tracked t, Scenario.Action action) {
        String name = t.plan.name();
        if (action instanceof Scenario.Action.Start) {
            if (t.domid != null) {
                note(name + " is already running; start skipped");
            } else {
                start(t);
            }
            return;
        }
        if (t.domid == null) {
            note(name + " is not running (" + t.state + "); " + describe(action) + " skipped");
            return;
        }
        int domid = t.domid;
        try {
            switch (action) {
                // the guest powers off; the toolstack's on_poweroff (destroy unless the config says otherwise) follows
                case Scenario.Action.Stop s -> host.shutdown(domid, ShutdownReason.POWEROFF);
                case Scenario.Action.Crash c -> host.crash(domid); // likewise, with on_crash
                case Scenario.Action.Destroy d -> {
                    String was = t.state;
                    t.state = "destroyed";
                    Report.DomainResult last = result(t);
                    try {
                        toolstack.destroy(domid);
                    } catch (ToolstackException e) {
                        t.state = was;
                        throw e;
                    }
                    t.last = last;
                }
                case Scenario.Action.Pause p -> toolstack.pause(domid);
                case Scenario.Action.Unpause u -> toolstack.unpause(domid);
                case Scenario.Action.SetWeight w -> toolstack.setSchedParams(domid,
                        new SchedParams.Credit2(w.weight(), credit2(domid).cap()));
                case Scenario.Action.SetCap c -> toolstack.setSchedParams(domid,
                        new SchedParams.Credit2(credit2(domid).weight(), c.cap()));
                case Scenario.Action.SetWorkload w -> setWorkload(domid, w.workload());
                // through XenStore, as xl does: the guest's balloon driver and CPU hot-plug act on them
                case Scenario.Action.SetMemory m -> toolstack.setMemoryTarget(domid, m.targetKb());
                case Scenario.Action.SetVcpus v -> toolstack.setOnlineVcpus(domid, v.online());
                case Scenario.Action.Start s -> throw new IllegalStateException("handled above");
            }
        } catch (HypervisorException | ToolstackException e) {
            note(name + ": " + describe(action) + " failed: " + e.getMessage());
        }
    }

    /**
     * {@code xl create -p}, the workload on every vCPU (the simulation's stand-in for what the
     * guest runs), then unpause. A create the toolstack refuses or cannot finish has been rolled
     * back by it; the domain is reported with the toolstack's reason.
     */
    private void start(Tracked t) {
        Scenario.Domain plan = t.plan;
        int domid;
        creating = t;
        try {
            domid = toolstack.create(plan.config(), CreateOptions.DEFAULT.paused(true)).domid();
        } catch (ToolstackException e) {
            t.state = (e.kind() == ToolstackException.Kind.NO_MEMORY ? "did not fit: " : "not created: ")
                    + e.getMessage();
            note(plan.name() + " not started: " + e.getMessage());
            return;
        } finally {
            creating = null;
        }
        try {
            guest(domid, plan);
            toolstack.unpause(domid);
        } catch (HypervisorException | ToolstackException e) {
            t.state = "setup failed: " + e.getMessage();
            note(plan.name() + " not started: " + e.getMessage());
            try {
                toolstack.destroy(domid);
            } catch (ToolstackException undo) {
                throw new IllegalStateException("domain " + domid + " could not be destroyed after its setup failed: "
                        + undo.getMessage(), undo);
            }
            return;
        }
        t.domid = domid;
        t.startedNs = host.now();
        t.state = "running";
        t.last = null; // started again after a stop: the new run is what is reported
    }

    /**
     * What the simulation stands in for in the guest of a new domain: the workload on every vCPU,
     * and only the vCPUs its {@code cpu/N/availability} marks online up. (A Linux guest brings up
     * only those; the simulated kernel reads them once it has booted, a second after unpause, so
     * until then it is told here.)
     */
    private void guest(int domid, Scenario.Domain plan) throws HypervisorException, ToolstackException {
        setWorkload(domid, plan.workload());
        int online = toolstack.config(domid).bInfo().availVcpus().size();
        if (online < host.domainInfo(domid).maxVcpus()) {
            host.guestSetOnlineVcpus(domid, online);
        }
    }

    private void setWorkload(int domid, org.jxen.hv.sim.Workload workload) throws HypervisorException {
        int vcpus = host.domainInfo(domid).maxVcpus();
        for (int v = 0; v < vcpus; v++) {
            host.setWorkload(domid, v, workload);
        }
    }

    /**
     * What the toolstack did on its own: a guest that shut down gets its final figures taken
     * (before the on_* action takes it away); a destroyed domain is gone; a domain created again
     * under a scenario name (on_*=restart) is that domain again, with its workload.
     */
    private void toolstackEvent(ToolstackEvent event) {
        switch (event) {
            case ToolstackEvent.ShutDown(int domid, ShutdownReason reason, String action) -> {
                Tracked t = tracking(domid);
                if (t != null) {
                    t.state = switch (reason) {
                        case POWEROFF -> "stopped";
                        case CRASH -> "crashed";
                        default -> "shut down (" + reason.name().toLowerCase(Locale.ROOT) + ")";
                    };
                    t.last = resultOrNull(t);
                    if (!action.equals("destroy")) {
                        note(t.plan.name() + " " + t.state + "; on_" + reason.name().toLowerCase(Locale.ROOT) + ": "
                                + action);
                    }
                }
            }
            case ToolstackEvent.Destroyed(int domid) -> {
                Tracked t = tracking(domid);
                if (t != null) {
                    t.domid = null;
                }
            }
            case ToolstackEvent.Created(int domid, String name, var uuid) -> {
                Tracked t = domains.get(name);
                if (t != null && t != creating && t.domid == null) {
                    t.domid = domid;
                    t.startedNs = host.now();
                    t.state = "running";
                    t.last = null;
                    note(name + " restarted as domain " + domid);
                    try {
                        guest(domid, t.plan);
                    } catch (HypervisorException | ToolstackException e) {
                        note(name + ": its workload could not be set after the restart: " + e.getMessage());
                    }
                }
            }
            default -> {
            }
        }
    }

    private Tracked tracking(int domid) {
        for (Tracked t : domains.values()) {
            if (t.domid != null && t.domid == domid) {
                return t;
            }
        }
        return null;
    }

    private SchedParams.Credit2 credit2(int domid) throws ToolstackException {
        return (SchedParams.Credit2) toolstack.schedParams(domid);
    }

    private Report.DomainResult resultOrNull(Tracked t) {
        try {
            return result(t);
        } catch (HypervisorException e) {
            return null;
        }
    }

    private Report.DomainResult result(Tracked t) throws HypervisorException {
        int domid = t.domid;
        DomainInfo info = host.domainInfo(domid);
        long wait = 0;
        for (int v = 0; v < info.maxVcpus(); v++) {
            wait += host.waitNs(domid, v);
        }
        String state = info.has(DomainInfo.Flag.PAUSED) ? "paused" : t.state;
        return new Report.DomainResult(t.plan.name(), domid, info.maxVcpus(), t.startedNs, host.now(),
                info.cpuTimeNs(), wait, host.memoryByNode(domid), state);
    }

    private Report report() {
        List<Report.DomainResult> results = new ArrayList<>();
        for (Tracked t : domains.values()) {
            try {
                // a domain shut down (and kept, as on_*=preserve keeps it) keeps the figures of when it stopped
                results.add(t.domid != null && t.last == null ? result(t) : t.last != null ? t.last
                        : new Report.DomainResult(t.plan.name(), null, t.plan.maxVcpus(), 0, 0, 0, 0, Map.of(),
                                t.state));
            } catch (HypervisorException e) {
                throw new IllegalStateException("domain " + t.domid + " vanished before the report", e);
            }
        }
        int cpus = scenario.host().cpus();
        long idle = 0;
        for (int c = 0; c < cpus; c++) {
            idle += host.idleNs(c);
        }
        double busy = 100.0 * (1 - (double) idle / ((double) cpus * scenario.durationNs()));
        return new Report(scenario.host().name(), cpus, scenario.durationNs(), busy, results, notes);
    }

    private void note(String text) {
        notes.add(String.format(Locale.ROOT, "%.3f s: %s", host.now() / 1e9, text));
    }

    private static String describe(Scenario.Action action) {
        return action.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
    }
}
