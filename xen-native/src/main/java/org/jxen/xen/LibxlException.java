package org.jxen.xen;

import java.util.List;

/**
 * A libxl call failed: its {@code ERROR_*} code and what libxl logged about it (the lines {@code xl}
 * would have printed), newest last.
 */
public final class LibxlException extends RuntimeException {
    private static final String[] NAMES = {
        null, "NONSPECIFIC", "VERSION", "FAIL", "NI", "NOMEM", "INVAL", "BADFAIL", "GUEST_TIMEDOUT", "TIMEDOUT",
        "NOPARAVIRT", "NOT_READY", "OSEVENT_REG_FAIL", "BUFFERFULL", "UNKNOWN_CHILD", "LOCK_FAIL", "JSON_CONFIG_EMPTY",
        "DEVICE_EXISTS", "CHECKPOINT_DEVOPS_DOES_NOT_MATCH", "CHECKPOINT_DEVICE_NOT_SUPPORTED", "VNUMA_CONFIG_INVALID",
        "DOMAIN_NOTFOUND", "ABORTED", "NOTFOUND", "DOMAIN_DESTROYED", "FEATURE_REMOVED",
    };
    public static final int ERROR_INVAL = -6;
    public static final int ERROR_GUEST_TIMEDOUT = -8;
    public static final int ERROR_TIMEDOUT = -9;
    public static final int ERROR_DOMAIN_NOTFOUND = -21;
    public static final int ERROR_NOTFOUND = -23;

    private final int code;
    private final List<String> log;

    LibxlException(String call, int code, List<String> log) {
        super(call + " failed: " + name(code) + (log.isEmpty() ? "" : ": " + String.join("; ", log)));
        this.code = code;
        this.log = List.copyOf(log);
    }

    /** {@code ERROR_INVAL}, or the number of a code this libxl is newer than. */
    static String name(int code) {
        return code < 0 && -code < NAMES.length ? "ERROR_" + NAMES[-code] : "libxl error " + code;
    }

    /** libxl's {@code ERROR_*} code (negative). */
    public int code() {
        return code;
    }

    /** What libxl logged at error level during the call. */
    public List<String> log() {
        return log;
    }
}
