package org.jxen.hv;

/** The errno names Xen's hypercalls fail with, the ones a toolstack sees from the SPI. */
public enum XenError {
    /** No such domain (or vCPU). */
    ESRCH,
    /** A bad argument. */
    EINVAL,
    /** Not enough free memory. */
    ENOMEM,
    /** The domain is in a state where the operation makes no sense (e.g. dying). */
    EBUSY,
    /** Out of a limited resource other than memory (domain IDs, event channels). */
    ENOSPC,
    /** Not allowed: e.g. mapping a grant given to another domain. */
    EPERM
}
