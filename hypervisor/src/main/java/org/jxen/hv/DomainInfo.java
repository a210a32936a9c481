package org.jxen.hv;

import java.util.Set;
import java.util.UUID;

/**
 * A domain as {@code xc_domain_getinfo} reports it: its handle and type, its lifecycle state, what
 * its vCPUs are doing and whether it is paused, why it shut down (null unless it did), CPU time
 * (all vCPUs, ns), memory now and at most, the pages its claim still holds, vCPUs up and at most,
 * its CPU pool.
 */
public record DomainInfo(int domid, UUID handle, DomainType type, State state, Set<Flag> flags,
                         ShutdownReason shutdownReason, long cpuTimeNs, long memKb, long maxMemKb,
                         long outstandingPages, int onlineVcpus, int maxVcpus, int cpupool) {
    public DomainInfo {
        flags = Set.copyOf(flags);
    }

    /** Where a domain is in its life: alive, shut down (and waiting to be destroyed), dying (destroyed, not yet gone). */
    public enum State { ALIVE, SHUTDOWN, DYING }

    /** XEN_DOMINF_running, _blocked, _paused: what its vCPUs do, and whether the toolstack paused it. */
    public enum Flag { RUNNING, BLOCKED, PAUSED }

    public boolean has(Flag flag) {
        return flags.contains(flag);
    }
}
