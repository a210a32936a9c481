package org.jxen.daemon.xapi;

import java.util.Map;
import org.jxen.daemon.rpc.Handlers;
import org.jxen.daemon.state.ObjectStore;
import org.jxen.toolstack.Toolstack;

/**
 * XAPI's memory arithmetic (xapi-idl's memory.ml, memory_check.ml): what a VM costs the host beyond
 * its own memory (Xen's per-vCPU and shadow pages, the shim of a PV-in-PVH guest), and so the
 * largest VM that fits in some memory, as {@code VM.compute_memory_overhead} and
 * {@code VM.maximise_memory} answer; and the host's free memory as Xen counts it.
 */
final class VmMemory {
    private static final long MIB = 1L << 20;
    /** 4 KiB pages in a MiB. */
    private static final long PAGES_PER_MIB = 256;

    private final ObjectStore store;
    private final Toolstack toolstack;

    VmMemory(ObjectStore store, Toolstack toolstack) {
        this.store = store;
        this.toolstack = toolstack;
    }

    void register(Handlers h) {
        h.on("VM.compute_memory_overhead", call -> overheadBytes(store.record("VM", call.ref(0))));
        h.on("VM.maximise_memory", call -> maximise(store.record("VM", call.ref(0)), (Long) call.arg(1),
                (Boolean) call.arg(2)));
        h.on("host.compute_free_memory", call -> {
            store.record("host", call.ref(0));
            return toolstack.host().freeMemKb() * 1024;
        });
        h.on("host.compute_memory_overhead", call -> store.field("host", call.ref(0), "memory_overhead"));
    }

    /** XAPI's memory models: MiB Xen keeps for itself inside and outside the domain, and the shim's. */
    private enum Model {
        HVM(1, 1), LINUX(0, 1), PV_IN_PVH(1, 1);

        final long internalMib;
        final long externalMib;

        Model(long internalMib, long externalMib) {
            this.internalMib = internalMib;
            this.externalMib = externalMib;
        }

        long shimMib(long staticMaxMib) {
            return this == PV_IN_PVH ? 23 + staticMaxMib / 90 : 0;
        }

        /** {@code Helpers.check_domain_type}: unspecified is HVM when the VM boots as HVM. */
        static Model of(Map<String, Object> vm) {
            return switch ((String) vm.get("domain_type")) {
                case "hvm", "pvh" -> HVM;
                case "pv_in_pvh" -> PV_IN_PVH;
                case "pv" -> LINUX;
                default -> vm.get("HVM_boot_policy") instanceof String p && !p.isEmpty() ? HVM : LINUX;
            };
        }
    }

    /** {@code vm_compute_memory_overhead}: the VM's own shadow multiplier, whatever its type. */
    static long overheadBytes(Map<String, Object> vm) {
        long staticMaxMib = Math.ceilDiv((Long) vm.get("memory_static_max"), MIB);
        return overheadMib(Model.of(vm), staticMaxMib, vcpus(vm), (Double) vm.get("HVM_shadow_multiplier")) * MIB;
    }

    private static long overheadMib(Model m, long staticMaxMib, long vcpus, double multiplier) {
        return m.internalMib + m.externalMib + shadowMib(staticMaxMib, vcpus, multiplier)
                + Math.ceilDiv(38 * vcpus, PAGES_PER_MIB) // Xen's own pages per vCPU (CA-423172)
                + m.shimMib(staticMaxMib);
    }

    private static long shadowMib(long staticMaxMib, long vcpus, double multiplier) {
        long pages = 256 * vcpus + 2 * staticMaxMib; // vCPU pages, the p2m map, resident shadow pages
        return Math.max(1, (long) (Math.ceilDiv(pages, PAGES_PER_MIB) * multiplier));
    }

    /**
     * The largest {@code memory_static_max} (whole MiB) whose start, at static max, fits in
     * {@code total} bytes; {@code approximate} counts 64 vCPUs, as XAPI does, for an answer that
     * holds whatever the vCPUs become. A PV guest's shadow uses the default multiplier here.
     */
    static long maximise(Map<String, Object> vm, long total, boolean approximate) {
        Model m = Model.of(vm);
        long vcpus = approximate ? 64 : vcpus(vm);
        double multiplier = m == Model.LINUX ? 1.0 : (Double) vm.get("HVM_shadow_multiplier");
        long low = 0;
        long high = Math.max(0, total);
        while (low < high) { // the largest static max whose footprint fits
            long mid = low + (high - low + 1) / 2;
            long mib = Math.ceilDiv(mid, MIB);
            if ((mib + overheadMib(m, mib, vcpus, multiplier)) * MIB <= total) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return low / MIB * MIB;
    }

    private static long vcpus(Map<String, Object> vm) {
        return (Long) vm.get("VCPUs_max");
    }
}
