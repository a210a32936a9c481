package org.jxen.hv.sim;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Xen's credit2 scheduler as its documentation and design describe it, on simulated CPUs:
 * <ul>
 * <li>one runqueue per socket; a vCPU belongs to one runqueue and runs on its CPUs;
 * <li>the runnable vCPU with the most credit runs; running burns credit at
 *     {@code time × maxWeight / weight}, so CPU time goes in proportion to weight;
 * <li>when the best candidate has no credit left, every vCPU of the runqueue gets
 *     {@link #CREDIT_INIT_NS} more (clipped, so credit does not pile up);
 * <li>a slice lasts until the runner's credit would fall to the next candidate's, between
 *     {@link #MIN_TIMER_NS} and {@link #MAX_TIMER_NS}, and never less than the rate limit;
 *     a vCPU that has run less than the rate limit is not preempted;
 * <li>a capped domain has a budget of {@code cap%} of {@link #BUDGET_PERIOD_NS} of CPU time, refilled
 *     every period; its vCPUs take it in chunks and are parked when it is spent;
 * <li>a waking vCPU goes to an idle CPU of its hard affinity, one in its soft affinity first, or
 *     preempts the runner with the least credit if it has {@link #MIGRATE_RESIST_NS} more;
 * <li>every {@link #BALANCE_PERIOD_NS}, waiting vCPUs move from the busiest runqueue to the
 *     least busy one their hard affinity allows, while that evens the load.
 * </ul>
 * A vCPU never runs on a CPU outside its hard affinity, and a CPU never idles while a vCPU that
 * may run there waits in its runqueue.
 */
final class Credit2 {
    static final long CREDIT_INIT_NS = 10_000_000;
    static final long MIN_TIMER_NS = 500_000;
    static final long MAX_TIMER_NS = CREDIT_INIT_NS;
    static final long MIGRATE_RESIST_NS = 500_000;
    static final long BUDGET_PERIOD_NS = 10_000_000;
    static final long BALANCE_PERIOD_NS = 10_000_000;
    static final long DEFAULT_RATE_LIMIT_NS = 1_000_000;

    /** A runqueue: its CPUs, every vCPU assigned to it, and those waiting to run, best credit first. */
    static final class Runqueue {
        final int id;
        final BitSet cpus = new BitSet();
        /** Its CPUs that run nothing and have no decision due: where a waking vCPU goes first. */
        final BitSet idle = new BitSet();
        final Set<SimVcpu> members = new LinkedHashSet<>();
        /** How many members have each weight, for the largest. */
        private final TreeMap<Integer, Integer> weights = new TreeMap<>();
        final CreditQueue waiting = new CreditQueue();
        int maxWeight = 1;
        int running;

        Runqueue(int id) {
            this.id = id;
        }

        /** vCPUs that want a CPU here, per CPU. */
        double load() {
            return (double) (running + waiting.size()) / cpus.cardinality();
        }

        void add(SimVcpu v) {
            members.add(v);
            countWeight(v.domain.weight, 1);
        }

        void remove(SimVcpu v) {
            members.remove(v);
            countWeight(v.domain.weight, -1);
        }

        void countWeight(int weight, int delta) {
            int count = weights.getOrDefault(weight, 0) + delta;
            if (count == 0) {
                weights.remove(weight);
            } else {
                weights.put(weight, count);
            }
            maxWeight = weights.isEmpty() ? 1 : weights.lastKey();
        }
    }

    /** A physical CPU: what it runs and its next scheduling decision. */
    private static final class Pcpu {
        final int id;
        final Runqueue rq;
        SimVcpu current;
        /**
         * The runner's credit as of {@code runnerChargedAt}, and its weight: copies kept here so
         * that a wake-up, which looks at every CPU of the runqueue, reads these small objects and
         * not each runner and its domain (that scan was 10-20% of a busy host's profile).
         */
        long runnerCredit;
        long runnerChargedAt;
        int runnerWeight;
        /** When it next decides who runs. */
        EventQueue.Timer decision;
        /** A decision is due now, so it does not count as idle for another wake-up. */
        boolean kicked;
        long idleSince;
        long idleNs;

        Pcpu(int id, Runqueue rq) {
            this.id = id;
            this.rq = rq;
        }
    }

    private final EventQueue events;
    /** Told when a vCPU that could run has no work, so that its next burst wakes it. */
    private final Consumer<SimVcpu> outOfWork;
    private final Runqueue[] runqueues;
    private final Pcpu[] cpus;
    /** Each runqueue's CPUs, by runqueue ID, for the loops over them (the wake-up's scan, a credit reset). */
    private final Pcpu[][] cpusOf;
    private final List<SimDomain> capped = new ArrayList<>();
    private long rateLimitNs = DEFAULT_RATE_LIMIT_NS;
    /** When {@link #settle} last charged every CPU; -1: never. */
    private long settledAt = -1;
    /** Where decisions are traced, or null. */
    SimTrace trace;

    Credit2(EventQueue events, Topology topology, Consumer<SimVcpu> outOfWork) {
        this.events = events;
        this.outOfWork = outOfWork;
        runqueues = new Runqueue[topology.sockets()];
        for (int s = 0; s < runqueues.length; s++) {
            runqueues[s] = new Runqueue(s);
        }
        cpus = new Pcpu[topology.cpus()];
        for (int c = 0; c < cpus.length; c++) {
            Runqueue rq = runqueues[topology.socketOf(c)];
            rq.cpus.set(c);
            rq.idle.set(c);
            Pcpu p = new Pcpu(c, rq);
            p.decision = events.timer(() -> schedule(p));
            cpus[c] = p;
        }
        cpusOf = new Pcpu[runqueues.length][];
        for (Runqueue rq : runqueues) {
            cpusOf[rq.id] = rq.cpus.stream().mapToObj(c -> cpus[c]).toArray(Pcpu[]::new);
        }
        events.at(BUDGET_PERIOD_NS, this::replenish);
        events.at(BALANCE_PERIOD_NS, this::balance);
    }

    long rateLimitNs() {
        return rateLimitNs;
    }

    void setRateLimitNs(long ns) {
        rateLimitNs = ns;
    }

    /**
     * Charges every running vCPU up to now, so CPU times and credits are current. Once per instant:
     * a vCPU that starts running is charged from then, so a second pass at the same time would
     * charge nothing (and a toolstack reading every vCPU's info at each create would pass over
     * every CPU for each).
     */
    void settle() {
        if (settledAt == events.now()) {
            return;
        }
        settledAt = events.now();
        for (Pcpu p : cpus) {
            charge(p);
        }
    }

    /** CPU {@code cpu}'s idle time so far, ns. */
    long idleNs(int cpu) {
        Pcpu p = cpus[cpu];
        return p.idleNs + (p.current == null ? events.now() - p.idleSince : 0);
    }

    /** A vCPU wants the CPU (its work arrived, its domain was unpaused, it came online). */
    void wake(SimVcpu v) {
        if (v.state != SimVcpu.State.BLOCKED || !v.runnable()) {
            return;
        }
        if (!v.hasWork(events.now())) {
            outOfWork.accept(v);
            return;
        }
        if (v.domain.cap > 0 && v.domain.budgetNs <= 0) {
            park(v);
            return;
        }
        if (v.runqueue == null || !v.mayRunIn(v.runqueue.cpus)) {
            join(v, leastLoaded(v));
        }
        enqueue(v);
        tickle(v);
    }

    /** A vCPU should stop running (paused, offline, destroyed, affinity changed): its CPU decides again now. */
    void sleep(SimVcpu v) {
        switch (v.state) {
            case RUNNING -> kick(cpus[v.cpu], events.now());
            case WAITING -> {
                v.runqueue.waiting.remove(v);
                v.state = SimVcpu.State.BLOCKED;
            }
            case BLOCKED -> unpark(v);
        }
    }

    /** Takes a destroyed domain off the scheduler for good: its vCPUs, and its cap's budget. */
    void remove(SimDomain d) {
        d.vcpus.forEach(this::remove);
        capped.remove(d);
    }

    private void remove(SimVcpu v) {
        sleep(v);
        if (v.state == SimVcpu.State.RUNNING) {
            charge(cpus[v.cpu]);
            Pcpu p = cpus[v.cpu];
            p.current = null;
            p.rq.running--;
            p.idleSince = events.now();
            updateIdle(p);
            v.state = SimVcpu.State.BLOCKED;
        }
        if (v.runqueue != null) {
            v.runqueue.remove(v);
            v.runqueue = null;
        }
        unpark(v);
    }

    /** A domain's weight (from {@code oldWeight}) or cap changed. */
    void paramsChanged(SimDomain d, int oldWeight) {
        for (SimVcpu v : d.vcpus) {
            if (v.runqueue != null) {
                v.runqueue.countWeight(oldWeight, -1);
                v.runqueue.countWeight(d.weight, 1);
            }
            if (v.state == SimVcpu.State.RUNNING) {
                cpus[v.cpu].runnerWeight = d.weight;
            }
        }
        capped.remove(d);
        if (d.cap > 0) {
            capped.add(d);
            d.budgetNs = Math.min(d.budgetNs, d.budgetPerPeriodNs());
        } else {
            new ArrayList<>(d.parked).forEach(v -> {
                unpark(v);
                wake(v);
            });
        }
    }

    /** A vCPU's hard affinity changed: it leaves a CPU or runqueue it may no longer use. */
    void affinityChanged(SimVcpu v) {
        if (v.state == SimVcpu.State.RUNNING && !v.mayRunOn(v.cpu)) {
            kick(cpus[v.cpu], events.now());
        } else if (v.state == SimVcpu.State.WAITING && !v.mayRunIn(v.runqueue.cpus)) {
            v.runqueue.waiting.remove(v);
            v.state = SimVcpu.State.BLOCKED;
            wake(v);
        }
    }

    private void join(SimVcpu v, Runqueue rq) {
        if (v.runqueue != null) {
            v.runqueue.remove(v);
        }
        v.runqueue = rq;
        rq.add(v);
    }

    /** The least loaded runqueue the vCPU may use, one its soft affinity reaches first. */
    private Runqueue leastLoaded(SimVcpu v) {
        Runqueue best = null;
        boolean bestSoft = false;
        for (Runqueue rq : runqueues) {
            if (!v.mayRunIn(rq.cpus)) {
                continue;
            }
            boolean soft = rq.cpus.intersects(v.soft);
            if (best == null || soft && !bestSoft || soft == bestSoft && rq.load() < best.load()) {
                best = rq;
                bestSoft = soft;
            }
        }
        if (best == null) {
            throw new IllegalStateException(v + " has no CPU in its hard affinity");
        }
        return best;
    }

    private void enqueue(SimVcpu v) {
        v.state = SimVcpu.State.WAITING;
        v.since = events.now();
        v.runqueue.waiting.add(v);
    }

    private void park(SimVcpu v) {
        v.state = SimVcpu.State.BLOCKED;
        if (!v.parked) {
            v.parked = true;
            v.domain.parked.add(v);
        }
    }

    private void unpark(SimVcpu v) {
        if (v.parked) {
            v.parked = false;
            v.domain.parked.remove(v);
        }
    }

    /** Finds a CPU for a vCPU that just became waiting: an idle one, or one whose runner it should preempt. */
    private void tickle(SimVcpu v) {
        long now = events.now();
        int idleHard = -1;
        BitSet idle = v.runqueue.idle;
        for (int c = idle.nextSetBit(0); c >= 0; c = idle.nextSetBit(c + 1)) {
            if (v.mayRunOn(c)) {
                if (v.soft.get(c)) {
                    kick(cpus[c], now);
                    return;
                }
                idleHard = idleHard < 0 ? c : idleHard;
            }
        }
        if (idleHard >= 0) {
            kick(cpus[idleHard], now);
            return;
        }
        Pcpu weakest = null;
        long weakestCredit = Long.MAX_VALUE;
        for (Pcpu p : cpusOf[v.runqueue.id]) {
            if (p.current != null && v.mayRunOn(p.id)) {
                long credit = p.runnerCredit - burnt(p, now - p.runnerChargedAt);
                if (credit < weakestCredit) {
                    weakest = p;
                    weakestCredit = credit;
                }
            }
        }
        if (weakest != null && v.credit > weakestCredit + MIGRATE_RESIST_NS) {
            kick(weakest, Math.max(now, weakest.current.since + rateLimitNs));
        }
    }

    private void kick(Pcpu p, long at) {
        if (p.decision.pending() && p.decision.time() <= at) {
            return;
        }
        p.kicked = p.current == null;
        updateIdle(p);
        p.decision.set(at);
    }

    private void updateIdle(Pcpu p) {
        boolean idle = p.current == null && !p.kicked;
        if (p.rq.idle.get(p.id) != idle) {
            p.rq.idle.set(p.id, idle);
        }
    }

    /** The credit the runner of {@code p} burns in {@code ns} of running. */
    private long burnt(Pcpu p, long ns) {
        int weight = p.runnerWeight;
        return weight == p.rq.maxWeight ? ns : ns * p.rq.maxWeight / weight; // a division is slow, and mostly not needed
    }

    /** Charges the runner of {@code p} for the time since it was last charged. */
    private void charge(Pcpu p) {
        SimVcpu v = p.current;
        if (v == null) {
            return;
        }
        long ran = events.now() - v.accountedTo;
        if (ran <= 0) {
            return;
        }
        v.accountedTo = events.now();
        v.consume(ran);
        v.credit -= burnt(p, ran);
        p.runnerCredit = v.credit;
        p.runnerChargedAt = v.accountedTo;
        if (v.domain.cap > 0) {
            v.budgetHeld -= ran;
        }
    }

    /** The scheduling decision of one CPU: who runs next, and for how long. */
    private void schedule(Pcpu p) {
        p.kicked = false;
        long now = events.now();
        SimVcpu prev = p.current;
        boolean prevWithinRateLimit = false;
        if (prev != null) {
            charge(p);
            p.current = null;
            p.rq.running--;
            p.idleSince = now;
            prevWithinRateLimit = deschedule(prev, p);
        }
        updateIdle(p);
        SimVcpu next = prevWithinRateLimit ? prev : candidate(p);
        if (next != null && next.credit <= 0) {
            resetCredit(p.rq, next);
            next = prevWithinRateLimit ? prev : candidate(p);
        }
        if (next == null) {
            if (trace != null && prev != null) {
                trace.record(now, "cpu" + p.id + " idle");
            }
            return;
        }
        if (next.state == SimVcpu.State.WAITING) {
            p.rq.waiting.remove(next);
        }
        p.idleNs += now - p.idleSince;
        p.current = next;
        p.rq.running++;
        updateIdle(p);
        next.state = SimVcpu.State.RUNNING;
        if (next != prev) {
            next.waitNs += now - next.since;
            next.since = now;
        }
        next.accountedTo = now;
        next.cpu = p.id;
        p.runnerCredit = next.credit;
        p.runnerChargedAt = now;
        p.runnerWeight = next.domain.weight;
        long slice = Math.min(slice(next, p.rq), next.workLeft(now));
        if (next.domain.cap > 0) {
            slice = Math.min(slice, takeBudget(next));
        }
        p.decision.set(now + slice);
        if (trace != null) {
            trace.record(now, "cpu" + p.id + " runs " + next + " for " + slice + " ns");
        }
    }

    /**
     * Puts the vCPU that was running on {@code p} where it belongs now: back in the runqueue,
     * parked, or blocked. Returns whether it may keep the CPU because it ran less than the rate limit.
     */
    private boolean deschedule(SimVcpu v, Pcpu p) {
        SimDomain d = v.domain;
        if (d.cap > 0) {
            d.budgetNs = Math.min(d.budgetNs + Math.max(0, v.budgetHeld), d.budgetPerPeriodNs());
            v.budgetHeld = 0;
        }
        if (!v.wantsCpu(events.now())) {
            v.state = SimVcpu.State.BLOCKED;
            if (v.runnable()) {
                outOfWork.accept(v);
            }
            return false;
        }
        if (d.cap > 0 && d.budgetNs <= 0) {
            park(v);
            return false;
        }
        if (!v.mayRunOn(p.id) || v.runqueue != p.rq) {
            v.state = SimVcpu.State.BLOCKED;
            wake(v);
            return false;
        }
        if (events.now() - v.since < rateLimitNs) {
            return true; // it keeps the CPU, and its run keeps its start
        }
        enqueue(v);
        return false;
    }

    /** The waiting vCPU with the most credit that may run on {@code p}. */
    private SimVcpu candidate(Pcpu p) {
        SimVcpu best = p.rq.waiting.best();
        return best == null || best.mayRunOn(p.id) ? best : p.rq.waiting.best(v -> v.mayRunOn(p.id));
    }

    /** Everyone in the runqueue gets enough credit that {@code best} has some; no one keeps more than one grant. */
    private void resetCredit(Runqueue rq, SimVcpu best) {
        for (Pcpu p : cpusOf[rq.id]) {
            charge(p);
        }
        long grants = 1 + Math.max(0, -best.credit) / CREDIT_INIT_NS;
        for (SimVcpu v : rq.members) {
            v.credit = Math.min(v.credit + grants * CREDIT_INIT_NS, CREDIT_INIT_NS);
        }
        for (Pcpu p : cpusOf[rq.id]) {
            if (p.current != null) {
                p.runnerCredit = p.current.credit;
            }
        }
        rq.waiting.reorder();
    }

    /** How long {@code v} may run before its credit reaches the next candidate's. */
    private long slice(SimVcpu v, Runqueue rq) {
        long slice = MAX_TIMER_NS;
        if (!rq.waiting.isEmpty()) {
            long gap = Math.max(0, v.credit - rq.waiting.bestCredit());
            int weight = v.domain.weight;
            long time = weight == rq.maxWeight ? gap : gap * weight / rq.maxWeight; // as in burnt
            slice = Math.clamp(time, MIN_TIMER_NS, MAX_TIMER_NS);
        }
        return Math.max(slice, rateLimitNs);
    }

    /** A chunk of its domain's budget for a capped vCPU: the domain's share per online vCPU, at most what is left. */
    private long takeBudget(SimVcpu v) {
        SimDomain d = v.domain;
        long online = Math.max(1, d.vcpus.stream().filter(x -> x.online).count());
        long chunk = Math.min(d.budgetNs, Math.max(MIN_TIMER_NS, d.budgetPerPeriodNs() / online));
        d.budgetNs -= chunk;
        v.budgetHeld = chunk;
        return Math.max(1, chunk);
    }

    /** Every budget period: capped domains get their budget back, and their parked vCPUs wake. */
    private void replenish() {
        for (SimDomain d : capped) {
            d.budgetNs = d.budgetPerPeriodNs();
            for (SimVcpu v : new ArrayList<>(d.parked)) {
                unpark(v);
                wake(v);
            }
        }
        events.at(events.now() + BUDGET_PERIOD_NS, this::replenish);
    }

    /** Moves waiting vCPUs from the busiest runqueue to the least busy while that evens the load. */
    private void balance() {
        if (runqueues.length > 1) {
            for (int moves = 0; moves < 64; moves++) {
                Runqueue busiest = runqueues[0];
                Runqueue idlest = runqueues[0];
                for (Runqueue rq : runqueues) {
                    busiest = rq.load() > busiest.load() ? rq : busiest;
                    idlest = rq.load() < idlest.load() ? rq : idlest;
                }
                double after = (double) (busiest.running + busiest.waiting.size() - 1) / busiest.cpus.cardinality();
                double there = (double) (idlest.running + idlest.waiting.size() + 1) / idlest.cpus.cardinality();
                if (busiest == idlest || after < there) {
                    break;
                }
                Runqueue target = idlest;
                SimVcpu mover = busiest.waiting.worst(v -> v.mayRunIn(target.cpus));
                if (mover == null) {
                    break;
                }
                busiest.waiting.remove(mover);
                join(mover, idlest);
                enqueue(mover);
                tickle(mover);
            }
        }
        events.at(events.now() + BALANCE_PERIOD_NS, this::balance);
    }
}
