package org.jxen.hv;

/** A hypervisor operation that failed: Xen's errno name and what was asked. */
public final class HypervisorException extends Exception {
    private final XenError error;

    public HypervisorException(XenError error, String message) {
        super(error + ": " + message);
        this.error = error;
    }

    public XenError error() {
        return error;
    }
}
