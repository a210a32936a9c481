package org.jxen.xenstore.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A node's permission list. The first entry names the owner and the access every domain not
 * listed gets; the following entries grant listed domains their access. Immutable: nodes that
 * inherit a parent's list share the instance.
 */
public final class Permissions {
    /** Owned by dom0, no access for anyone else: the root's list and the default for special nodes. */
    public static final Permissions DOM0_ONLY = new Permissions(new int[] {0}, new Access[] {Access.NONE});

    private final int[] domids;
    private final Access[] access;

    private Permissions(int[] domids, Access[] access) {
        this.domids = domids;
        this.access = access;
    }

    public static Permissions of(List<Integer> domids, List<Access> access) {
        if (domids.isEmpty() || domids.size() != access.size()) {
            throw new IllegalArgumentException("a permission list needs at least the owner entry");
        }
        return new Permissions(domids.stream().mapToInt(Integer::intValue).toArray(), access.toArray(Access[]::new));
    }

    /**
     * Parses the wire form, one entry per string: a letter (n, r, w, b) and a domid, read like
     * C's {@code strtol(s, &end, 0)} (decimal, 0x hex or 0 octal, optional sign) and cut to 32 bits
     * as C xenstored does. Ids that name no real domain parse (the caller then fails with ENOENT,
     * as C xenstored does).
     *
     * @return the list, or null if an entry is malformed or the list is empty
     */
    public static Permissions parse(List<String> entries) {
        if (entries.isEmpty()) {
            return null;
        }
        int[] ids = new int[entries.size()];
        Access[] acc = new Access[entries.size()];
        for (int i = 0; i < ids.length; i++) {
            String e = entries.get(i);
            if (e.length() < 2 || (acc[i] = Access.ofLetter(e.charAt(0))) == null) {
                return null;
            }
            Long id = Domids.parseCLong(e.substring(1));
            if (id == null) {
                return null;
            }
            ids[i] = id.intValue(); // C xenstored keeps the low 32 bits: n4294967297 is domain 1 (measured)
        }
        return new Permissions(ids, acc);
    }

    public int owner() {
        return domids[0];
    }

    public int size() {
        return domids.length;
    }

    public int domid(int i) {
        return domids[i];
    }

    public Access access(int i) {
        return access[i];
    }

    /** The same list with a different owner (entry 0), keeping entry 0's default access. */
    public Permissions withOwner(int owner) {
        if (owner == domids[0]) {
            return this;
        }
        int[] ids = domids.clone();
        ids[0] = owner;
        return new Permissions(ids, access);
    }

    /** This list without the entries 1..n that name {@code domid}; this instance if there are none. */
    public Permissions without(int domid) {
        List<Integer> keepIds = new ArrayList<>(domids.length);
        List<Access> keepAccess = new ArrayList<>(domids.length);
        keepIds.add(domids[0]);
        keepAccess.add(access[0]);
        for (int i = 1; i < domids.length; i++) {
            if (domids[i] != domid) {
                keepIds.add(domids[i]);
                keepAccess.add(access[i]);
            }
        }
        return keepIds.size() == domids.length ? this : of(keepIds, keepAccess);
    }

    public boolean mentions(int domid) {
        for (int id : domids) {
            if (id == domid) {
                return true;
            }
        }
        return false;
    }

    /** The wire form: one string per entry, e.g. {@code [b5, n0]}. */
    public List<String> toStrings() {
        List<String> out = new ArrayList<>(domids.length);
        for (int i = 0; i < domids.length; i++) {
            out.add(access[i].letter() + Integer.toString(domids[i]));
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Permissions p && java.util.Arrays.equals(domids, p.domids)
                && java.util.Arrays.equals(access, p.access);
    }

    @Override
    public int hashCode() {
        return Objects.hash(java.util.Arrays.hashCode(domids), java.util.Arrays.hashCode(access));
    }

    @Override
    public String toString() {
        return String.join(",", toStrings());
    }
}
