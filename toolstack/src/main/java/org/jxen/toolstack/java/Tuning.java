package org.jxen.toolstack.java;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jxen.hv.Hypervisor;
import org.jxen.hv.SchedParams;
import org.jxen.hv.VcpuInfo;
import org.jxen.toolstack.EventBus;
import org.jxen.toolstack.Limits;
import org.jxen.toolstack.ToolstackEvent;
import org.jxen.toolstack.ToolstackException;
import org.jxen.xenstore.client.XsClient;

/**
 * A running domain's vCPUs, memory and scheduling, changed as libxl changes them: vCPU hot-plug
 * and the balloon target through XenStore (the guest acts on them), the maximum memory,
 * affinities and scheduler parameters through Xen; the stored configuration follows.
 */
final class Tuning {
    private final Hypervisor hv;
    private final XsClient xs;
    private final EventBus events;

    Tuning(Hypervisor hv, XsClient xs, EventBus events) {
        this.hv = hv;
        this.xs = xs;
        this.events = events;
    }

    /** {@code libxl_set_vcpuonline}: every vCPU's {@code availability}, in one transaction. */
    void setOnlineVcpus(DomainRecord r, int count) throws ToolstackException {
        int max = r.config.bInfo().maxVcpus();
        Limits.onlineVcpus(count, max);
        xs.transaction(tx -> {
            for (int v = 0; v < max; v++) {
                tx.write(DomainTree.home(r.domid) + "/cpu/" + v + "/availability", v < count ? "online" : "offline");
            }
            return null;
        });
        List<Integer> online = new ArrayList<>();
        for (int v = 0; v < count; v++) {
            online.add(v);
        }
        r.config = Configs.withBuild(r.config, b -> Configs.availVcpus(b, online));
        events.emit(new ToolstackEvent.Changed(r.domid, "vcpus"));
    }

    /** {@code libxl_set_vcpuaffinity}: a null set keeps that affinity. */
    void pin(DomainRecord r, int vcpu, Set<Integer> hard, Set<Integer> soft) throws ToolstackException {
        Limits.vcpu(r.domid, vcpu, r.config.bInfo().maxVcpus());
        VcpuInfo now = JavaToolstack.callFor(() -> hv.vcpuInfo(r.domid, vcpu));
        JavaToolstack.call(() -> hv.setVcpuAffinity(r.domid, vcpu, hard != null ? hard : now.hardAffinity(),
                soft != null ? soft : now.softAffinity()));
        events.emit(new ToolstackEvent.Changed(r.domid, "affinity"));
    }

    /**
     * {@code libxl_set_memory_target} as {@code xl mem-set} calls it (enforced): the new target
     * may not pass {@code memory/static-max}; Xen's maximum follows it (plus libxl's slack), the
     * guest's balloon driver follows {@code memory/target}; {@code /vm/UUID/memory} says it in MiB.
     */
    void setTarget(DomainRecord r, long targetKb) throws ToolstackException {
        Limits.memoryTarget(targetKb, r.config.bInfo().maxMemkb());
        long video = r.config.bInfo().videoMemkb();
        JavaToolstack.call(() -> hv.setMaxMemory(r.domid, targetKb + DomainCreation.MAXMEM_CONSTANT_KB));
        xs.transaction(tx -> {
            tx.write(DomainTree.home(r.domid) + "/memory/target", Long.toString(targetKb - video));
            tx.write(DomainTree.vm(r.vmUuid) + "/memory", Long.toString((targetKb - video) / 1024)); // MiB, as libxl
            return null;
        });
        r.config = Configs.withBuild(r.config, b -> Configs.memory(b, b.maxMemkb(), targetKb));
        events.emit(new ToolstackEvent.Changed(r.domid, "memory"));
    }

    /** {@code libxl_domain_setmaxmem}: not below the current target. */
    void setMax(DomainRecord r, long maxKb) throws ToolstackException {
        Limits.maxMemory(maxKb, r.config.bInfo().targetMemkb());
        JavaToolstack.call(() -> hv.setMaxMemory(r.domid, maxKb + DomainCreation.MAXMEM_CONSTANT_KB));
        xs.write(DomainTree.home(r.domid) + "/memory/static-max", Long.toString(maxKb));
        r.config = Configs.withBuild(r.config, b -> Configs.memory(b, maxKb, b.targetMemkb()));
        events.emit(new ToolstackEvent.Changed(r.domid, "memory"));
    }

    void setSched(DomainRecord r, SchedParams params) throws ToolstackException {
        JavaToolstack.call(() -> hv.setSchedParams(r.domid, params));
        if (params instanceof SchedParams.Credit2(int weight, int cap)) {
            r.config = Configs.withBuild(r.config, b -> Configs.sched(b, Configs.credit2(b.schedParams(), weight, cap)));
        }
        events.emit(new ToolstackEvent.Changed(r.domid, "scheduler"));
    }
}
