package org.jxen.xenstore.proto;

/**
 * A request failed with a XenStore errno. The daemon turns it into an ERROR reply; the client
 * library throws it to its caller.
 */
public final class XsException extends RuntimeException {
    private final XsErrno errno;

    public XsException(XsErrno errno, String detail) {
        // No stack trace: an errno reply is an answer, not a bug, and toolstacks provoke ENOENT
        // constantly (probing for nodes); capturing stacks made every such request expensive.
        super(errno + ": " + detail, null, false, false);
        this.errno = errno;
    }

    public XsErrno errno() {
        return errno;
    }
}
