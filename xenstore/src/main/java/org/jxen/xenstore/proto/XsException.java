package org.jxen.xenstore.proto;

/**
 * A request failed with a XenStore errno. The daemon turns it into an ERROR reply; the client
 * library throws it to its caller.
 */
public final class XsException extends RuntimeException {
    private final XsErrno errno;

    public XsException(XsErrno errno, String detail) {
        super(errno + ": " + detail);
        this.errno = errno;
    }

    public XsErrno errno() {
        return errno;
    }
}
