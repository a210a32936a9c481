package org.jxen.toolstack.java;

/**
 * libxl refused a domain config while filling in its defaults. The message is libxl's (or xl's)
 * own log line, so a user sees what they would see from {@code xl create}; {@link #code()} is the
 * libxl error it returned, {@link #inDeviceDefaults()} whether a device's defaults refused it
 * (libxl sets those once it made the domain; the domain's own before).
 */
public final class LibxlDefaultsException extends Exception {
    /** The libxl error codes setdefault returns. */
    public enum Code { ERROR_INVAL, ERROR_FAIL }

    private final Code code;
    private final boolean inDeviceDefaults;

    public LibxlDefaultsException(Code code, String message) {
        this(code, message, false);
    }

    private LibxlDefaultsException(Code code, String message, boolean inDeviceDefaults) {
        super(message);
        this.code = code;
        this.inDeviceDefaults = inDeviceDefaults;
    }

    /** This refusal, as a device's defaults gave it. */
    LibxlDefaultsException inDevice() {
        return new LibxlDefaultsException(code, getMessage(), true);
    }

    static LibxlDefaultsException inval(String message) {
        return new LibxlDefaultsException(Code.ERROR_INVAL, message);
    }

    static LibxlDefaultsException fail(String message) {
        return new LibxlDefaultsException(Code.ERROR_FAIL, message);
    }

    public Code code() {
        return code;
    }

    public boolean inDeviceDefaults() {
        return inDeviceDefaults;
    }
}
