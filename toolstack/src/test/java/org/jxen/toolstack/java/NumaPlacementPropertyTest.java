package org.jxen.toolstack.java;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.jxen.hv.PhysInfo;
import org.jxen.hv.PhysInfo.NumaNode;
import org.jxen.toolstack.java.NumaPlacement.Candidate;

/**
 * On random hosts of 2 to 8 nodes (free memory below 2 TiB in all, so libxl's 32-bit sum does not
 * wrap), checked against brute force over every node set: a chosen candidate fits the memory and
 * the vCPUs, no smaller set fits, and no set of its size is strictly better by numa_cmpf; when
 * nothing is chosen, no set fits.
 */
class NumaPlacementPropertyTest {
    record Case(PhysInfo host, int[] vcpusOnNode, long needKb, int vcpus) {
    }

    @Provide
    Arbitrary<Case> cases() {
        return Arbitraries.integers().between(2, 8).flatMap(n -> Combinators.combine(
                Arbitraries.integers().between(1, 4).list().ofSize(n),
                Arbitraries.longs().between(0, 64L << 20).list().ofSize(n),
                Arbitraries.integers().between(0, 4).list().ofSize(n),
                Arbitraries.longs().between(1, 128L << 20),
                Arbitraries.integers().between(1, 12)).as((cpus, free, load, need, vcpus) -> {
                    List<NumaNode> nodes = new ArrayList<>();
                    int cpu = 0;
                    for (int i = 0; i < n; i++) {
                        List<Integer> cs = new ArrayList<>();
                        for (int c = 0; c < cpus.get(i); c++) {
                            cs.add(cpu++);
                        }
                        nodes.add(new NumaNode(i, cs, 64L << 20, free.get(i), List.of()));
                    }
                    int[] on = load.stream().mapToInt(Integer::intValue).toArray();
                    return new Case(new PhysInfo(1, cpu, 1, 0, 0, nodes), on, need, vcpus);
                }));
    }

    @Property
    void chosenFits_isMinimal_andBestOfItsSize(@ForAll("cases") Case c) {
        Set<Integer> cpus = NumaPlacement.cpusOf(c.host(), allNodes(c.host()));
        Optional<Candidate> best = NumaPlacement.candidate(c.host(), cpus, c.vcpusOnNode(), c.needKb(), c.vcpus());
        List<Candidate> fitting = new ArrayList<>();
        int n = c.host().nodes().size();
        for (int mask = 1; mask < 1 << n; mask++) {
            Candidate cand = candidate(c, mask);
            if (cand.freeMemkb() >= c.needKb() && cand.nrCpus() >= c.vcpus()) {
                fitting.add(cand);
            }
        }
        if (best.isEmpty()) {
            assertThat(fitting).isEmpty();
            return;
        }
        Candidate b = best.get();
        assertThat(b.freeMemkb()).isGreaterThanOrEqualTo(c.needKb());
        assertThat(b.nrCpus()).isGreaterThanOrEqualTo(c.vcpus());
        int size = b.nodes().size();
        assertThat(fitting).allSatisfy(f -> assertThat(f.nodes().size()).isGreaterThanOrEqualTo(size));
        assertThat(fitting).filteredOn(f -> f.nodes().size() == size)
                .allSatisfy(f -> assertThat(NumaPlacement.compare(f, b)).isGreaterThanOrEqualTo(0));
    }

    private static Candidate candidate(Case c, int mask) {
        Set<Integer> nodes = new java.util.TreeSet<>();
        long free = 0;
        int cpus = 0, vcpus = 0;
        for (NumaNode node : c.host().nodes()) {
            if ((mask & (1 << node.id())) != 0) {
                nodes.add(node.id());
                free += node.freeKb();
                cpus += node.cpus().size();
                vcpus += c.vcpusOnNode()[node.id()];
            }
        }
        return new Candidate(nodes, free, cpus, vcpus);
    }

    private static Set<Integer> allNodes(PhysInfo h) {
        return Set.copyOf(h.nodes().stream().map(NumaNode::id).toList());
    }
}
