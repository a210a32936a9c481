package org.jxen.hv.sim;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.jxen.hv.HypervisorException;
import org.jxen.hv.XenError;

/** Every domain's grant table: which of its pages which domain may map. */
final class GrantTables {
    /** A grant entry: page {@code gfn} of the granting domain, for {@code toDomid}, perhaps read-only. */
    record Grant(int toDomid, long gfn, boolean readOnly) {
    }

    /** References below this are the builder's (0: console ring, 1: XenStore ring), as libxenguest reserves them. */
    static final int FIRST_GUEST_REF = 8;
    /** 32 grant frames of 512 version-1 entries: libxl's default max_grant_frames. */
    static final int MAX_REFS = 32 * 512;

    private final Map<Integer, TreeMap<Integer, Grant>> tables = new HashMap<>();

    private TreeMap<Integer, Grant> of(int domid) {
        return tables.computeIfAbsent(domid, d -> new TreeMap<>());
    }

    void reserve(int domid, int ref, Grant g) {
        of(domid).put(ref, g);
    }

    int grant(int domid, Grant g) throws HypervisorException {
        TreeMap<Integer, Grant> table = of(domid);
        for (int ref = FIRST_GUEST_REF; ref < MAX_REFS; ref++) {
            if (!table.containsKey(ref)) {
                table.put(ref, g);
                return ref;
            }
        }
        throw new HypervisorException(XenError.ENOSPC, "domain " + domid + " has used all " + MAX_REFS + " grant references");
    }

    void end(int domid, int ref) throws HypervisorException {
        if (of(domid).remove(ref) == null) {
            throw new HypervisorException(XenError.EINVAL, "domain " + domid + " has no grant " + ref);
        }
    }

    Grant map(int mapperDomid, int granterDomid, int ref) throws HypervisorException {
        Grant g = of(granterDomid).get(ref);
        if (g == null) {
            throw new HypervisorException(XenError.EINVAL, "domain " + granterDomid + " has no grant " + ref);
        }
        if (g.toDomid() != mapperDomid) {
            throw new HypervisorException(XenError.EPERM, "grant " + ref + " of domain " + granterDomid
                    + " is for domain " + g.toDomid() + ", not " + mapperDomid);
        }
        return g;
    }

    void drop(int domid) {
        tables.remove(domid);
    }
}
