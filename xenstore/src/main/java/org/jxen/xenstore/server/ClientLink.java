package org.jxen.xenstore.server;

import org.jxen.xenstore.proto.Message;

/**
 * The transport side of one connection (a Unix socket, or a domain's shared ring). The core
 * calls it on its own thread; the store never learns which transport a request came from.
 */
public interface ClientLink {
    /** Queues a reply or watch event for the client. */
    void send(Message message);

    /** Drops the connection, e.g. after a protocol violation. The transport then closes the session. */
    void close(String reason);

    /** A short name for traces and logs, e.g. {@code socket#3} or {@code ring/dom5}. */
    String describe();

    /** Tells the transport the session the core keeps for this link: what it hands to {@link XenStoreCore#handle}. */
    void opened(Session session);
}
