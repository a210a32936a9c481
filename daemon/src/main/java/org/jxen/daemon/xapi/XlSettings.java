package org.jxen.daemon.xapi;

import static org.jxen.daemon.xapi.JxenMessages.ANY;
import static org.jxen.daemon.xapi.JxenMessages.DOMID;
import static org.jxen.daemon.xapi.JxenMessages.INT;
import static org.jxen.daemon.xapi.JxenMessages.INT_SET;
import static org.jxen.daemon.xapi.JxenMessages.param;
import static org.jxen.daemon.xapi.XlDomains.get;
import static org.jxen.daemon.xapi.XlDomains.run;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jxen.api.ErrorCodes;
import org.jxen.api.XenApiFailure;
import org.jxen.api.model.Type;
import org.jxen.daemon.rpc.Call;
import org.jxen.daemon.state.ObjectStore;
import org.jxen.hv.SchedParams;
import org.jxen.hv.VcpuInfo;
import org.jxen.toolstack.Toolstack;
import org.jxen.toolstack.ToolstackException;

/**
 * A running domain's vCPUs, memory and credit2 parameters as xl changes them ({@code vcpu-list},
 * {@code vcpu-set}, {@code vcpu-pin}, {@code mem-set}, {@code mem-max}, {@code sched-credit2}),
 * by domain ID; the pool's rate limit. Memory in KiB, as libxl takes it.
 */
final class XlSettings {
    private final Toolstack toolstack;
    private final ObjectStore store;

    XlSettings(Toolstack toolstack, ObjectStore store) {
        this.toolstack = toolstack;
        this.store = store;
    }

    void register(JxenMessages m) {
        m.on("get_domain_vcpus", new Type.SetType(ANY), call -> get(call, this::vcpus), DOMID);
        m.on("set_domain_vcpus", null, this::setVcpus, DOMID, param("count", INT));
        m.on("pin_domain_vcpu", null, this::pin, DOMID, param("vcpu", INT), param("hard", INT_SET),
                param("soft", INT_SET));
        m.on("set_domain_memory_target", null, this::setMemoryTarget, DOMID, param("kib", INT));
        m.on("set_domain_max_memory", null, call -> run(call, d -> toolstack.setMaxMemory(d, (Long) call.arg(1))),
                DOMID, param("kib", INT));
        m.on("get_domain_credit2", ANY, call -> get(call, this::credit2), DOMID);
        m.on("set_domain_credit2", null, this::setCredit2, DOMID, param("weight", INT), param("cap", INT));
        m.on("get_pool_ratelimit_us", INT, call -> (long) toolstack.poolRateLimitUs());
        m.on("set_pool_ratelimit_us", null, this::setRateLimit, param("us", INT));
    }

    private List<Map<String, Object>> vcpus(int domid) throws ToolstackException {
        return toolstack.vcpus(domid).stream().map(XlSettings::vcpu).toList();
    }

    private static Map<String, Object> vcpu(VcpuInfo v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("vcpu", (long) v.vcpu());
        m.put("online", v.online());
        m.put("running", v.running());
        m.put("blocked", v.blocked());
        m.put("cpu", (long) v.cpu());
        m.put("cpu_time_ns", v.cpuTimeNs());
        m.put("hard_affinity", v.hardAffinity().stream().map(Integer::longValue).toList());
        m.put("soft_affinity", v.softAffinity().stream().map(Integer::longValue).toList());
        return m;
    }

    private Object setVcpus(Call call) throws XenApiFailure {
        long n = (Long) call.arg(1);
        if (n < 1 || n > Integer.MAX_VALUE) {
            throw XenApiFailure.of(ErrorCodes.INVALID_VALUE, "count", n);
        }
        return run(call, d -> toolstack.setOnlineVcpus(d, (int) n));
    }

    /** The domain's new target is its VM's too, so XenAPI clients (the web console) show what xl set. */
    private Object setMemoryTarget(Call call) throws XenApiFailure {
        long kib = (Long) call.arg(1);
        run(call, d -> toolstack.setMemoryTarget(d, kib));
        for (String vm : store.refsWith("VM", "domid", call.arg(0))) {
            store.set("VM", vm, "memory_target", kib * 1024);
        }
        return null;
    }

    /** An empty set leaves that affinity as it is (xl's {@code -} and an omitted soft affinity). */
    private Object pin(Call call) throws XenApiFailure {
        int vcpu = ((Long) call.arg(1)).intValue();
        Set<Integer> hard = cpus(call.arg(2));
        Set<Integer> soft = cpus(call.arg(3));
        return run(call, d -> toolstack.pinVcpu(d, vcpu, hard, soft));
    }

    private static Set<Integer> cpus(Object wire) {
        List<?> list = (List<?>) wire;
        if (list.isEmpty()) {
            return null;
        }
        Set<Integer> out = new HashSet<>();
        for (Object o : list) {
            out.add(((Long) o).intValue());
        }
        return out;
    }

    private Map<String, Object> credit2(int domid) throws ToolstackException {
        if (!(toolstack.schedParams(domid) instanceof SchedParams.Credit2 c)) {
            throw new ToolstackException(ToolstackException.Kind.INVALID, "domain " + domid + " is not in a credit2 pool");
        }
        return Map.of("weight", (long) c.weight(), "cap", (long) c.cap());
    }

    private Object setCredit2(Call call) throws XenApiFailure {
        long weight = (Long) call.arg(1);
        long cap = (Long) call.arg(2);
        SchedParams.Credit2 params;
        try {
            params = new SchedParams.Credit2((int) weight, (int) cap);
        } catch (IllegalArgumentException e) {
            throw XenApiFailure.of(ErrorCodes.INVALID_VALUE, "credit2", e.getMessage());
        }
        return run(call, d -> toolstack.setSchedParams(d, params));
    }

    private Object setRateLimit(Call call) throws XenApiFailure {
        long us = (Long) call.arg(0);
        try {
            toolstack.setPoolRateLimitUs((int) us);
            return null;
        } catch (ToolstackException e) {
            throw XenApiFailure.of(ErrorCodes.INVALID_VALUE, "ratelimit_us", e.getMessage());
        }
    }
}
