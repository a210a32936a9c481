package org.jxen.daemon.xapi;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jxen.api.ErrorCodes;
import org.jxen.api.XenApiFailure;
import org.jxen.daemon.rpc.Handlers;
import org.jxen.daemon.state.ObjectStore;
import org.jxen.hv.SchedParams;
import org.jxen.toolstack.Toolstack;
import org.jxen.toolstack.ToolstackException;

/**
 * A VM's memory and vCPUs: the static limits change only while it is halted (they are the
 * domain's build-time maximum), the dynamic range and the number of online vCPUs also while it
 * runs, through the toolstack's balloon target and vCPU hot-plug, as XAPI's calls of the same
 * names do. Memory is in bytes; XAPI's constraint static_min ≤ dynamic_min ≤ dynamic_max ≤
 * static_max holds after every change.
 */
final class VmSettings {
    /** XAPI's {@code wait_memory_target_tolerance_bytes} and {@code wait_memory_target_timeout}. */
    private static final long TARGET_TOLERANCE_BYTES = 1L << 20;
    private static final int TARGET_WAIT_SECONDS = 256;
    private final ObjectStore store;
    private final Toolstack toolstack;
    private final VmLocks locks;

    VmSettings(ObjectStore store, Toolstack toolstack, VmLocks locks) {
        this.store = store;
        this.toolstack = toolstack;
        this.locks = locks;
    }

    void register(Handlers h) {
        h.on("VM.set_memory", call -> {
            long v = (Long) call.arg(1);
            return limits(call.ref(0), null, v, v, v);
        });
        h.on("VM.set_memory_limits", call -> limits(call.ref(0), (Long) call.arg(1), (Long) call.arg(2),
                (Long) call.arg(3), (Long) call.arg(4)));
        h.on("VM.set_memory_static_max", call -> limits(call.ref(0), null, (Long) call.arg(1), null, null));
        h.on("VM.set_memory_static_min", call -> limits(call.ref(0), (Long) call.arg(1), null, null, null));
        h.on("VM.set_memory_static_range", call -> limits(call.ref(0), (Long) call.arg(1), (Long) call.arg(2), null,
                null));
        // deprecated: XAPI's does nothing (the dynamic range sets the balloon's target)
        h.on("VM.set_memory_target_live", call -> {
            store.record("VM", call.ref(0));
            return null;
        });
        h.on("VM.wait_memory_target_live", call -> awaitTarget(call.ref(0)));
        h.on("VM.set_memory_dynamic_range", call -> dynamic(call.ref(0), (Long) call.arg(1), (Long) call.arg(2)));
        h.on("VM.set_memory_dynamic_max", call -> dynamic(call.ref(0), null, (Long) call.arg(1)));
        h.on("VM.set_memory_dynamic_min", call -> dynamic(call.ref(0), (Long) call.arg(1), null));
        h.on("VM.set_VCPUs_max", call -> halted(call.ref(0), Map.of("VCPUs_max", call.arg(1))));
        h.on("VM.set_VCPUs_at_startup", call -> vcpusAtStartup(call.ref(0), (Long) call.arg(1)));
        h.on("VM.set_VCPUs_number_live", call -> vcpusLive(call.ref(0), (Long) call.arg(1)));
        h.on("VM.add_to_VCPUs_params_live", call -> vcpuParamLive(call.ref(0), (String) call.arg(1), (String) call.arg(2)));
    }

    private Object limits(String vm, Long staticMin, Long staticMax, Long dynamicMin, Long dynamicMax)
            throws XenApiFailure, InterruptedException {
        return locks.with(vm, "changing_memory_limits", () -> {
            Map<String, Object> r = store.record("VM", vm);
            VmCalls.expect(vm, r, "Halted");
            Map<String, Object> m = memory(r, staticMin, staticMax, dynamicMin, dynamicMax);
            store.set("VM", vm, m);
            return null;
        });
    }

