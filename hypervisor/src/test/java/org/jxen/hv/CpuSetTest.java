package org.jxen.hv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.BitSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * {@link CpuSet} behaves as any {@code Set<Integer>} of the same CPUs (equality and hash both
 * ways, ascending order, immutable), and is not copied again when it is one already.
 */
class CpuSetTest {
    @Test
    void sameAsTreeSet() {
        Set<Integer> tree = new TreeSet<>(List.of(63, 0, 17, 5));
        CpuSet cpus = CpuSet.of(List.of(17, 63, 5, 0));
        assertThat(cpus).containsExactly(0, 5, 17, 63).hasSize(4);
        assertThat(cpus).isEqualTo(tree);
        assertThat(tree).isEqualTo(cpus);
        assertThat(cpus.hashCode()).isEqualTo(tree.hashCode());
        assertThat(cpus.toString()).isEqualTo(tree.toString());
        assertThat(cpus.contains(17)).isTrue();
        assertThat(cpus.contains(18)).isFalse();
        assertThat(cpus.contains(-1)).isFalse();
        assertThat(cpus.contains("17")).isFalse();
        assertThat(CpuSet.of(List.of())).isEmpty();
    }

    @Test
    void fromBits_copiedAndComparedByBits() {
        BitSet bits = new BitSet();
        bits.set(2, 5);
        CpuSet cpus = CpuSet.of(bits);
        assertThat(cpus.holdsExactly(bits)).isTrue();
        bits.set(9);
        assertThat(cpus).containsExactly(2, 3, 4);
        assertThat(cpus.holdsExactly(bits)).isFalse();
        assertThat(CpuSet.of(bits)).isEqualTo(Set.of(2, 3, 4, 9)).isNotEqualTo(cpus);
    }

    @Test
    void aCpuSetIsNotCopiedAgain() {
        CpuSet cpus = CpuSet.of(List.of(1, 2));
        assertThat(CpuSet.of(cpus)).isSameAs(cpus);
        VcpuInfo info = new VcpuInfo(0, true, false, true, 1, 0, cpus, cpus);
        assertThat(info.hardAffinity()).isSameAs(cpus);
    }

    @Test
    void immutableAndNoNegativeCpus() {
        CpuSet cpus = CpuSet.of(List.of(1, 2));
        assertThatThrownBy(() -> cpus.add(3)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> cpus.remove(1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> cpus.iterator().remove()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> CpuSet.of(List.of(-1))).isInstanceOf(IllegalArgumentException.class);
    }
}
