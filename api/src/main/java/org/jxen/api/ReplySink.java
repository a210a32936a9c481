package org.jxen.api;

import java.io.IOException;

/**
 * Where a reply streamed by {@link JsonRpc#writeSuccess(JsonRpc.Request, Object, ReplySink)} goes,
 * a chunk at a time, in order. A chunk's bytes are the sink's only for the call: the writer reuses
 * the array for the next chunk, except after the last.
 */
public interface ReplySink {
    void write(byte[] bytes, int length, boolean last) throws IOException;
}
