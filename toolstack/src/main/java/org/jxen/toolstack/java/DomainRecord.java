package org.jxen.toolstack.java;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import org.jxen.config.DomainConfig;

/**
 * What the toolstack keeps of a domain it runs: its identity, its configuration as given and with
 * libxl's defaults filled in (updated as devices come and go, as libxl updates its stored JSON),
 * when it was created, and the lock that serializes operations on it.
 */
final class DomainRecord {
    final int domid;
    /** Its handle in the hypervisor: the config's UUID. */
    final UUID uuid;
    /**
     * Whose {@code /vm} directory is the domain's: its handle's, until a rename-restart keeps the
     * domain under a UUID of its own there ({@code libxl_domain_preserve}) for its successor to have the config's.
     */
    volatile UUID vmUuid;
    final long createdNs;
    final ReentrantLock lock = new ReentrantLock();
    /** The store ring's frame and port, for the {@code store/} keys and a restore. */
    final long storeGfn;
    final int storePort;
    volatile String name;
    /** The configuration with libxl's defaults filled in, as the domain now is. */
    volatile DomainConfig config;
    /**
     * What libxl stores as the domain's configuration ({@code libxl__update_domain_configuration}):
     * as given, with the NICs' devids and MACs and the UUID filled in; hot-plugged devices are
     * added to it and removed from it.
     */
    volatile DomainConfig saved;
    /** The NUMA nodes its memory comes from. */
    final Set<Integer> nodes;
    /** Set once destroy has begun: the domain's events are no longer acted on. */
    volatile boolean destroying;

    DomainRecord(int domid, UUID uuid, String name, DomainConfig config, DomainConfig given, long createdNs,
                 Set<Integer> nodes, long storeGfn, int storePort) {
        this.saved = given;
        this.nodes = Set.copyOf(nodes);
        this.domid = domid;
        this.uuid = uuid;
        this.vmUuid = uuid;
        this.name = name;
        this.config = config;
        this.createdNs = createdNs;
        this.storeGfn = storeGfn;
        this.storePort = storePort;
    }
}
