package org.jxen.hv;

import java.util.Objects;

/**
 * What {@link Hypervisor#createDomain} needs: the guest type, its name (for the console log), how
 * many vCPUs it may have, its memory (allocated at create, from the NUMA nodes it has affinity
 * to; {@code nodeAffinity} empty means any; kept sorted, so that it prints the same in every JVM), and the highest event channel port it may use
 * (xl's {@code max_event_channels}; Xen's {@code max_evtchn_port}).
 */
public record DomainSpec(DomainKind kind, String name, int maxVcpus, long memKb, long maxMemKb,
                         java.util.Set<Integer> nodeAffinity, int maxEventChannels) {
    /** xl's default {@code max_event_channels}. */
    public static final int DEFAULT_MAX_EVENT_CHANNELS = 1023;
    /** The most the FIFO event channel ABI allows (2^17 - 1); the 2-level ABI allows 4095. */
    public static final int FIFO_MAX_EVENT_CHANNELS = (1 << 17) - 1;

    public DomainSpec {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        nodeAffinity = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(nodeAffinity));
        if (maxVcpus < 1) {
            throw new IllegalArgumentException("a domain needs at least one vCPU, not " + maxVcpus);
        }
        if (memKb < 0 || maxMemKb < memKb) {
            throw new IllegalArgumentException("memory " + memKb + " KiB must be between 0 and the maximum " + maxMemKb);
        }
        if (maxEventChannels < 1 || maxEventChannels > FIFO_MAX_EVENT_CHANNELS) {
            throw new IllegalArgumentException("max_event_channels " + maxEventChannels + " must be between 1 and "
                    + FIFO_MAX_EVENT_CHANNELS + " (the FIFO ABI's limit)");
        }
    }

    /** A domain with xl's default event channel limit. */
    public DomainSpec(DomainKind kind, String name, int maxVcpus, long memKb, long maxMemKb,
                      java.util.Set<Integer> nodeAffinity) {
        this(kind, name, maxVcpus, memKb, maxMemKb, nodeAffinity, DEFAULT_MAX_EVENT_CHANNELS);
    }

    /** The guest types Xen builds. */
    public enum DomainKind { PV, PVH, HVM }
}
