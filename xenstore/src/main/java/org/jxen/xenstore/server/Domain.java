package org.jxen.xenstore.server;

/** An introduced domain: its ring's page and event channel, and its connection if it has one. */
final class Domain {
    final int domid;
    long gfn;
    int port;
    Session session;
    /** Set once @releaseDomain fired for its shutdown; RESUME clears it. */
    boolean shutdownReported;

    Domain(int domid, long gfn, int port) {
        this.domid = domid;
        this.gfn = gfn;
        this.port = port;
    }
}
