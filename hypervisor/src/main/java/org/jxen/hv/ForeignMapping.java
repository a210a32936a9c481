package org.jxen.hv;

import java.lang.foreign.MemorySegment;

/**
 * Guest frames mapped into dom0 in one go ({@code xenforeignmemory_map}): frame i of the request is
 * bytes {@code i * 4096} to {@code i * 4096 + 4095} of {@link #pages}. Closing unmaps them; a
 * destroyed domain stays dying while this is open.
 */
public interface ForeignMapping extends AutoCloseable {
    int PAGE_SIZE = 4096;

    MemorySegment pages();

    @Override
    void close();
}
