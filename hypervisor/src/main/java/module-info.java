/** The Hypervisor SPI: what dom0 may ask of Xen, and views of the pages it shares (ConsoleRing). No implementation lives here. */
module org.jxen.hv {
    exports org.jxen.hv;
}
