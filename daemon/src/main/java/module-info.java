/** jxend: the toolstack daemon. Its API is XenAPI on the wire; nothing here is exported. */
module org.jxen.daemon {
    requires org.jxen.api;
    requires org.jxen.toolstack;
    requires org.jxen.sim;
    requires org.jxen.config;
    requires org.jxen.hv;
    requires org.jxen.xenstore;
    requires org.eclipse.jetty.server;
    requires org.eclipse.jetty.unixdomain.server;
    requires org.eclipse.jetty.util;
    requires org.eclipse.jetty.io;
    requires org.eclipse.jetty.http;
    requires org.eclipse.jetty.websocket.server;
    requires org.eclipse.jetty.websocket.api;
    requires java.sql;
    requires java.logging;
    requires info.picocli;
    requires com.fasterxml.jackson.databind;

    opens org.jxen.daemon to info.picocli;
}
