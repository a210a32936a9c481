package org.jxen.hv.sim;

import java.time.Duration;
import org.jxen.hv.Hypervisor;
import org.jxen.hv.contract.HypervisorContractTest;

/** The simulated host passes the SPI's contract, on its virtual clock. */
class SimHostContractTest extends HypervisorContractTest {
    private SimHost host;

    @Override
    protected Hypervisor hypervisor() {
        host = new SimHost(Topology.laptop(), 1);
        return host;
    }

    @Override
    protected void letTimePass(Duration time) {
        host.runFor(time.toNanos());
    }
}
