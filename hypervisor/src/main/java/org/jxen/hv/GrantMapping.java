package org.jxen.hv;

import java.lang.foreign.MemorySegment;

/**
 * A page another domain granted, mapped into dom0 ({@code xengnttab_map_grant_ref}): the page
 * itself, live, read-only when mapped so. Closing unmaps it; a destroyed granter stays dying while
 * this is open.
 */
public interface GrantMapping extends AutoCloseable {
    /** The 4,096 bytes of the page. */
    MemorySegment page();

    @Override
    void close();
}
