package org.jxen.hv.sim;

import java.util.BitSet;

/**
 * One vCPU: where it may run, its credit2 state, the CPU time it has had and waited for, and the
 * workload that decides when it wants the CPU.
 */
final class SimVcpu {
    enum State { RUNNING, WAITING, BLOCKED }

    final SimDomain domain;
    final int id;
    boolean online = true;
    final BitSet hard = new BitSet();
    final BitSet soft = new BitSet();
    Workload workload = new Workload.Idle(1_000_000_000L, 20_000L);

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
    /** Work left in this period (ns of CPU); cpu-bound vCPUs never run out. */
    long workLeftNs;
    EventQueue.Event nextPeriod;

    SimVcpu(SimDomain domain, int id, int hostCpus) {
        this.domain = domain;
        this.id = id;
        hard.set(0, hostCpus);
        soft.set(0, hostCpus);
    }

    boolean wantsCpu() {
        return online && domain.schedulable() && !domain.parked.contains(this)
                && (workload instanceof Workload.CpuBound || workLeftNs > 0);
    }

    long workLeft() {
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
}
