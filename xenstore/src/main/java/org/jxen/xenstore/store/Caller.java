package org.jxen.xenstore.store;

/**
 * Who sends a request, for permission and quota checks.
 *
 * @param domid      the sender's domain (0 for socket clients)
 * @param privileged dom0 (or the configured privileged domain): every check passes, no quota applies
 * @param target     the domain this one may act for after SET_TARGET (a device model for its guest), or -1
 */
public record Caller(int domid, boolean privileged, int target) {
    public static final Caller DOM0 = new Caller(0, true, -1);

    public static Caller domain(int domid) {
        return new Caller(domid, false, -1);
    }

    /** The access this caller has to a node with these permissions. */
    public Access accessTo(Permissions perms) {
        if (privileged || isOwner(perms)) {
            return Access.BOTH;
        }
        for (int i = 1; i < perms.size(); i++) {
            int id = perms.domid(i);
            if (id == domid || (target >= 0 && id == target)) {
                return perms.access(i);
            }
        }
        return perms.access(0);
    }

    /** Owners may change permissions; a domain acting for its target owns what its target owns. */
    public boolean isOwner(Permissions perms) {
        return privileged || perms.owner() == domid || (target >= 0 && perms.owner() == target);
    }
}
