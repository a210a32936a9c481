package org.jxen.hv;

import java.util.List;
import java.util.Set;

/**
 * What a toolstack needs from Xen, and all it may use: the simulated host implements it in
 * process, and the real-Xen backend will through libxenctrl. Operations on a domain that does not
 * exist fail with {@link XenError#ESRCH}; bad arguments with {@link XenError#EINVAL}, as Xen's
 * hypercalls do.
 */
public interface Hypervisor {
    /** The host: CPUs, their cores, sockets and NUMA nodes, memory per node. */
    PhysInfo physInfo();

    /** Creates a domain, paused, with no memory yet beyond what {@code spec} asks; returns its ID. */
    int createDomain(DomainSpec spec) throws HypervisorException;

    /** Destroys a domain: it stops running at once and its memory is returned to the host. */
    void destroyDomain(int domid) throws HypervisorException;

    void pause(int domid) throws HypervisorException;

    void unpause(int domid) throws HypervisorException;

    /** Shuts a domain down with a reason, as the guest's SCHEDOP_shutdown or a toolstack's request does. */
    void shutdown(int domid, ShutdownReason reason) throws HypervisorException;

    DomainInfo domainInfo(int domid) throws HypervisorException;

    /** Every domain, by domain ID. */
    List<DomainInfo> domains();

    /** The most memory the domain may have; it does not take memory away (the balloon does). */
    void setMaxMemory(int domid, long maxKb) throws HypervisorException;

    /** The balloon target: the guest gives back or takes memory until it holds {@code targetKb}. */
    void setMemoryTarget(int domid, long targetKb) throws HypervisorException;

    /** Reserves memory for a domain being built so that a concurrent build cannot take it; 0 releases. */
    void claimMemory(int domid, long kb) throws HypervisorException;

    /** How many of the domain's vCPUs are online (up to its maximum). */
    void setOnlineVcpus(int domid, int count) throws HypervisorException;

    /** Where a vCPU may run (hard) and where it prefers to (soft); physical CPU numbers. */
    void setVcpuAffinity(int domid, int vcpu, Set<Integer> hard, Set<Integer> soft) throws HypervisorException;

    VcpuInfo vcpuInfo(int domid, int vcpu) throws HypervisorException;

    /** credit2 weight and cap of a domain. */
    SchedParams schedParams(int domid) throws HypervisorException;

    void setSchedParams(int domid, SchedParams params) throws HypervisorException;

    /** The scheduler's rate limit for the (one) CPU pool, in microseconds. */
    int rateLimitUs();

    void setRateLimitUs(int us) throws HypervisorException;

    /** The hypervisor's console ring, as {@code xl dmesg} shows it. */
    List<String> consoleLog();

    /**
     * EVTCHNOP_alloc_unbound: a new port of {@code domid} that {@code remoteDomid} may bind;
     * ports are numbered from 1.
     */
    int allocUnboundPort(int domid, int remoteDomid) throws HypervisorException;

    /** EVTCHNOP_bind_interdomain: a new port of {@code domid} joined to the remote's unbound port. */
    int bindInterdomain(int domid, int remoteDomid, int remotePort) throws HypervisorException;

    /** EVTCHNOP_send: signals the other end of an interdomain channel. */
    void notify(int domid, int port) throws HypervisorException;

    /** EVTCHNOP_close: the port is freed; the other end of a bound channel becomes unbound again. */
    void closePort(int domid, int port) throws HypervisorException;

    /** EVTCHNOP_status, with how many notifications the port has received. */
    EventChannelStatus portStatus(int domid, int port) throws HypervisorException;

    /**
     * Grants {@code toDomid} access to page {@code gfn} of {@code domid}; returns the grant
     * reference. References 0 (console ring) and 1 (XenStore ring) are reserved, set up for dom0
     * when a domain is created (see {@link #magicPages}).
     */
    int grantAccess(int domid, int toDomid, long gfn, boolean readOnly) throws HypervisorException;

    /** Withdraws a grant. */
    void endAccess(int domid, int ref) throws HypervisorException;

    /** GNTTABOP_map_grant_ref as {@code mapperDomid}: the page a grant of {@code granterDomid} gives. */
    Grant mapGrant(int mapperDomid, int granterDomid, int ref) throws HypervisorException;

    /** The pages of a domain's console and XenStore rings, granted to dom0 at references 0 and 1. */
    MagicPages magicPages(int domid) throws HypervisorException;

    /** Starts or stops log-dirty mode (XEN_DOMCTL_SHADOW_OP_ENABLE_LOGDIRTY / OFF), as migration does. */
    void setDirtyLogging(int domid, boolean on) throws HypervisorException;

    /**
     * SHADOW_OP_CLEAN: the frames written since logging started or since the last call, as a set of
     * guest frame numbers; the log starts empty again.
     */
    java.util.BitSet takeDirtyPages(int domid) throws HypervisorException;

    /** A guest page's 4,096 bytes, as a foreign mapping reads them. */
    byte[] readPage(int domid, long gfn) throws HypervisorException;

    /** Fills a guest page, as restore does. */
    void writePage(int domid, long gfn, byte[] contents) throws HypervisorException;
}