    private Object dynamic(String vm, Long min, Long max) throws XenApiFailure, InterruptedException {
        return locks.with(vm, "changing_dynamic_range", () -> {
            Map<String, Object> r = store.record("VM", vm);
            VmCalls.expect(vm, r, "Halted", "Running");
            Map<String, Object> m = memory(r, null, null, min, max);
            if ("Running".equals(r.get("power_state"))) {
                try {
                    toolstack.setMemoryTarget(((Long) r.get("domid")).intValue(), (Long) m.get("memory_dynamic_max") / 1024);
                } catch (ToolstackException e) {
                    throw VmFailures.of(e, vm);
                }
            }
            store.set("VM", vm, m);
            return null;
        });
    }

    /** The four limits after a change, or {@code MEMORY_CONSTRAINT_VIOLATION} as XAPI says it. */
    private static Map<String, Object> memory(Map<String, Object> r, Long staticMin, Long staticMax, Long dynamicMin,
            Long dynamicMax) throws XenApiFailure {
        long smin = staticMin != null ? staticMin : (Long) r.get("memory_static_min");
        long smax = staticMax != null ? staticMax : (Long) r.get("memory_static_max");
        long dmin = dynamicMin != null ? dynamicMin : (Long) r.get("memory_dynamic_min");
        long dmax = dynamicMax != null ? dynamicMax : (Long) r.get("memory_dynamic_max");
        if (!(smin <= dmin && dmin <= dmax && dmax <= smax)) {
            throw XenApiFailure.of("MEMORY_CONSTRAINT_VIOLATION",
                    "Memory limits must satisfy: static_min <= dynamic_min <= dynamic_max <= static_max");
        }
        return Map.of("memory_static_min", smin, "memory_static_max", smax, "memory_dynamic_min", dmin,
                "memory_dynamic_max", dmax, "memory_target", dmax);
    }

    /**
     * XAPI's wait for a running VM's balloon: until the domain holds its target within 1 MiB, looked
     * at each second; after 256 s {@code VM_MEMORY_TARGET_WAIT_TIMEOUT}. The VM's metrics then show
     * what it holds.
     */
    private Object awaitTarget(String vm) throws XenApiFailure, InterruptedException {
        Map<String, Object> r = store.record("VM", vm);
        VmCalls.expect(vm, r, "Running");
        int domid = ((Long) r.get("domid")).intValue();
        long target = (Long) r.get("memory_target");
        try {
            for (int waited = 0; ; waited++) {
                long actual = toolstack.domain(domid).info().memKb() * 1024;
                if (Math.abs(actual - target) <= TARGET_TOLERANCE_BYTES) {
                    store.set("VM_metrics", (String) r.get("metrics"), "memory_actual", actual);
                    return null;
                }
                if (waited >= TARGET_WAIT_SECONDS) {
                    throw XenApiFailure.of(ErrorCodes.VM_MEMORY_TARGET_WAIT_TIMEOUT, "OpaqueRef:NULL");
                }
                Thread.sleep(1000);
            }
        } catch (ToolstackException e) {
            throw VmFailures.of(e, vm);
        }
    }

    private Object halted(String vm, Map<String, Object> fields) throws XenApiFailure, InterruptedException {
        return locks.with(vm, "changing_VCPUs", () -> {
            Map<String, Object> r = store.record("VM", vm);
            VmCalls.expect(vm, r, "Halted");
            long max = (Long) fields.getOrDefault("VCPUs_max", r.get("VCPUs_max"));
            if (max < 1 || max < (Long) r.get("VCPUs_at_startup")) {
                throw XenApiFailure.of(ErrorCodes.INVALID_VALUE, "VCPUs_max", max);
            }
            store.set("VM", vm, fields);
            return null;
        });
    }

