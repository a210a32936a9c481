package org.jxen.xenstore.client;

import java.util.ArrayList;
import java.util.List;
import org.jxen.xenstore.store.Access;

/**
 * A node's permissions: its owner (who may do anything with it), the access every domain not
 * listed gets, and the listed domains' access. On the wire ({@code xs_wire.h}) each entry is a
 * letter and a domid, the owner's first: {@code n0 r5 b3} is "owned by dom0, nobody else may
 * do anything, domain 5 may read, domain 3 may read and write".
 *
 * @param owner  the owning domain
 * @param others what domains not in {@code grants} may do
 * @param grants what listed domains may do, in order
 */
public record XsPermissions(int owner, Access others, List<Grant> grants) {
    /** One listed domain's access. */
    public record Grant(int domid, Access access) {
    }

    public XsPermissions {
        grants = List.copyOf(grants);
    }

    /** Owned by {@code domid}, no access for anyone else. */
    public static XsPermissions ownedBy(int domid) {
        return new XsPermissions(domid, Access.NONE, List.of());
    }

    /** These permissions with {@code domid} given {@code access} too. */
    public XsPermissions with(int domid, Access access) {
        List<Grant> more = new ArrayList<>(grants);
        more.add(new Grant(domid, access));
        return new XsPermissions(owner, others, more);
    }

    /** Reads the wire form, e.g. {@code [n0, r5]}. */
    public static XsPermissions parse(List<String> entries) {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("a permission list needs at least its owner's entry");
        }
        Grant first = grant(entries.getFirst());
        List<Grant> grants = new ArrayList<>();
        for (String e : entries.subList(1, entries.size())) {
            grants.add(grant(e));
        }
        return new XsPermissions(first.domid(), first.access(), grants);
    }

    private static Grant grant(String entry) {
        Access a = entry.isEmpty() ? null : Access.ofLetter(entry.charAt(0));
        if (a == null || !entry.substring(1).matches("[0-9]{1,5}")) {
            throw new IllegalArgumentException("permission entry '" + entry
                    + "' is not a letter n, r, w or b followed by a domain id");
        }
        return new Grant(Integer.parseInt(entry.substring(1)), a);
    }

    /** The wire form, e.g. {@code [n0, r5]}. */
    public List<String> toWire() {
        List<String> wire = new ArrayList<>();
        wire.add(others.letter() + Integer.toString(owner));
        for (Grant g : grants) {
            wire.add(g.access().letter() + Integer.toString(g.domid()));
        }
        return wire;
    }

    @Override
    public String toString() {
        return String.join(" ", toWire());
    }
}
