package org.jxen.xen;

/** A call into Xen's libraries failed; {@link #errno()} is what it left in errno. */
public final class XenCallException extends RuntimeException {
    private final int errno;

    XenCallException(String call, int errno) {
        super(call + " failed: " + Errno.name(errno));
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }

    /** The errno's symbolic name ({@code ENOENT}), or {@code errno N} for one without a name here. */
    public String errnoName() {
        return Errno.name(errno);
    }
}
