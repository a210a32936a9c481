package org.jxen.toolstack.java;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.jxen.config.DomainConfig.BuildInfo;
import org.jxen.config.DomainConfigJson;
import org.jxen.hv.PhysInfo;
import org.jxen.hv.PhysInfo.NumaNode;
import org.jxen.toolstack.java.NumaPlacement.Candidate;
import org.jxen.toolstack.java.NumaPlacement.NotFound;
import org.jxen.toolstack.java.NumaPlacement.Placed;
import org.jxen.toolstack.java.NumaPlacement.RunningVcpu;
import org.jxen.toolstack.java.NumaPlacement.Skipped;
import org.junit.jupiter.api.Test;

/**
 * Hand-worked placements on 1, 2, 4 and 8-node hosts, each with why libxl 4.17 answers so, and the
 * rules around the search (when it runs, what it sets when it finds nothing). The search's
 * properties on random hosts are in {@link NumaPlacementPropertyTest}.
 */
class NumaPlacementTest {
    static final long GIB = 1024 * 1024;

    /** A host whose node i has cpusPerNode[i] CPUs (numbered on from node 0's) and freeGib[i] GiB free. */
    static PhysInfo host(int[] cpusPerNode, long[] freeKb) {
        List<NumaNode> nodes = new ArrayList<>();
        int cpu = 0;
        for (int i = 0; i < cpusPerNode.length; i++) {
            List<Integer> cpus = new ArrayList<>();
            for (int c = 0; c < cpusPerNode[i]; c++) {
                cpus.add(cpu++);
            }
            List<Integer> dist = IntStream.range(0, cpusPerNode.length).mapToObj(j -> j == 0 ? 10 : 20).toList();
            nodes.add(new NumaNode(i, cpus, 64 * GIB, freeKb[i], dist));
        }
        return new PhysInfo(1, cpu, 1, 64 * GIB * nodes.size(), IntStream.range(0, freeKb.length).mapToLong(i -> freeKb[i]).sum(), nodes);
    }

    static long[] gib(long... g) {
        return java.util.Arrays.stream(g).map(x -> x * GIB).toArray();
    }

    static Set<Integer> all(PhysInfo h) {
        return new TreeSet<>(NumaPlacement.cpusOf(h, Set.copyOf(h.nodes().stream().map(NumaNode::id).toList())));
    }

    static RunningVcpu pinnedTo(PhysInfo h, int node) {
        return new RunningVcpu(Set.copyOf(h.nodes().get(node).cpus()), Set.of(node));
    }

    static Set<Integer> best(PhysInfo h, long needKb, int vcpus, List<RunningVcpu> running) {
        return NumaPlacement.candidate(h, all(h), NumaPlacement.vcpusOnNodes(h, all(h), running), needKb, vcpus)
                .map(Candidate::nodes).orElse(null);
    }

    @Test
    void twoNodes() {
        PhysInfo h = host(new int[] {4, 4}, gib(8, 10));
        // both fit alone; no vCPUs anywhere; node 1 has more free memory
        assertThat(best(h, 4 * GIB, 2, List.of())).containsExactly(1);
        // node 1 has more memory but 2 vCPUs of others can run there, node 0 has none: fewer vCPUs wins first
        assertThat(best(h, 4 * GIB, 2, List.of(pinnedTo(h, 1), pinnedTo(h, 1)))).containsExactly(0);
        // 9 GiB fits only node 1
        assertThat(best(h, 9 * GIB, 2, List.of(pinnedTo(h, 1)))).containsExactly(1);
        // 12 GiB fits no single node: both together (18 GiB)
        assertThat(best(h, 12 * GIB, 2, List.of())).containsExactly(0, 1);
        // 6 vCPUs: uniform 4 CPUs per node, so the search starts at ceil(6/4) = 2 nodes
        assertThat(best(h, 1 * GIB, 6, List.of())).containsExactly(0, 1);
        // 20 GiB: nothing fits
        assertThat(best(h, 20 * GIB, 2, List.of())).isNull();
        // equal free memory and vCPUs: the first combination in order, node 0, stays
        assertThat(best(host(new int[] {4, 4}, gib(8, 8)), GIB, 1, List.of())).containsExactly(0);
    }

    @Test
    void fourNodes() {
        PhysInfo h = host(new int[] {4, 4, 4, 4}, gib(2, 6, 6, 3));
        // 5 GiB: nodes 1 and 2 fit alone with 6 GiB each; a tie, so node 1 (first) stays
        assertThat(best(h, 5 * GIB, 4, List.of())).containsExactly(1);
        // a vCPU of another domain on node 1 makes node 2 better
        assertThat(best(h, 5 * GIB, 4, List.of(pinnedTo(h, 1)))).containsExactly(2);
        // 7 GiB fits no node; pairs that fit: {0,1}=8 {0,2}=8 {1,2}=12 {1,3}=9 {2,3}=9; most free is {1,2}
        assertThat(best(h, 7 * GIB, 4, List.of())).containsExactly(1, 2);
        // with a vCPU on node 1 and one on node 2: {0,3}=5 does not fit; {0,1},{0,2},{1,3},{2,3} have 1 vCPU,
        // {1,2} has 2; of the 1-vCPU pairs {1,3} and {2,3} have most memory (9), {1,3} comes first
        assertThat(best(h, 7 * GIB, 4, List.of(pinnedTo(h, 1), pinnedTo(h, 2)))).containsExactly(1, 3);
        // 9 vCPUs: starts at ceil(9/4) = 3 nodes; of the triples, {1,2,3} has most memory (15)
        assertThat(best(h, 1 * GIB, 9, List.of())).containsExactly(1, 2, 3);
    }

