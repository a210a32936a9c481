/** Side-by-side harnesses against Xen's own software, and JMH; JMH reads the benchmarks reflectively. */
module org.jxen.bench {
    requires org.jxen.config;
    requires org.jxen.sim;
    requires org.jxen.toolstack;
    requires org.jxen.api;
    requires java.net.http;
    requires org.jxen.xenstore;
    requires jmh.core;
    requires java.management;
    requires org.eclipse.jetty.server;
    requires org.eclipse.jetty.util;
    requires org.eclipse.jetty.io;
    requires org.eclipse.jetty.http;

    opens org.jxen.bench to jmh.core;
}
