package org.jxen.toolstack.java;

import org.jxen.xenstore.client.XsPermissions;
import org.jxen.xenstore.store.Access;

/** The XenStore permissions libxl gives what it writes (libxl__domain_make, libxl__device_generic_add). */
final class Perms {
    private Perms() {
    }

    /** dom0's alone ({@code n0}): /libxl/N. */
    static final XsPermissions DOM0_ONLY = XsPermissions.ownedBy(0);

    /** dom0's, the domain reading ({@code n0 rN}): the domain's home and its read-only parts. */
    static XsPermissions readOnlyTo(int domid) {
        return XsPermissions.ownedBy(0).with(domid, Access.READ);
    }

    /** The domain's own ({@code nN}): where the guest writes (control/shutdown, data, ...). */
    static XsPermissions ownedBy(int domid) {
        return XsPermissions.ownedBy(domid);
    }

    /** Owned by {@code owner}, {@code reader} reading: device frontends and backends. */
    static XsPermissions ownedReadBy(int owner, int reader) {
        return XsPermissions.ownedBy(owner).with(reader, Access.READ);
    }
}