    @Test
    void fourNodes_unevenCpus_startsAtOneNode_andCountsCpus() {
        // node 0 has 2 CPUs, the others 4: not uniform, so the search starts at 1 node even for 3 vCPUs;
        // node 0 has the most memory but too few CPUs
        PhysInfo h = host(new int[] {2, 4, 4, 4}, gib(20, 5, 6, 4));
        assertThat(best(h, 3 * GIB, 3, List.of())).containsExactly(2);
    }

    @Test
    void eightNodes() {
        PhysInfo h = host(new int[] {2, 2, 2, 2, 2, 2, 2, 2}, gib(1, 1, 1, 1, 1, 1, 1, 3));
        // 2 GiB, 2 vCPUs: only node 7 fits alone
        assertThat(best(h, 2 * GIB, 2, List.of())).containsExactly(7);
        // 3.5 GiB: no single node; pairs with node 7 have 4 GiB, the first is {0,7}
        assertThat(best(h, 7 * GIB / 2, 2, List.of())).containsExactly(0, 7);
        // a vCPU on node 0 pushes it to {1,7}
        assertThat(best(h, 7 * GIB / 2, 2, List.of(pinnedTo(h, 0)))).containsExactly(1, 7);
        // 5 vCPUs on 2-CPU nodes: at least 3 nodes; {0,1,7} is the first triple with 5 GiB, all triples with 7 tie
        assertThat(best(h, GIB, 5, List.of())).containsExactly(0, 1, 7);
    }

    @Test
    void vcpuCountsOncePerNode_andOnlyWhereItsDomainHasNodeAffinity() {
        PhysInfo h = host(new int[] {2, 2}, gib(4, 4));
        var spanning = new RunningVcpu(Set.of(0, 1, 2, 3), Set.of(0, 1));
        var nodeAffinityOnly0 = new RunningVcpu(Set.of(0, 1, 2, 3), Set.of(0));
        assertThat(NumaPlacement.vcpusOnNodes(h, all(h), List.of(spanning, nodeAffinityOnly0))).containsExactly(2, 1);
    }

    @Test
    void freeMemory_isSummedIn32Bits() {
        // two nodes of 3 TiB free: libxl's uint32_t KiB counter wraps at 4 TiB, so the pair "has" 2 TiB
        PhysInfo h = host(new int[] {1, 1}, new long[] {3L << 30, 3L << 30});
        assertThat(NumaPlacement.candidate(h, all(h), new int[2], 4L << 30, 2)).isEmpty();
    }

    static BuildInfo build(String extra) throws Exception {
        return DomainConfigJson.read("""
                {"c_info": {"type": "pv", "name": "a"}, "b_info": {"max_vcpus": 2, %s "type.pv": {}}}"""
                .formatted(extra)).bInfo();
    }

    @Test
    void place_runsOnlyWhenEnabledAndNoSoftAffinity() throws Exception {
        PhysInfo h = host(new int[] {2, 2}, gib(4, 6));
        assertThat(NumaPlacement.place(build("\"numa_placement\": \"False\","), GIB, h, all(h), List.of()))
                .isEqualTo(new Skipped(null));
        assertThat(NumaPlacement.place(build("\"numa_placement\": \"True\", \"vcpu_soft_affinity\": [[0]],"), GIB, h,
                all(h), List.of()))
                .isEqualTo(new Skipped("Can't run NUMA placement, as a soft affinity has been specified explicitly"));
        // hard affinity (cpus="0") does not stop it, and does not narrow it: node 1 still wins on memory
        var placed = (Placed) NumaPlacement.place(build("\"numa_placement\": \"True\", \"vcpu_hard_affinity\": [[0], [0]],"),
                GIB, h, all(h), List.of());
        assertThat(placed.nodeAffinity()).containsExactly(1);
        assertThat(placed.softAffinity()).containsExactlyInAnyOrder(2, 3);
        assertThatThrownBy(() -> NumaPlacement.place(build("\"numa_placement\": \"True\", \"vcpu_hard_affinity\": [[3]],"),
                GIB, h, Set.of(0, 1), List.of())).hasMessage("Hard affinity completely outside of domain's cpupool!");
    }

    @Test
    void place_notFound_andSingleNode_getAllNodesAndCpus() throws Exception {
        PhysInfo one = host(new int[] {4}, gib(4));
        assertThat(NumaPlacement.place(build("\"numa_placement\": \"True\","), GIB, one, all(one), List.of()))
                .isEqualTo(new NotFound(null, Set.of(0), Set.of(0, 1, 2, 3)));
        PhysInfo two = host(new int[] {1, 1}, gib(1, 1));
        assertThat(NumaPlacement.place(build("\"numa_placement\": \"True\","), 3 * GIB, two, all(two), List.of()))
                .isEqualTo(new NotFound("NUMA placement failed, performance might be affected", Set.of(0, 1), Set.of(0, 1)));
    }

    @Test
    void combinations_areLexicographic() {
        assertThat(NumaPlacement.combinations(5, 3)).hasSize(10);
        assertThat(NumaPlacement.combinations(4, 2)).containsExactly(new int[] {0, 1}, new int[] {0, 2},
                new int[] {0, 3}, new int[] {1, 2}, new int[] {1, 3}, new int[] {2, 3});
    }
}
