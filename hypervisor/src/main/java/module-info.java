/** The Hypervisor SPI ({@code org.jxen.hv}) and, until it has a module of its own, the simulated host. */
module org.jxen.hv {
    requires org.jxen.xenstore;

    exports org.jxen.hv;
    exports org.jxen.hv.sim;
}
