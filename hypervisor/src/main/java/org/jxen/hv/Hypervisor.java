package org.jxen.hv;

import java.util.BitSet;
import java.util.List;
import java.util.Set;

/**
 * What dom0 can ask of Xen, and all a toolstack may use: libxenctrl, libxenguest,
 * libxenforeignmemory, libxenevtchn and libxengnttab as dom0 uses them. Not here: what only a guest
 * does (granting its pages, binding its own ports) and what Xen does through XenStore (balloon
 * targets in {@code memory/target}, vCPU hot-plug in {@code cpu/N/availability}, domain names).
 *
 * <p>Thread-safe. Failures are {@link HypervisorException}s with the errno Xen gives: a domain that
 * does not exist is {@link XenError#ESRCH}, a bad argument {@link XenError#EINVAL}.
 */
public interface Hypervisor {
    /** The host: CPUs, their cores, sockets and NUMA nodes, memory per node ({@code xc_physinfo}, {@code xc_numainfo}). */
    PhysInfo physInfo();

    /** Every physical CPU's core, socket and node ({@code xc_cputopoinfo}). */
    List<CpuTopology> cpuTopology();

    /** XEN_DOMCTL_createdomain: a new domain, paused, with no memory; returns its ID. */
    int createDomain(CreateSpec spec) throws HypervisorException;

    /** XEN_DOMCTL_max_mem: the most memory the domain may hold; takes nothing away. */
    void setMaxMemory(int domid, long maxKb) throws HypervisorException;

    /** XEN_DOMCTL_setnodeaffinity: the NUMA nodes its memory comes from (empty: any). */
    void setNodeAffinity(int domid, Set<Integer> nodes) throws HypervisorException;

    /**
     * XENMEM_claim_pages: sets aside enough free memory for the domain to hold {@code pages} in all,
     * so that no other domain's allocation can take it. The claim's outstanding pages are used up
     * by the domain's own allocations; 0 cancels it. EINVAL when a claim is already outstanding or
     * {@code pages} is not above what it holds or is above its maximum; ENOMEM when the free memory
     * other claims leave cannot honour it.
     */
    void claimPages(int domid, long pages) throws HypervisorException;

    /**
     * libxenguest's domain builder: loads the kernel and ramdisk, populates {@code memKb} of memory,
     * sets up the XenStore and console rings (each granted to its serving domain, reference 1 and
     * 0, with an unbound port offered to it) and the boot vCPUs. ENOENT (and the others {@code open}
     * gives) when an image file cannot be read, ENOMEM when the memory is not there.
     */
    BuildResult build(int domid, BuildSpec spec) throws HypervisorException;

    void pause(int domid) throws HypervisorException;

    void unpause(int domid) throws HypervisorException;

    /** SCHEDOP_remote_shutdown: shuts the domain down with a reason (the first reason stays). */
    void shutdown(int domid, ShutdownReason reason) throws HypervisorException;

    /**
     * XEN_DOMCTL_destroydomain: the domain stops at once and gives back its memory; it stays dying
     * while dom0 still maps its pages or holds ports to it, and is gone once it does not.
     */
    void destroyDomain(int domid) throws HypervisorException;

    DomainInfo domainInfo(int domid) throws HypervisorException;

    /** Every domain, dying ones included, by domain ID. */
    List<DomainInfo> domains();

    /** Subscribes to domain shutdowns, deaths and disappearances from now on. */
    DomainEvents subscribeDomainEvents();

    VcpuInfo vcpuInfo(int domid, int vcpu) throws HypervisorException;

    /** Where a vCPU may run (hard) and where it prefers to (soft); physical CPU numbers. */
    void setVcpuAffinity(int domid, int vcpu, Set<Integer> hard, Set<Integer> soft) throws HypervisorException;

    /** The domain's parameters for its pool's scheduler. */
    SchedParams schedParams(int domid) throws HypervisorException;

    /** EINVAL when {@code params} are for a scheduler the domain's pool does not run. */
    void setSchedParams(int domid, SchedParams params) throws HypervisorException;

    /** The scheduler's rate limit for the (one) CPU pool, in microseconds. */
    int rateLimitUs();

    void setRateLimitUs(int us) throws HypervisorException;

    /** The hypervisor's console ring, as {@code xl dmesg} shows it. */
    List<String> consoleLog();

    /** A new port of dom0's that {@code remoteDomid} may bind ({@code xenevtchn_bind_unbound_port}). */
    int allocUnboundPort(int remoteDomid) throws HypervisorException;

    /** A new port of dom0's joined to the remote domain's unbound port ({@code xenevtchn_bind_interdomain}). */
    int bindInterdomain(int remoteDomid, int remotePort) throws HypervisorException;

    /** Signals the other end of one of dom0's ports. */
    void notify(int port) throws HypervisorException;

    /** Closes one of dom0's ports; the other end of a bound channel becomes unbound again. */
    void closePort(int port) throws HypervisorException;

    /** EVTCHNOP_status of any domain's port, with how many notifications it has received. */
    EventChannelStatus portStatus(int domid, int port) throws HypervisorException;

    /** Maps a page {@code granterDomid} granted to dom0 ({@code xengnttab_map_grant_ref}); EPERM if granted to another. */
    GrantMapping mapGrant(int granterDomid, int ref, boolean readOnly) throws HypervisorException;

    /**
     * Maps guest frames into dom0 at once ({@code xenforeignmemory_map}); EINVAL for none, or for a
     * frame the guest does not have.
     */
    ForeignMapping mapForeign(int domid, long[] gfns, boolean writable) throws HypervisorException;

    /** Starts or stops log-dirty mode (XEN_DOMCTL_SHADOW_OP_ENABLE_LOGDIRTY / OFF), as migration does. */
    void setDirtyLogging(int domid, boolean on) throws HypervisorException;

    /**
     * SHADOW_OP_CLEAN: the frames written since logging started or since the last call, as a set of
     * guest frame numbers; the log starts empty again. EINVAL when logging is off.
     */
    BitSet takeDirtyPages(int domid) throws HypervisorException;
}
