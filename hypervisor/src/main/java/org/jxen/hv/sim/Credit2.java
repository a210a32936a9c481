package org.jxen.hv.sim;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

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

    private static final Comparator<SimVcpu> BY_CREDIT = Comparator.<SimVcpu>comparingLong(v -> -v.credit)
            .thenComparingInt(v -> v.domain.domid).thenComparingInt(v -> v.id);

    /** A runqueue: its CPUs, every vCPU assigned to it, and those waiting to run, best credit first. */
    static final class Runqueue {
        final int id;
        final BitSet cpus = new BitSet();
        final List<SimVcpu> members = new ArrayList<>();
        TreeSet<SimVcpu> waiting = new TreeSet<>(BY_CREDIT);
        int maxWeight = 1;
        int running;

        Runqueue(int id) {
            this.id = id;
        }

        /** vCPUs that want a CPU here, per CPU. */
        double load() {
            return (double) (running + waiting.size()) / cpus.cardinality();
        }

        void recomputeMaxWeight() {
            maxWeight = members.stream().mapToInt(v -> v.domain.weight).max().orElse(1);
        }
    }

    /** A physical CPU: what it runs and its next scheduling decision. */
    private static final class Pcpu {
        final int id;
        final Runqueue rq;
        SimVcpu current;
        EventQueue.Event decision;
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
    private final Runqueue[] runqueues;
    private final Pcpu[] cpus;
    private final List<SimDomain> capped = new ArrayList<>();
    private long rateLimitNs = DEFAULT_RATE_LIMIT_NS;

    Credit2(EventQueue events, Topology topology) {
        this.events = events;
        runqueues = new Runqueue[topology.sockets()];
        for (int s = 0; s < runqueues.length; s++) {
            runqueues[s] = new Runqueue(s);
        }
        cpus = new Pcpu[topology.cpus()];
        for (int c = 0; c < cpus.length; c++) {
            Runqueue rq = runqueues[topology.socketOf(c)];
            rq.cpus.set(c);
            cpus[c] = new Pcpu(c, rq);
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

    /** Charges every running vCPU up to now, so CPU times and credits are current. */
    void settle() {
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
        if (v.state != SimVcpu.State.BLOCKED || !v.wantsCpu()) {
            return;
        }
        if (v.domain.cap > 0 && v.domain.budgetNs <= 0) {
            park(v);
            return;
        }
        if (v.runqueue == null || !v.runqueue.cpus.intersects(v.hard)) {
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
            case BLOCKED -> v.domain.parked.remove(v);
        }
    }

    /** Takes a vCPU off the scheduler for good. */
    void remove(SimVcpu v) {
        sleep(v);
        if (v.state == SimVcpu.State.RUNNING) {
            charge(cpus[v.cpu]);
            Pcpu p = cpus[v.cpu];
            p.current = null;
            p.rq.running--;
            p.idleSince = events.now();
            v.state = SimVcpu.State.BLOCKED;
        }
        if (v.runqueue != null) {
            v.runqueue.members.remove(v);
            v.runqueue.recomputeMaxWeight();
            v.runqueue = null;
        }
        v.domain.parked.remove(v);
    }

    /** A domain's weight or cap changed. */
    void paramsChanged(SimDomain d) {
        for (Runqueue rq : runqueues) {
            rq.recomputeMaxWeight();
        }
        capped.remove(d);
        if (d.cap > 0) {
            capped.add(d);
            d.budgetNs = Math.min(d.budgetNs, d.budgetPerPeriodNs());
        } else {
            new ArrayList<>(d.parked).forEach(v -> {
                d.parked.remove(v);
                wake(v);
            });
        }
    }

    /** A vCPU's hard affinity changed: it leaves a CPU or runqueue it may no longer use. */
    void affinityChanged(SimVcpu v) {
        if (v.state == SimVcpu.State.RUNNING && !v.hard.get(v.cpu)) {
            kick(cpus[v.cpu], events.now());
        } else if (v.state == SimVcpu.State.WAITING && !v.runqueue.cpus.intersects(v.hard)) {
            v.runqueue.waiting.remove(v);
            v.state = SimVcpu.State.BLOCKED;
            wake(v);
        }
    }

    private void join(SimVcpu v, Runqueue rq) {
        if (v.runqueue != null) {
            v.runqueue.members.remove(v);
            v.runqueue.recomputeMaxWeight();
        }
        v.runqueue = rq;
        rq.members.add(v);
        rq.recomputeMaxWeight();
    }

    /** The least loaded runqueue the vCPU may use, one its soft affinity reaches first. */
    private Runqueue leastLoaded(SimVcpu v) {
        Runqueue best = null;
        boolean bestSoft = false;
        for (Runqueue rq : runqueues) {
            if (!rq.cpus.intersects(v.hard)) {
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
        if (!v.domain.parked.contains(v)) {
            v.domain.parked.add(v);
        }
    }

    /** Finds a CPU for a vCPU that just became waiting: an idle one, or one whose runner it should preempt. */
    private void tickle(SimVcpu v) {
        Pcpu idleHard = null;
        Pcpu weakest = null;
        for (int c = v.runqueue.cpus.nextSetBit(0); c >= 0; c = v.runqueue.cpus.nextSetBit(c + 1)) {
            if (!v.hard.get(c)) {
                continue;
            }
            Pcpu p = cpus[c];
            if (p.current == null && !p.kicked) {
                if (v.soft.get(c)) {
                    kick(p, events.now());
                    return;
                }
                idleHard = idleHard == null ? p : idleHard;
            } else if (p.current != null) {
                charge(p);
                if (weakest == null || p.current.credit < weakest.current.credit) {
                    weakest = p;
                }
            }
        }
        if (idleHard != null) {
            kick(idleHard, events.now());
        } else if (weakest != null && v.credit > weakest.current.credit + MIGRATE_RESIST_NS) {
            kick(weakest, Math.max(events.now(), weakest.current.since + rateLimitNs));
        }
    }

    private void kick(Pcpu p, long at) {
        if (p.decision != null) {
            if (p.decision.time <= at) {
                return;
            }
            p.decision.cancel();
        }
        p.kicked = p.current == null;
        p.decision = events.at(at, () -> schedule(p));
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
        v.credit -= ran * p.rq.maxWeight / v.domain.weight;
        if (v.domain.cap > 0) {
            v.budgetHeld -= ran;
        }
    }

    /** The scheduling decision of one CPU: who runs next, and for how long. */
    private void schedule(Pcpu p) {
        p.decision = null;
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
        SimVcpu next = prevWithinRateLimit ? prev : candidate(p);
        if (next != null && next.credit <= 0) {
            resetCredit(p.rq, next);
            next = prevWithinRateLimit ? prev : candidate(p);
        }
        if (next == null) {
            return;
        }
        p.rq.waiting.remove(next);
        p.idleNs += now - p.idleSince;
        p.current = next;
        p.rq.running++;
        next.state = SimVcpu.State.RUNNING;
        if (next != prev) {
            next.waitNs += now - next.since;
            next.since = now;
        }
        next.accountedTo = now;
        next.cpu = p.id;
        long slice = Math.min(slice(next, p.rq), next.workLeft());
        if (next.domain.cap > 0) {
            slice = Math.min(slice, takeBudget(next));
        }
        p.decision = events.at(now + slice, () -> schedule(p));
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
        if (!v.wantsCpu()) {
            v.state = SimVcpu.State.BLOCKED; // its workload wakes it when there is work again
            return false;
        }
        if (d.cap > 0 && d.budgetNs <= 0) {
            park(v);
            return false;
        }
        if (!v.hard.get(p.id) || !v.runqueue.cpus.get(p.id)) {
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
        for (SimVcpu v : p.rq.waiting) {
            if (v.hard.get(p.id)) {
                return v;
            }
        }
        return null;
    }

    /** Everyone in the runqueue gets enough credit that {@code best} has some; no one keeps more than one grant. */
    private void resetCredit(Runqueue rq, SimVcpu best) {
        for (int c = rq.cpus.nextSetBit(0); c >= 0; c = rq.cpus.nextSetBit(c + 1)) {
            charge(cpus[c]);
        }
        long grants = 1 + Math.max(0, -best.credit) / CREDIT_INIT_NS;
        TreeSet<SimVcpu> waiting = new TreeSet<>(BY_CREDIT);
        for (SimVcpu v : rq.members) {
            v.credit = Math.min(v.credit + grants * CREDIT_INIT_NS, CREDIT_INIT_NS);
        }
        waiting.addAll(rq.waiting);
        rq.waiting = waiting;
    }

    /** How long {@code v} may run before its credit reaches the next candidate's. */
    private long slice(SimVcpu v, Runqueue rq) {
        long slice = MAX_TIMER_NS;
        for (SimVcpu other : rq.waiting) {
            if (other != v) {
                long gap = Math.max(0, v.credit - other.credit);
                slice = Math.clamp(gap * v.domain.weight / rq.maxWeight, MIN_TIMER_NS, MAX_TIMER_NS);
                break;
            }
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
            List<SimVcpu> parked = new ArrayList<>(d.parked);
            d.parked.clear();
            parked.forEach(this::wake);
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
                SimVcpu mover = null;
                for (SimVcpu v : busiest.waiting.descendingSet()) {
                    if (idlest.cpus.intersects(v.hard)) {
                        mover = v;
                        break;
                    }
                }
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
