/** The simulated Xen host: implements the Hypervisor SPI and serves its guests' XenStore rings. */
module org.jxen.sim {
    requires transitive org.jxen.hv;
    requires org.jxen.xenstore;

    exports org.jxen.hv.sim;
    exports org.jxen.hv.sim.disk;
}
