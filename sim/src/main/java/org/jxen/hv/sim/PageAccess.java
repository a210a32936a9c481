package org.jxen.hv.sim;

import java.lang.foreign.MemorySegment;
import java.util.BitSet;
import org.jxen.hv.ForeignMapping;
import org.jxen.hv.GrantMapping;
import org.jxen.hv.HypervisorException;
import org.jxen.hv.XenError;

/**
 * Access to guests' pages from outside them: the grants a guest gives, dom0's mappings of granted
 * and foreign pages (each holds a destroyed domain dying until it is closed), and the dirty log.
 * Called under the host's lock, which closing a mapping takes too.
 */
final class PageAccess {
    private final Object lock;
    private final DomainLifecycle lifecycle;
    private final GrantTables grants;

    PageAccess(Object lock, DomainLifecycle lifecycle, GrantTables grants) {
        this.lock = lock;
        this.lifecycle = lifecycle;
        this.grants = grants;
    }

    /** A guest grants {@code toDomid} its page {@code gfn} (an entry in its own grant table); returns the reference. */
    int grant(SimDomain d, int toDomid, long gfn, boolean readOnly) throws HypervisorException {
        checkFrame(d, gfn);
        lifecycle.live(toDomid);
        return grants.grant(d.domid, new GrantTables.Grant(toDomid, gfn, readOnly));
    }

    GrantMapping mapGrant(int granterDomid, int ref, boolean readOnly) throws HypervisorException {
        SimDomain d = lifecycle.live(granterDomid);
        GrantTables.Grant g = grants.map(0, granterDomid, ref);
        if (g.readOnly() && !readOnly) {
            throw new HypervisorException(XenError.EPERM, "grant " + ref + " of domain " + granterDomid
                    + " is read-only; map it read-only");
        }
        MemorySegment page = d.pages.page(g.gfn());
        d.mappings++;
        return new Mappings.Grant(lock, readOnly ? page.asReadOnly() : page, () -> unmapped(d));
    }

    ForeignMapping mapForeign(int domid, long[] gfns, boolean writable) throws HypervisorException {
        SimDomain d = lifecycle.live(domid);
        if (d.pages == null) {
            throw new HypervisorException(XenError.EINVAL, "domain 0's pages are not modelled");
        }
        if (gfns.length == 0) {
            throw new HypervisorException(XenError.EINVAL, "no frames to map; ask for at least one");
        }
        for (long gfn : gfns) {
            checkFrame(d, gfn);
        }
        d.mappings++;
        return new Mappings.Foreign(lock, d.pages, gfns, writable, () -> unmapped(d));
    }

    private void unmapped(SimDomain d) {
        d.mappings--;
        lifecycle.reapIfFree(d);
    }

    BitSet takeDirtyPages(int domid) throws HypervisorException {
        GuestPages pages = pagesOf(domid);
        if (!pages.logging()) {
            throw new HypervisorException(XenError.EINVAL, "domain " + domid + " is not in log-dirty mode;"
                    + " enable it first");
        }
        return pages.takeDirty();
    }

    /** The pages of a domain that is not dying, whose pages are modelled (not dom0's). */
    GuestPages pagesOf(int domid) throws HypervisorException {
        SimDomain d = lifecycle.live(domid);
        if (d.pages == null) {
            throw new HypervisorException(XenError.EINVAL, "domain 0's pages are not modelled");
        }
        return d.pages;
    }

    private static void checkFrame(SimDomain d, long gfn) throws HypervisorException {
        if (gfn < 0 || gfn >= d.maxMemKb / 4) {
            throw new HypervisorException(XenError.EINVAL, "domain " + d.domid + " has frames 0-"
                    + (d.maxMemKb / 4 - 1) + ", not " + gfn);
        }
    }
}
