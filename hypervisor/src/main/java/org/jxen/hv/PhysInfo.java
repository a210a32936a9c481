package org.jxen.hv;

import java.util.List;

/**
 * The host as {@code xl info} and {@code xl info -n} describe it: CPUs numbered
 * socket-major, then core, then thread; NUMA nodes with their CPUs, memory and distances.
 */
public record PhysInfo(int sockets, int coresPerSocket, int threadsPerCore, long totalMemKb, long freeMemKb,
                       List<NumaNode> nodes) {
    public PhysInfo {
        nodes = List.copyOf(nodes);
    }

    public int cpus() {
        return sockets * coresPerSocket * threadsPerCore;
    }

    /** One NUMA node; {@code distances.get(n)} is the distance to node n (10 to itself). */
    public record NumaNode(int id, List<Integer> cpus, long memKb, long freeKb, List<Integer> distances) {
        public NumaNode {
            cpus = List.copyOf(cpus);
            distances = List.copyOf(distances);
        }
    }
}
