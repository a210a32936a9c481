package org.jxen.hv;

import java.lang.foreign.MemorySegment;

/**
 * Guest frames mapped into dom0 in one go ({@code xenforeignmemory_map}): frame i of the request is
 * bytes {@code i * 4096} to {@code i * 4096 + 4095} of {@link #pages}. The frames themselves, not a
 * copy: what dom0 writes is in the guest's memory at once, and what the guest writes shows. Closing
 * unmaps them, and {@link #pages} is unusable after (an access throws {@link IllegalStateException});
 * a destroyed domain stays dying while this is open.
 */
public interface ForeignMapping extends AutoCloseable {
    int PAGE_SIZE = 4096;

    MemorySegment pages();

    @Override
    void close();
}
