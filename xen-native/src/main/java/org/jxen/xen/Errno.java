package org.jxen.xen;

/** Linux's errno numbers (asm-generic/errno-base.h and the ones Xen's calls return) by name. */
final class Errno {
    private static final String[] BASE = {
        null, "EPERM", "ENOENT", "ESRCH", "EINTR", "EIO", "ENXIO", "E2BIG", "ENOEXEC", "EBADF", "ECHILD",
        "EAGAIN", "ENOMEM", "EACCES", "EFAULT", "ENOTBLK", "EBUSY", "EEXIST", "EXDEV", "ENODEV", "ENOTDIR",
        "EISDIR", "EINVAL", "ENFILE", "EMFILE", "ENOTTY", "ETXTBSY", "EFBIG", "ENOSPC", "ESPIPE", "EROFS",
        "EMLINK", "EPIPE", "EDOM", "ERANGE", "EDEADLK", "ENAMETOOLONG", "ENOLCK", "ENOSYS", "ENOTEMPTY", "ELOOP",
    };

    private Errno() {
    }

    static String name(int errno) {
        if (errno > 0 && errno < BASE.length) {
            return BASE[errno];
        }
        return switch (errno) {
            case 61 -> "ENODATA";
            case 62 -> "ETIME";
            case 95 -> "EOPNOTSUPP";
            case 106 -> "EISCONN";
            case 110 -> "ETIMEDOUT";
            default -> "errno " + errno;
        };
    }
}
