package org.jxen.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jxen.api.client.XenApiClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jxen.get_host_physinfo} on a two-node simulated server (sim's Topology.server: 2 sockets of
 * 16 CPUs, 128 GiB on each node): the host's totals and, per NUMA node, its CPUs, memory and free
 * memory, which the web console shows and jxl reads CPU lists ({@code nodes:1}) with.
 */
class HostPhysinfoTest {
    @TempDir
    Path dir;

    @Test
    void eachNumaNodeHasItsCpusMemoryAndFreeMemoryAddingUpToTheHosts() throws Exception {
        try (RunningJxend jxend = RunningJxend.start(dir, "server");
                XenApiClient c = XenApiClient.http(jxend.http(), false)) {
            c.login("root", jxend.rootPassword());
            Map<?, ?> before = (Map<?, ?>) c.call("jxen.get_host_physinfo");
            assertThat(before.get("nr_nodes")).isEqualTo(2L);
            assertThat(before.get("nr_cpus")).isEqualTo(32L);
            assertThat((List<?>) before.get("node_cpus")).hasSize(2).allSatisfy(cpus -> assertThat((List<?>) cpus).hasSize(16));
            assertThat(before.get("node_memory_kb")).isEqualTo(List.of(128L << 20, 128L << 20));
            assertThat(sum(before, "node_memory_kb")).isEqualTo(before.get("total_memory_kb"));
            assertThat(sum(before, "node_free_kb")).isEqualTo(before.get("free_memory_kb"));

            String template = ((List<?>) c.call("VM.get_by_name_label", "Generic Linux PV")).getFirst().toString();
            String vm = (String) c.call("VM.clone", template, "numa");
            c.call("VM.provision", vm);
            c.call("VM.set_memory", vm, 1L << 30);
            c.call("VM.start", vm, false, false);
            Map<?, ?> after = (Map<?, ?>) c.call("jxen.get_host_physinfo");
            assertThat(sum(after, "node_free_kb")).isEqualTo(after.get("free_memory_kb"))
                    .isLessThanOrEqualTo(sum(before, "node_free_kb") - (1L << 20));
        }
    }

    private static long sum(Map<?, ?> physinfo, String key) {
        return ((List<?>) physinfo.get(key)).stream().mapToLong(o -> (Long) o).sum();
    }
}
