package org.jxen.daemon.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.jxen.api.ReplySink;

/**
 * An RPC reply on its way to the client. A reply that comes as one chunk (nearly all) is written
 * as Jetty writes any: asynchronously, completing the request's callback. A large one (every VM's
 * record is megabytes) goes out a chunk at a time, each write waiting for the client, so neither
 * jxend nor the JDK holds it whole: at each write the JDK copies what is left of a heap buffer
 * into a direct buffer of that size, so a reply written whole is copied again and again as the
 * socket takes part of it.
 */
final class ReplyChunks implements ReplySink {
    /** The slice a whole reply is written in: as large as the JDK's cached direct buffers. */
    private static final int SLICE = 256 * 1024;

    private final Response response;
    private final Callback callback;
    private boolean started;

    ReplyChunks(Response response, Callback callback) {
        this.response = response;
        this.callback = callback;
    }

    /** Whether some of the reply has gone: a failure can no longer be answered in its place. */
    boolean started() {
        return started;
    }

    @Override
    public void write(byte[] bytes, int length, boolean last) throws IOException {
        send(ByteBuffer.wrap(bytes, 0, length), last);
    }

    /** A reply made whole (XML-RPC's, a failure's), in slices. */
    void whole(byte[] reply) throws IOException {
        int at = 0;
        do {
            int n = Math.min(SLICE, reply.length - at);
            send(ByteBuffer.wrap(reply, at, n), at + n == reply.length);
            at += n;
        } while (at < reply.length);
    }

    private void send(ByteBuffer chunk, boolean last) throws IOException {
        boolean first = !started;
        started = true;
        if (last && first) {
            response.write(true, chunk, callback);
            return;
        }
        Content.Sink.write(response, last, chunk);
        if (last) {
            callback.succeeded();
        }
    }
}
