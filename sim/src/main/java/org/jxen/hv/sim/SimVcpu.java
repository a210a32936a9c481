package org.jxen.hv.sim;

import java.util.BitSet;
import org.jxen.hv.CpuSet;

/**
 * One vCPU: where it may run, its credit2 state, the CPU time it has had and waited for, and the
 * workload that decides when it wants the CPU.
 */
final class SimVcpu {
    enum State { RUNNING, WAITING, BLOCKED }

    final SimDomain domain;
    final int id;
    /** Up (VCPUOP_up): a guest's vCPUs are down until the builder brings them up. */
    boolean online;
    final BitSet hard = new BitSet();
    final BitSet soft = new BitSet();
    private final Boxed hardBoxed = new Boxed(hard);
    private final Boxed softBoxed = new Boxed(soft);
    /** Its hard affinity is every CPU of the host (the common case, checked without the bit set). */
    private boolean anyCpu = true;
    private final int hostCpus;
    /** Out of its capped domain's budget until the next period (then in {@code domain.parked}). */
    boolean parked;
    Workload workload = Workload.Idle.DEFAULT;

    State state = State.BLOCKED;
    long credit = Credit2.CREDIT_INIT_NS;
    /** The CPU it runs on, or last ran on; -1 before it first ran. */
    int cpu = -1;
    Credit2.Runqueue runqueue;
    /** When it last started running, or became waiting. */
    long since;
    /** Up to when its running time has been charged (credit, CPU time, budget). */
    long accountedTo;
    /** Budget taken from a capped domain for the current run, ns. */
    long budgetHeld;
    long cpuTimeNs;
    long waitNs;
    /** Work that has arrived and is not done yet (ns of CPU); cpu-bound vCPUs never run out. */
    long workLeftNs;
    /**
     * When the next burst of a bursty workload arrives, and its number. Bursts are added when
     * someone looks ({@link #hasWork}), so a busy vCPU costs no event per burst.
     */
    long nextBurstAt = Long.MAX_VALUE;
    long nextBurst;
    /** The event that wakes it when its next burst arrives, armed only while it is out of work. */
    EventQueue.Event burstWakeup;

    SimVcpu(SimDomain domain, int id, int hostCpus) {
        this.domain = domain;
        this.id = id;
        this.hostCpus = hostCpus;
        hard.set(0, hostCpus);
        soft.set(0, hostCpus);
    }

    void setAffinity(BitSet newHard, BitSet newSoft) {
        hard.clear();
        hard.or(newHard);
        soft.clear();
        soft.or(newSoft);
        anyCpu = hard.cardinality() == hostCpus;
    }

    /** Whether its hard affinity lets it run on {@code cpu}. */
    boolean mayRunOn(int cpu) {
        return anyCpu || hard.get(cpu);
    }

    /** Whether its hard affinity lets it run on one of {@code cpus}. */
    boolean mayRunIn(BitSet cpus) {
        return anyCpu || hard.intersects(cpus);
    }

    /** Starts its workload over: no work left, the first burst at {@code firstBurstAt}. */
    void restartWorkload(long firstBurstAt) {
        workLeftNs = 0;
        nextBurst = 0;
        nextBurstAt = workload instanceof Workload.Bursty ? firstBurstAt : Long.MAX_VALUE;
        if (burstWakeup != null) {
            burstWakeup.cancel();
            burstWakeup = null;
        }
    }

    /** Whether it could run now if it had work: online, its domain running, not parked for its cap. */
    boolean runnable() {
        return online && !parked && domain.schedulable();
    }

    /** Whether it has work at {@code now}, taking in the bursts that have arrived by then. */
    boolean hasWork(long now) {
        if (workload instanceof Workload.Bursty bursty) {
            while (nextBurstAt <= now) {
                workLeftNs += bursty.burstNs(nextBurst++);
                nextBurstAt += bursty.intervalNs();
            }
            return workLeftNs > 0;
        }
        return true;
    }

    boolean wantsCpu(long now) {
        return runnable() && hasWork(now);
    }

    /** The CPU time it could use from {@code now} on: unbounded for a CPU-bound one. */
    long workLeft(long now) {
        hasWork(now);
        return workload instanceof Workload.CpuBound ? Long.MAX_VALUE : workLeftNs;
    }

    void consume(long ns) {
        cpuTimeNs += ns;
        if (!(workload instanceof Workload.CpuBound)) {
            workLeftNs = Math.max(0, workLeftNs - ns);
        }
    }

    @Override
    public String toString() {
        return "d" + domain.domid + "v" + id;
    }

    /** Its hard affinity as a {@link CpuSet} (for {@code VcpuInfo}): the same one while the bits stay. */
    CpuSet hardSet() {
        return hardBoxed.get();
    }

    /** Its soft affinity, as {@link #hardSet}. */
    CpuSet softSet() {
        return softBoxed.get();
    }

    /**
     * A bit set of CPUs as a {@link CpuSet}, made again only when the bits changed: the
     * toolstack's placement reads every vCPU's affinity at each create, and boxing 64 CPUs each
     * time was most of a create's work with 1,000 domains up.
     */
    private static final class Boxed {
        private final BitSet bits;
        private CpuSet set;

        Boxed(BitSet bits) {
            this.bits = bits;
        }

        CpuSet get() {
            if (set == null || !set.holdsExactly(bits)) {
                set = CpuSet.of(bits);
            }
            return set;
        }
    }
}
