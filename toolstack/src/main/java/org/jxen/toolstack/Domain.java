package org.jxen.toolstack;

import java.util.UUID;
import org.jxen.hv.DomainInfo;

/**
 * A domain as {@code xl list} shows it: its ID, name and UUID, Xen's view of it ({@link DomainInfo}:
 * state, memory, vCPUs, CPU time) and when it was created, in the host's clock (ns), for uptime.
 */
public record Domain(int domid, String name, UUID uuid, DomainInfo info, long createdNs) {
}
