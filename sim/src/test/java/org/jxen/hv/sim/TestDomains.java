package org.jxen.hv.sim;

import java.util.Set;
import java.util.UUID;
import org.jxen.hv.BuildResult;
import org.jxen.hv.BuildSpec;
import org.jxen.hv.CreateSpec;
import org.jxen.hv.DomainType;
import org.jxen.hv.HypervisorException;
import org.jxen.hv.Hypervisor;

/** Starts a domain as libxl does: create, max memory, node affinity, build (dom0 serves its rings). */
final class TestDomains {
    private TestDomains() {
    }

    static int built(Hypervisor host, CreateSpec spec, long memKb, Set<Integer> nodes) throws HypervisorException {
        int domid = host.createDomain(spec);
        host.setMaxMemory(domid, memKb);
        host.setNodeAffinity(domid, nodes);
        build(host, domid, memKb);
        return domid;
    }

    /** Builds a created domain with dom0 serving its rings. */
    static BuildResult build(Hypervisor host, int domid, long memKb) throws HypervisorException {
        return host.build(domid, new BuildSpec(new BuildSpec.Image.Memory(new byte[] {0x7f, 'E', 'L', 'F'}), null, "",
                memKb, 0, 0));
    }

    static int built(Hypervisor host, DomainType type, int vcpus, long memKb, Set<Integer> nodes)
            throws HypervisorException {
        return built(host, CreateSpec.of(type, UUID.randomUUID(), vcpus), memKb, nodes);
    }
}
