package org.jxen.hv;

/** A hypervisor operation that failed: the errno and what was asked. */
public final class HypervisorException extends Exception {
    private final Errno error;

    public HypervisorException(Errno error, String message) {
        super(error.name() + ": " + message);
        this.error = error;
    }

    public Errno error() {
        return error;
    }
}
