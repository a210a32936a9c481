package org.jxen.hv;

/**
 * Why a hypervisor operation failed: one of Xen's errnos ({@link XenError}), or another errno a
 * library on the way reported ({@link Other}), by number.
 */
public sealed interface Errno permits XenError, Errno.Other {
    /** The errno's value on Linux (and in Xen's {@code errno.h}). */
    int number();

    /** The errno's name, as {@code strerrorname_np} gives it ({@code "errno N"} for one Xen does not name). */
    String name();

    /** The errno with this number. */
    static Errno of(int number) {
        for (XenError e : XenError.values()) {
            if (e.number() == number) {
                return e;
            }
        }
        return new Other(number);
    }

    /** An errno Xen's {@code errno.h} does not list. */
    record Other(int number) implements Errno {
        public Other {
            if (number <= 0) {
                throw new IllegalArgumentException("an errno is positive, not " + number);
            }
        }

        @Override
        public String name() {
            return "errno " + number;
        }
    }
}
