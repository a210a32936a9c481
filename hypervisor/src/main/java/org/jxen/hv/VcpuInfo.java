package org.jxen.hv;

import java.util.Set;

/**
 * One vCPU as {@code xl vcpu-list} shows it: online, running and where, CPU time, affinities
 * (as {@link CpuSet}s: one order in every JVM, and not copied when they are CpuSets already).
 */
public record VcpuInfo(int vcpu, boolean online, boolean running, boolean blocked, int cpu, long cpuTimeNs,
                       Set<Integer> hardAffinity, Set<Integer> softAffinity) {
    public VcpuInfo {
        hardAffinity = CpuSet.of(hardAffinity);
        softAffinity = CpuSet.of(softAffinity);
    }
}
