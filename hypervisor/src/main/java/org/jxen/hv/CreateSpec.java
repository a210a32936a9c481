package org.jxen.hv;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * What {@link Hypervisor#createDomain} needs, as {@code xc_domain_create}'s
 * {@code xen_domctl_createdomain}: the guest type and creation flags, the handle (the domain's
 * UUID), how many vCPUs it may have, its grant table and maptrack frame limits, the highest event
 * channel port it may use, and its CPU pool. No memory: that is {@link Hypervisor#setMaxMemory}
 * and {@link Hypervisor#build}.
 */
public record CreateSpec(DomainType type, Set<Flag> flags, UUID handle, int maxVcpus, int maxGrantFrames,
                         int maxMaptrackFrames, int maxEventChannels, int cpupool) {
    /** xl's default {@code max_event_channels}. */
    public static final int DEFAULT_MAX_EVENT_CHANNELS = 1023;
    /** The most the FIFO event channel ABI allows (2^17 - 1); the 2-level ABI allows 4095. */
    public static final int FIFO_MAX_EVENT_CHANNELS = (1 << 17) - 1;
    /** libxl's default {@code max_grant_frames} (Xen's {@code gnttab_max_frames}). */
    public static final int DEFAULT_MAX_GRANT_FRAMES = 64;
    /** libxl's default {@code max_maptrack_frames}. */
    public static final int DEFAULT_MAX_MAPTRACK_FRAMES = 1024;

    /** XEN_DOMCTL_CDF_*, less {@code hvm}, which {@link DomainType} says. */
    public enum Flag { HAP, S3_INTEGRITY, OOS_OFF, XS_DOMAIN, IOMMU, NESTED_VIRT, VPMU }

    public CreateSpec {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(handle, "handle");
        EnumSet<Flag> ordered = EnumSet.noneOf(Flag.class); // prints in one order in every JVM
        ordered.addAll(flags);
        flags = Collections.unmodifiableSet(ordered);
        if (maxVcpus < 1) {
            throw new IllegalArgumentException("a domain needs at least one vCPU, not " + maxVcpus);
        }
        if (maxGrantFrames < 1 || maxMaptrackFrames < 0) {
            throw new IllegalArgumentException("grant frames " + maxGrantFrames + " must be at least 1 and maptrack"
                    + " frames " + maxMaptrackFrames + " at least 0");
        }
        if (maxEventChannels < 1 || maxEventChannels > FIFO_MAX_EVENT_CHANNELS) {
            throw new IllegalArgumentException("max_event_channels " + maxEventChannels + " must be between 1 and "
                    + FIFO_MAX_EVENT_CHANNELS + " (the FIFO ABI's limit)");
        }
        if (cpupool < 0) {
            throw new IllegalArgumentException("a CPU pool ID is 0 or more, not " + cpupool);
        }
    }

    /** A domain with libxl's defaults: no flags, pool 0, default grant, maptrack and event channel limits. */
    public static CreateSpec of(DomainType type, UUID handle, int maxVcpus) {
        return new CreateSpec(type, Set.of(), handle, maxVcpus, DEFAULT_MAX_GRANT_FRAMES, DEFAULT_MAX_MAPTRACK_FRAMES,
                DEFAULT_MAX_EVENT_CHANNELS, 0);
    }

    /** The same domain with another event channel limit. */
    public CreateSpec withMaxEventChannels(int max) {
        return new CreateSpec(type, flags, handle, maxVcpus, maxGrantFrames, maxMaptrackFrames, max, cpupool);
    }
}
