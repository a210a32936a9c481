package org.jxen.toolstack.save;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import org.jxen.hv.DomainType;

/**
 * What a save image says about the domain before its memory: enough to create it again.
 *
 * @param uuid the domain's UUID, kept across save and restore
 * @param name the domain's name
 * @param type PV, PVH or HVM
 * @param memoryKib the memory the domain had when saved (its balloon target)
 * @param maxMemoryKib its maximum memory
 * @param maxVcpus the vCPUs it was built with
 * @param onlineVcpus how many of them were online
 * @param extra fields a later jxen adds without a new format version; sorted, so the image is
 *     the same bytes for the same domain
 */
public record DomainRecord(UUID uuid, String name, DomainType type, long memoryKib, long maxMemoryKib,
        int maxVcpus, int onlineVcpus, SortedMap<String, String> extra) {
    public DomainRecord {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (memoryKib < 0 || maxMemoryKib < 0) {
            throw new IllegalArgumentException("domain " + name + ": negative memory (memoryKib=" + memoryKib
                    + ", maxMemoryKib=" + maxMemoryKib + ")");
        }
        if (maxVcpus < 1 || onlineVcpus < 0 || onlineVcpus > maxVcpus) {
            throw new IllegalArgumentException("domain " + name + ": vCPUs out of range (maxVcpus=" + maxVcpus
                    + ", onlineVcpus=" + onlineVcpus + "); need 1 <= maxVcpus and 0 <= onlineVcpus <= maxVcpus");
        }
        extra = Collections.unmodifiableSortedMap(new TreeMap<>(extra));
    }

    public DomainRecord(UUID uuid, String name, DomainType type, long memoryKib, long maxMemoryKib,
            int maxVcpus, int onlineVcpus, Map<String, String> extra) {
        this(uuid, name, type, memoryKib, maxMemoryKib, maxVcpus, onlineVcpus, new TreeMap<>(extra));
    }
}
