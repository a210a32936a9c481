package org.jxen.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** CPULISTs beyond the corpus: xl.cfg(5)'s own example, node ranges, negation order, bad lists. */
class CpuListTest {
    private static final HostCpus HOST = new HostCpus(12, Map.of(0, List.of(0, 1, 2, 3, 4, 5), 1, List.of(6, 7, 8, 9, 10, 11)));
    private static final Position AT = new Position("vm.cfg", 3, 1);

    @Test
    void readsTheManPagesExampleAndNodes() throws ConfigException {
        assertThat(CpuList.parse("0-3,5,^1", HOST, AT)).containsExactly(0, 2, 3, 5);
        assertThat(CpuList.parse("nodes:1,^7-8", HOST, AT)).containsExactly(6, 9, 10, 11);
        assertThat(CpuList.parse("nodes:0-1,^nodes:0", HOST, AT)).containsExactly(6, 7, 8, 9, 10, 11);
        assertThat(CpuList.parse("all,^0", HOST, AT)).hasSize(15).doesNotContain(0); // 12 CPUs: a 16-bit bitmap
        assertThat(CpuList.parse("^1,1", HOST, AT)).containsExactly(1); // left to right
    }

    @Test
    void badListsSayWhatACpuListIs() {
        assertThatThrownBy(() -> CpuList.parse("0-x", HOST, AT)).hasMessageStartingWith("vm.cfg:3:1: Invalid pcpu range: 0-x.");
        assertThatThrownBy(() -> CpuList.parse("3-1", HOST, AT)).hasMessageContaining("Invalid pcpu range: 3-1.");
        assertThatThrownBy(() -> CpuList.parse("0 ,1", HOST, AT)).hasMessageContaining("Invalid pcpu range: 0 .");
        assertThatThrownBy(() -> CpuList.parse("^nodes:-1", HOST, AT)).hasMessageContaining("Invalid pcpu range: -1.");
        assertThatThrownBy(() -> CpuList.parse("0-18446744073709551615", HOST, AT)).hasMessageContaining("Invalid pcpu range");
        assertThatThrownBy(() -> CpuList.parse("all,^all", HOST, AT)).hasMessageContaining("Can't combine \"^\" and \"all\"");
    }

    /**
     * Regression: CPUs and nodes the host does not have were an error; xl sets and clears only
     * the bits of the host's bitmap (12 CPUs: 16 bits) and finds no CPUs in a missing node
     * (corpus cpus-beyond-*). Items are read as xl reads them (corpus cpus-empty-item,
     * cpus-plus-sign, cpus-space-after-comma, cpus-nodes-all).
     */
    @Test
    void readsAsXlBeyondTheHostAndWithCsNumbers() throws ConfigException {
        assertThat(CpuList.parse("16", HOST, AT)).isEmpty();
        assertThat(CpuList.parse("14-99999999999999", HOST, AT)).containsExactly(14, 15);
        assertThat(CpuList.parse("all,^4-100", HOST, AT)).containsExactly(0, 1, 2, 3);
        assertThat(CpuList.parse("nodes:2", HOST, AT)).isEmpty();
        assertThat(CpuList.parse("nodes:all", HOST, AT)).hasSize(16);
        assertThat(CpuList.parse("", HOST, AT)).isEmpty();
        assertThat(CpuList.parse("0,,1", HOST, AT)).containsExactly(0, 1);
        assertThat(CpuList.parse("+1, 2,-0", HOST, AT)).containsExactly(0, 1, 2);
    }
}
