package org.jxen.toolstack;

import java.util.Set;

/**
 * The checks libxl and xl make before they change a running domain, in their words, for both
 * backends: libxl itself answers some of these with a bare {@code ERROR_FAIL}, or not at all.
 */
public final class Limits {
    /** Xen's credit2 cap: a percentage of one CPU for each of the domain's vCPUs. */
    private static final int CAP_PER_VCPU = 100;

    private Limits() {
    }

    /** {@code xl vcpu-set}: between 1 and the domain's {@code maxvcpus}. */
    public static void onlineVcpus(int count, int max) throws ToolstackException {
        if (count < 1 || count > max) {
            throw invalid("Requested vcpus " + count + " is not between 1 and the domain's maximum of " + max + " (maxvcpus)");
        }
    }

    /** {@code xl vcpu-pin}: a vCPU the domain has. */
    public static void vcpu(int domid, int vcpu, int max) throws ToolstackException {
        if (vcpu < 0 || vcpu >= max) {
            throw invalid("vcpu " + vcpu + " does not exist: domain " + domid + " has vcpus 0 to " + (max - 1));
        }
    }

    /** {@code xl vcpu-pin}: CPUs the host has. */
    public static void hostCpus(Set<Integer> cpus, int hostCpus) throws ToolstackException {
        if (cpus != null) {
            for (int cpu : cpus) {
                if (cpu < 0 || cpu >= hostCpus) {
                    throw invalid("CPU " + cpu + " does not exist: the host has CPUs 0 to " + (hostCpus - 1));
                }
            }
        }
    }

    /** {@code xl mem-set}: positive, and not past {@code memory/static-max}. */
    public static void memoryTarget(long targetKb, long staticMaxKb) throws ToolstackException {
        if (targetKb > staticMaxKb) {
            throw invalid("memory_dynamic_max must be less than or equal to memory_static_max (" + targetKb
                    + " KiB asked, static-max is " + staticMaxKb + " KiB; raise it with mem-max first)");
        }
        if (targetKb <= 0) {
            throw invalid("memory target must be positive, not " + targetKb + " KiB");
        }
    }

    /** {@code xl mem-max}: not below the current target. */
    public static void maxMemory(long maxKb, long targetKb) throws ToolstackException {
        if (maxKb < targetKb) {
            throw invalid("memory_static_max must be greater than or equal to memory_dynamic_max (" + maxKb
                    + " KiB asked, the target is " + targetKb + " KiB)");
        }
    }

    /** credit2's cap: at most 100 % of a CPU for each vCPU (Xen's {@code sched_credit2.c}). */
    public static void cap(int cap, int vcpus) throws ToolstackException {
        if (cap > CAP_PER_VCPU * vcpus) {
            throw invalid("cap " + cap + " is more than " + CAP_PER_VCPU + " % for each of the domain's " + vcpus + " vCPUs");
        }
    }

    /** A virtual disk name libxl reads ({@code xvda}, {@code hdc}, {@code d0p1}, ...); its devid. */
    public static int vdev(String vdev) throws ToolstackException {
        return VirtualDisks.devid(vdev).orElseThrow(() -> invalid("Invalid or unsupported virtual disk identifier " + vdev));
    }

    /** xl's words for a device the domain does not have. */
    public static ToolstackException notConnected(String device) {
        return new ToolstackException(ToolstackException.Kind.NO_SUCH_DEVICE, "Error: Device " + device + " not connected.");
    }

    private static ToolstackException invalid(String message) {
        return new ToolstackException(ToolstackException.Kind.INVALID, message);
    }
}