    private Object vcpusAtStartup(String vm, long n) throws XenApiFailure, InterruptedException {
        return locks.with(vm, "changing_VCPUs", () -> {
            Map<String, Object> r = store.record("VM", vm);
            VmCalls.expect(vm, r, "Halted");
            if (n < 1 || n > (Long) r.get("VCPUs_max")) {
                throw XenApiFailure.of(ErrorCodes.INVALID_VALUE, "VCPUs_at_startup", n);
            }
            store.set("VM", vm, "VCPUs_at_startup", n);
            return null;
        });
    }

    private Object vcpusLive(String vm, long n) throws XenApiFailure, InterruptedException {
        return locks.with(vm, "changing_VCPUs_live", () -> {
            Map<String, Object> r = store.record("VM", vm);
            VmCalls.expect(vm, r, "Running");
            if (n < 1 || n > (Long) r.get("VCPUs_max")) {
                throw XenApiFailure.of(ErrorCodes.INVALID_VALUE, "nvcpu", n);
            }
            try {
                toolstack.setOnlineVcpus(((Long) r.get("domid")).intValue(), (int) n);
            } catch (ToolstackException e) {
                throw VmFailures.of(e, vm);
            }
            store.set("VM", vm, "VCPUs_at_startup", n);
            store.set("VM_metrics", (String) r.get("metrics"), "VCPUs_number", n);
            return null;
        });
    }

    /**
     * One of a running VM's {@code VCPUs_params} changed in its domain now (XAPI declares the call and
     * answers {@code NOT_IMPLEMENTED}): {@code weight} and {@code cap} its credit2 parameters, as
     * {@code xl sched-credit2 -w/-c} sets them, {@code mask} the pCPUs every vCPU may run on, as
     * {@code xl vcpu-pin} sets hard affinity; the record keeps the value for the next start.
     */
    private Object vcpuParamLive(String vm, String key, String value) throws XenApiFailure, InterruptedException {
        return locks.with(vm, "changing_VCPUs_live", () -> {
            Map<String, Object> r = store.record("VM", vm);
            VmCalls.expect(vm, r, "Running", "Paused");
            int domid = ((Long) r.get("domid")).intValue();
            try {
                switch (key) {
                    case "weight", "cap" -> {
                        if (!(toolstack.schedParams(domid) instanceof SchedParams.Credit2 now)) {
                            throw XenApiFailure.of(ErrorCodes.VALUE_NOT_SUPPORTED, key, value,
                                    "the VM's domain is not in a credit2 CPU pool");
                        }
                        int n = number(key, value);
                        toolstack.setSchedParams(domid, key.equals("weight") ? new SchedParams.Credit2(n, now.cap())
                                : new SchedParams.Credit2(now.weight(), n));
                    }
                    case "mask" -> {
                        Set<Integer> cpus = new TreeSet<>();
                        for (String cpu : value.split(",", -1)) {
                            cpus.add(number(key, cpu.strip()));
                        }
                        for (long vcpu = 0; vcpu < (Long) r.get("VCPUs_max"); vcpu++) {
                            toolstack.pinVcpu(domid, (int) vcpu, cpus, null);
                        }
                    }
                    default -> throw XenApiFailure.of(ErrorCodes.VALUE_NOT_SUPPORTED, "key", key,
                            "a running VM's weight, cap and mask change live");
                }
            } catch (IllegalArgumentException e) {
                throw XenApiFailure.of(ErrorCodes.INVALID_VALUE, key, value);
            } catch (ToolstackException e) {
                throw VmFailures.of(e, vm);
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> params = new LinkedHashMap<>((Map<String, Object>) r.get("VCPUs_params"));
            params.put(key, value);
            store.set("VM", vm, "VCPUs_params", params);
            return null;
        });
    }

    /** A whole number of up to nine digits, or {@code INVALID_VALUE [key, value]}. */
    private static int number(String key, String value) throws XenApiFailure {
        if (!value.matches("\\d{1,9}")) {
            throw XenApiFailure.of(ErrorCodes.INVALID_VALUE, key, value);
        }
        return Integer.parseInt(value);
    }
}
