/**
 * The toolstack: the {@code Toolstack} API (libxl's, as a Java program needs it) and the
 * JavaToolstack, which does libxl's job over the Hypervisor SPI and XenStore.
 */
module org.jxen.toolstack {
    requires transitive org.jxen.config;
    requires transitive org.jxen.hv;
    requires transitive org.jxen.xenstore;
    requires com.fasterxml.jackson.databind;
    requires java.logging;
    requires org.jxen.xen;

    exports org.jxen.toolstack;
    exports org.jxen.toolstack.java;
    exports org.jxen.toolstack.libxl;
}
