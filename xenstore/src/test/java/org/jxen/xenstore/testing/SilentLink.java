package org.jxen.xenstore.testing;

import org.jxen.xenstore.proto.Message;
import org.jxen.xenstore.server.ClientLink;
import org.jxen.xenstore.server.Session;

/** A connection whose replies go nowhere: for driving the core from a test without reading back. */
public final class SilentLink implements ClientLink {
    @Override
    public void send(Message message) {
    }

    @Override
    public void close(String reason) {
    }

    @Override
    public String describe() {
        return "silent";
    }

    @Override
    public void opened(Session s) {
    }
}
