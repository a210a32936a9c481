package org.jxen.xenstore.proto;

/** The errno names a XenStore daemon may send in an ERROR reply ({@code xsd_errors} in xs_wire.h). */
public enum XsErrno {
    EINVAL, EACCES, EEXIST, EISDIR, ENOENT, ENOMEM, ENOSPC, EIO, ENOTEMPTY, ENOSYS, EROFS, EBUSY,
    EAGAIN, EISCONN, E2BIG, EPERM;

    /** The errno with this name, or EIO for a name xs_wire.h does not list. */
    public static XsErrno parse(String name) {
        for (XsErrno e : values()) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        return EIO;
    }

    /**
     * How a daemon reports a failed system call's errno (by name): as itself where xs_wire.h lists
     * it, otherwise EINVAL, as C xenstored's {@code send_error} does with an untranslatable errno.
     */
    public static XsErrno fromSystemErrno(String name) {
        for (XsErrno e : values()) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        return EINVAL;
    }
}
