package org.jxen.xenstore.server;

/** An introduced domain and its connection, if it has one (its ring and port are the connector's). */
final class Domain {
    final int domid;
    Session session;
    /** Set once @releaseDomain fired for its shutdown; RESUME clears it. */
    boolean shutdownReported;

    Domain(int domid) {
        this.domid = domid;
    }
}
