package org.jxen.hv;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/** One vCPU as {@code xl vcpu-list} shows it: online, running and where, CPU time, affinities. */
public record VcpuInfo(int vcpu, boolean online, boolean running, boolean blocked, int cpu, long cpuTimeNs,
                       Set<Integer> hardAffinity, Set<Integer> softAffinity) {
    public VcpuInfo {
        hardAffinity = Collections.unmodifiableSortedSet(new TreeSet<>(hardAffinity)); // one order in every JVM
        softAffinity = Collections.unmodifiableSortedSet(new TreeSet<>(softAffinity));
    }
}
