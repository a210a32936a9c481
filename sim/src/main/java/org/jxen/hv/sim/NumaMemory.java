package org.jxen.hv.sim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The host's memory, node by node. A domain's memory comes from the nodes it has affinity to (all
 * when none): all from the one with the most free memory if it fits there, else spread over them,
 * fullest-free first. Claimed memory is free but set aside for the domain that claimed it.
 */
final class NumaMemory {
    private final long[] freeKb;
    private final long[] sizeKb;
    private long claimedKb;

    NumaMemory(Topology topology) {
        sizeKb = topology.nodes().stream().mapToLong(Topology.Node::memKb).toArray();
        freeKb = sizeKb.clone();
    }

    long freeKb(int node) {
        return freeKb[node];
    }

    long totalFreeKb() {
        long free = 0;
        for (long f : freeKb) {
            free += f;
        }
        return free;
    }

    long totalKb() {
        long total = 0;
        for (long s : sizeKb) {
            total += s;
        }
        return total;
    }

    /** Free memory nobody has claimed. */
    long unclaimedKb() {
        return totalFreeKb() - claimedKb;
    }

    void claim(long deltaKb) {
        claimedKb += deltaKb;
    }

    /**
     * Takes {@code kb} for a domain, from {@code nodes} (all when empty), adding to {@code held};
     * false, and nothing taken, when those nodes do not have it.
     */
    boolean allocate(long kb, Set<Integer> nodes, long ownClaimKb, Map<Integer, Long> held) {
        List<Integer> candidates = new ArrayList<>();
        long available = 0;
        for (int n = 0; n < freeKb.length; n++) {
            if (nodes.isEmpty() || nodes.contains(n)) {
                candidates.add(n);
                available += freeKb[n];
            }
        }
        if (available < kb || unclaimedKb() + ownClaimKb < kb) {
            return false;
        }
        candidates.sort(Comparator.comparingLong((Integer n) -> -freeKb[n]).thenComparingInt(n -> n));
        long left = kb;
        for (int n : candidates) {
            long take = Math.min(left, freeKb[n]);
            if (take > 0) {
                freeKb[n] -= take;
                held.merge(n, take, Long::sum);
                left -= take;
            }
        }
        return true;
    }

    /** Gives back {@code kb} of what {@code held} holds, from the nodes holding the most first. */
    void release(long kb, Map<Integer, Long> held) {
        long left = kb;
        List<Integer> nodes = new ArrayList<>(held.keySet());
        nodes.sort(Comparator.comparingLong((Integer n) -> -held.get(n)).thenComparingInt(n -> n));
        for (int n : nodes) {
            long give = Math.min(left, held.get(n));
            freeKb[n] += give;
            left -= give;
            if (held.get(n) == give) {
                held.remove(n);
            } else {
                held.put(n, held.get(n) - give);
            }
        }
    }

    /** Gives back everything in {@code held}. */
    void releaseAll(Map<Integer, Long> held) {
        held.forEach((n, kb) -> freeKb[n] += kb);
        held.clear();
    }

    Map<Integer, Long> freeByNode() {
        Map<Integer, Long> m = new TreeMap<>();
        for (int n = 0; n < freeKb.length; n++) {
            m.put(n, freeKb[n]);
        }
        return m;
    }
}
