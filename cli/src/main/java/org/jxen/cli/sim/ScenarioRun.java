package org.jxen.cli.sim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jxen.hv.BuildSpec;
import org.jxen.hv.DomainInfo;
import org.jxen.hv.HypervisorException;
import org.jxen.hv.SchedParams;
import org.jxen.hv.ShutdownReason;
import org.jxen.hv.sim.SimHost;
import org.jxen.hv.sim.SimTrace;

/**
 * Runs a scenario on a simulated host: starts each domain as a toolstack would (create, affinity,
 * scheduling parameters, online vCPUs, workload, unpause), applies the timed events in time order
 * (file order among equal times), and gathers the report. A domain that does not fit is reported,
 * not fatal: that is the answer to "how many of these fit".
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
    private final SimHost host;
    private final Map<String, Tracked> domains = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();

    private ScenarioRun(Scenario scenario, SimTrace trace) throws ScenarioException {
        this.scenario = scenario;
        this.host = new SimHost(scenario.host(), scenario.seed());
        if (trace != null) {
            host.traceTo(trace);
        }
        if (scenario.rateLimitUs() != null) {
            try {
                host.setRateLimitUs(scenario.rateLimitUs());
            } catch (HypervisorException e) {
                throw new ScenarioException("rate_limit_us: " + e.getMessage());
            }
        }
        scenario.domains().forEach(d -> domains.put(d.name(), new Tracked(d)));
    }

    /** Runs {@code scenario}; {@code trace}, if not null, receives the host's event trace. */
    public static Report run(Scenario scenario, SimTrace trace) throws ScenarioException {
        return new ScenarioRun(scenario, trace).run();
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
            host.runFor(m.atNs() - host.now());
            apply(domains.get(m.domain()), m.action());
        }
        host.runFor(scenario.durationNs() - host.now());
        return report();
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
                case Scenario.Action.Stop s -> {
                    host.shutdown(domid, ShutdownReason.POWEROFF);
                    end(t, "stopped");
                }
                case Scenario.Action.Destroy d -> end(t, "destroyed");
                case Scenario.Action.Crash c -> {
                    host.crash(domid);
                    end(t, "crashed");
                }
                case Scenario.Action.Pause p -> host.pause(domid);
                case Scenario.Action.Unpause u -> host.unpause(domid);
                case Scenario.Action.SetWeight w -> host.setSchedParams(domid,
                        new SchedParams.Credit2(w.weight(), credit2(domid).cap()));
                case Scenario.Action.SetCap c -> host.setSchedParams(domid,
                        new SchedParams.Credit2(credit2(domid).weight(), c.cap()));
                case Scenario.Action.SetWorkload w -> {
                    for (int v = 0; v < t.plan.create().maxVcpus(); v++) {
                        host.setWorkload(domid, v, w.workload());
                    }
                }
                case Scenario.Action.SetMemory m -> host.guestBalloonTo(domid, m.targetKb());
                case Scenario.Action.SetVcpus v -> host.guestSetOnlineVcpus(domid, v.online());
                case Scenario.Action.Start s -> throw new IllegalStateException("handled above");
            }
        } catch (HypervisorException e) {
            note(name + ": " + describe(action) + " failed: " + e.getMessage());
        }
    }

    private void start(Tracked t) {
        Scenario.Domain plan = t.plan;
        int domid;
        try {
            domid = host.createDomain(plan.create());
        } catch (HypervisorException e) {
            t.state = "not created: " + e.getMessage();
            note(plan.name() + " not started: " + e.getMessage());
            return;
        }
        try {
            host.setMaxMemory(domid, plan.maxMemKb());
            host.setNodeAffinity(domid, plan.nodeAffinity());
            host.build(domid, new BuildSpec(SIMULATED_KERNEL, null, "", plan.memKb(), 0, 0));
        } catch (HypervisorException e) {
            undo(domid);
            t.state = "did not fit: " + e.getMessage();
            note(plan.name() + " not started: " + e.getMessage());
            return;
        }
        try {
            for (int v = 0; v < plan.create().maxVcpus(); v++) {
                Set<Integer> hard = plan.hardAffinity().get(v);
                Set<Integer> soft = plan.softAffinity().get(v);
                if (!hard.isEmpty() || !soft.isEmpty()) {
                    host.setVcpuAffinity(domid, v, hard.isEmpty() ? allCpus() : hard, soft);
                }
                host.setWorkload(domid, v, plan.workload());
            }
            if (plan.weight() != SchedParams.Credit2.DEFAULT_WEIGHT || plan.cap() != 0) {
                host.setSchedParams(domid, new SchedParams.Credit2(plan.weight(), plan.cap()));
            }
            if (plan.onlineVcpus() < plan.create().maxVcpus()) {
                host.guestSetOnlineVcpus(domid, plan.onlineVcpus());
            }
            host.unpause(domid);
        } catch (HypervisorException e) {
            undo(domid);
            t.state = "setup failed: " + e.getMessage();
            note(plan.name() + " not started: " + e.getMessage());
            return;
        }
        t.domid = domid;
        t.startedNs = host.now();
        t.state = "running";
    }

    /** A create that cannot be finished is undone, as libxl undoes a failed create. */
    private void undo(int domid) {
        try {
            host.destroyDomain(domid);
        } catch (HypervisorException gone) {
            throw new IllegalStateException("domain " + domid + " vanished while being set up", gone);
        }
    }

    private SchedParams.Credit2 credit2(int domid) throws HypervisorException {
        return (SchedParams.Credit2) host.schedParams(domid);
    }

    private Set<Integer> allCpus() {
        return IntStream.range(0, scenario.host().cpus()).boxed().collect(Collectors.toSet());
    }

    /** Takes the domain's final figures, then destroys it, as the toolstack reaps a stopped guest. */
    private void end(Tracked t, String state) throws HypervisorException {
        t.state = state;
        t.last = result(t);
        host.destroyDomain(t.domid);
        t.domid = null;
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
                results.add(t.domid != null ? result(t) : t.last != null ? t.last
                        : new Report.DomainResult(t.plan.name(), null, t.plan.create().maxVcpus(), 0, 0, 0, 0,
                                Map.of(), t.state));
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
