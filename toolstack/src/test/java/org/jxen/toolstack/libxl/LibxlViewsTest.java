package org.jxen.toolstack.libxl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jxen.hv.DomainInfo;
import org.jxen.hv.DomainType;
import org.jxen.hv.PhysInfo;
import org.jxen.hv.SchedParams;
import org.jxen.hv.ShutdownReason;
import org.jxen.hv.VcpuInfo;
import org.junit.jupiter.api.Test;

/**
 * libxl's JSON, in the shape its generated {@code _to_json} prints it (libxl_types.idl's field names,
 * enums by name, bitmaps as lists of the bits set, defaults left out), read into the toolstack's records.
 */
class LibxlViewsTest {
    @Test
    void aDomainThatShutDownForARebootWhilePaused() {
        DomainInfo d = LibxlViews.domainInfo("""
                {
                    "uuid": "5f1b5c4e-8d2a-4c34-9a8e-0c0b0f6a7d11",
                    "domid": 7,
                    "running": true,
                    "paused": true,
                    "shutdown": true,
                    "shutdown_reason": "reboot",
                    "outstanding_memkb": 8,
                    "current_memkb": 131072,
                    "max_memkb": 262144,
                    "cpu_time": 123456789,
                    "vcpu_max_id": 1,
                    "vcpu_online": 2,
                    "cpupool": 0,
                    "domain_type": "pvh"
                }""");
        assertThat(d.domid()).isEqualTo(7);
        assertThat(d.handle()).isEqualTo(UUID.fromString("5f1b5c4e-8d2a-4c34-9a8e-0c0b0f6a7d11"));
        assertThat(d.type()).isEqualTo(DomainType.PVH);
        assertThat(d.state()).isEqualTo(DomainInfo.State.SHUTDOWN);
        assertThat(d.shutdownReason()).isEqualTo(ShutdownReason.REBOOT);
        assertThat(d.flags()).containsExactlyInAnyOrder(DomainInfo.Flag.RUNNING, DomainInfo.Flag.PAUSED);
        assertThat(d.memKb()).isEqualTo(131072);
        assertThat(d.maxMemKb()).isEqualTo(262144);
        assertThat(d.outstandingPages()).isEqualTo(2);
        assertThat(d.onlineVcpus()).isEqualTo(2);
        assertThat(d.maxVcpus()).isEqualTo(2);
        assertThat(d.cpuTimeNs()).isEqualTo(123456789);
    }

    @Test
    void dom0HasNoUuidInLibxlsJsonAndADyingDomainIsDying() {
        DomainInfo dom0 = LibxlViews.domainInfo("{\"domid\": 0, \"running\": true, \"current_memkb\": 524288, \"vcpu_max_id\": 1,"
                + " \"vcpu_online\": 2, \"domain_type\": \"pv\"}");
        assertThat(dom0.handle()).isEqualTo(new UUID(0, 0));
        assertThat(dom0.state()).isEqualTo(DomainInfo.State.ALIVE);
        assertThat(dom0.shutdownReason()).isNull();
        DomainInfo dying = LibxlViews.domainInfo("{\"domid\": 3, \"dying\": true, \"shutdown\": true, \"shutdown_reason\": \"poweroff\"}");
        assertThat(dying.state()).isEqualTo(DomainInfo.State.DYING);
        assertThat(LibxlViews.shutdownReason(4)).isEqualTo(ShutdownReason.WATCHDOG);
        assertThat(LibxlViews.shutdownReason(-1)).isNull();
    }

    @Test
    void aVcpuWithItsAffinities() {
        VcpuInfo v = LibxlViews.vcpuInfo("{\"vcpuid\": 1, \"cpu\": 3, \"online\": true, \"running\": true, \"vcpu_time\": 99,"
                + " \"cpumap\": [2, 5], \"cpumap_soft\": [0, 1, 2, 3, 4, 5, 6, 7]}");
        assertThat(v.vcpu()).isEqualTo(1);
        assertThat(v.cpu()).isEqualTo(3);
        assertThat(v.online()).isTrue();
        assertThat(v.blocked()).isFalse();
        assertThat(v.hardAffinity()).isEqualTo(Set.of(2, 5));
        assertThat(v.softAffinity()).hasSize(8);
    }

    @Test
    void theHostWithItsNodesFromTheCpuTopology() {
        String physinfo = "{\"threads_per_core\": 2, \"cores_per_socket\": 2, \"max_cpu_id\": 7, \"nr_cpus\": 8,"
                + " \"total_pages\": 1048576, \"free_pages\": 262144, \"nr_nodes\": 2}";
        List<String> numa = List.of("{\"size\": 2147483648, \"free\": 536870912, \"dists\": [10, 20]}",
                "{\"size\": 2147483648, \"free\": 1073741824, \"dists\": [20, 10]}");
        List<String> topology = List.of("{\"core\": 0, \"socket\": 0, \"node\": 0}", "{\"core\": 0, \"socket\": 0, \"node\": 0}",
                "{\"core\": 1, \"socket\": 0, \"node\": 0}", "{\"core\": 1, \"socket\": 0, \"node\": 0}",
                "{\"core\": 0, \"socket\": 1, \"node\": 1}", "{\"core\": 0, \"socket\": 1, \"node\": 1}",
                "{\"core\": 1, \"socket\": 1, \"node\": 1}", "{\"core\": 4294967295, \"socket\": 4294967295, \"node\": 4294967295}");
        PhysInfo p = LibxlViews.physInfo(physinfo, numa, topology);
        assertThat(p.sockets()).isEqualTo(2);
        assertThat(p.cpus()).isEqualTo(8);
        assertThat(p.totalMemKb()).isEqualTo(4L << 20);
        assertThat(p.freeMemKb()).isEqualTo(1L << 20);
        assertThat(p.nodes()).hasSize(2);
        assertThat(p.nodes().get(0).cpus()).containsExactly(0, 1, 2, 3);
        assertThat(p.nodes().get(1).cpus()).containsExactly(4, 5, 6); // CPU 7 is not there (all ~0)
        assertThat(p.nodes().get(1).freeKb()).isEqualTo(1L << 20);
        assertThat(p.nodes().get(1).distances()).containsExactly(20, 10);
    }

    @Test
    void schedulingParametersBothWays() {
        assertThat(LibxlViews.schedParams("{\"sched\": \"credit2\", \"weight\": 512, \"cap\": 50}"))
                .isEqualTo(new SchedParams.Credit2(512, 50));
        assertThat(LibxlViews.schedParams("{\"sched\": \"rtds\", \"period\": 10000, \"budget\": 4000}"))
                .isEqualTo(new SchedParams.Rtds(10000, 4000));
        assertThat(LibxlViews.schedParamsJson(new SchedParams.Credit2(384, 0))).isEqualTo("{\"weight\":384,\"cap\":0}");
    }
}
