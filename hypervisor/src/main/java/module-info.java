/** The Hypervisor SPI: what dom0 may ask of Xen. No implementation lives here. */
module org.jxen.hv {
    exports org.jxen.hv;
}
