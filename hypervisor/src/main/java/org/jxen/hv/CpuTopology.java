package org.jxen.hv;

/** One physical CPU as {@code xc_cputopoinfo} reports it: its core, socket and NUMA node. */
public record CpuTopology(int cpu, int core, int socket, int node) {
}
