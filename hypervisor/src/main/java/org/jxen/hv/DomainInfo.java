package org.jxen.hv;

/**
 * A domain as {@code xc_domain_getinfo} reports it: state flags, why it shut down (null unless
 * it did), CPU time used (all vCPUs, ns), memory now and at most, vCPUs online and at most.
 */
public record DomainInfo(int domid, String name, boolean running, boolean blocked, boolean paused, boolean shutdown,
                         boolean crashed, boolean dying, ShutdownReason shutdownReason, long cpuTimeNs,
                         long currentMemKb, long maxMemKb, int onlineVcpus, int maxVcpus) {
}
