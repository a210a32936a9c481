/**
 * XenStore: the wire protocol, the store, jxenstored and the client library. The daemon's
 * internals (its Xen connector, its tools) stay inside; other modules embed the daemon through
 * {@code server}, plug in-process guests in through {@code server.inproc} and {@code server.ring}.
 */
module org.jxen.xenstore {
    requires org.jxen.xen;

    exports org.jxen.xenstore.proto;
    exports org.jxen.xenstore.store;
    exports org.jxen.xenstore.client;
    exports org.jxen.xenstore.server;
    exports org.jxen.xenstore.server.inproc;
    exports org.jxen.xenstore.server.ring;
}
