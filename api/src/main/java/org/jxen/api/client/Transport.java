package org.jxen.api.client;

import java.io.Closeable;
import java.io.IOException;

/** How a JSON-RPC body gets to the server's {@code /jsonrpc} and its reply back; thread-safe. */
interface Transport extends Closeable {
    /** An HTTP reply: its status and body. */
    record Reply(int status, byte[] body) {
    }

    /** POSTs {@code body} (JSON) and returns the reply, whatever its status. */
    Reply post(byte[] body) throws IOException;

    /** Where the requests go, for messages: a URL or a socket path. */
    String where();
}
