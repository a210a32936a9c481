package org.jxen.hv.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A host's shape: sockets of cores of hardware threads (CPUs numbered socket-major, then core,
 * then thread), and NUMA nodes, each a run of CPUs with its memory; {@code distances[i][j]} as
 * the ACPI SLIT gives them (10 to itself).
 */
public record Topology(String name, int sockets, int coresPerSocket, int threadsPerCore, List<Node> nodes,
                       int[][] distances) {
    /** A NUMA node: its CPUs and memory. */
    public record Node(List<Integer> cpus, long memKb) {
        public Node {
            cpus = List.copyOf(cpus);
        }
    }

    public Topology {
        nodes = List.copyOf(nodes);
        int cpus = sockets * coresPerSocket * threadsPerCore;
        if (cpus < 1) {
            throw new IllegalArgumentException(name + ": a host needs at least one CPU");
        }
        if (nodes.stream().mapToInt(n -> n.cpus().size()).sum() != cpus) {
            throw new IllegalArgumentException(name + ": the NUMA nodes must hold each of the " + cpus + " CPUs once");
        }
        if (distances.length != nodes.size()) {
            throw new IllegalArgumentException(name + ": one row of distances per node");
        }
    }

    private static final long GIB = 1024L * 1024;

    public int cpus() {
        return sockets * coresPerSocket * threadsPerCore;
    }

    public int socketOf(int cpu) {
        return cpu / (coresPerSocket * threadsPerCore);
    }

    public int nodeOf(int cpu) {
        for (int n = 0; n < nodes.size(); n++) {
            if (nodes.get(n).cpus().contains(cpu)) {
                return n;
            }
        }
        throw new IllegalArgumentException("no CPU " + cpu + " on " + name);
    }

    /** {@code nodesPerSocket} nodes in each socket, the socket's CPUs and {@code memGib} split evenly. */
    public static Topology of(String name, int sockets, int coresPerSocket, int threadsPerCore, int nodesPerSocket,
                              long memGib) {
        int nodeCount = sockets * nodesPerSocket;
        int cpusPerNode = sockets * coresPerSocket * threadsPerCore / nodeCount;
        List<Node> nodes = new ArrayList<>();
        for (int n = 0; n < nodeCount; n++) {
            nodes.add(new Node(IntStream.range(n * cpusPerNode, (n + 1) * cpusPerNode).boxed().toList(),
                    memGib * GIB / nodeCount));
        }
        int[][] distances = new int[nodeCount][nodeCount];
        for (int i = 0; i < nodeCount; i++) {
            for (int j = 0; j < nodeCount; j++) {
                // same node 10; same socket 16; across sockets 32 (typical SLIT values)
                distances[i][j] = i == j ? 10 : i / nodesPerSocket == j / nodesPerSocket ? 16 : 32;
            }
        }
        return new Topology(name, sockets, coresPerSocket, threadsPerCore, nodes, distances);
    }

    /** A 4-core laptop with 16 GiB. */
    public static Topology laptop() {
        return of("laptop", 1, 4, 1, 1, 16);
    }

    /** A 2-socket server: 8 cores × 2 threads per socket (32 CPUs), 256 GiB, one node per socket. */
    public static Topology server() {
        return of("server", 2, 8, 2, 1, 256);
    }

    /** A 4-node EPYC: one socket of 32 cores × 2 threads (64 CPUs), 512 GiB in 4 nodes. */
    public static Topology epyc() {
        return of("epyc", 1, 32, 2, 4, 512);
    }

    /** A preset by name: laptop, server or epyc. */
    public static Topology preset(String name) {
        return switch (name) {
            case "laptop" -> laptop();
            case "server" -> server();
            case "epyc" -> epyc();
            default -> throw new IllegalArgumentException("no host preset \"" + name + "\" (laptop, server or epyc)");
        };
    }
}
