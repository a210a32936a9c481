package org.jxen.toolstack.java;

/**
 * libxl refused a domain config while filling in its defaults. The message is libxl's (or xl's)
 * own log line, so a user sees what they would see from {@code xl create}; {@link #code()} is the
 * libxl error it returned.
 */
public final class LibxlDefaultsException extends Exception {
    /** The libxl error codes setdefault returns. */
    public enum Code { ERROR_INVAL, ERROR_FAIL }

    private final Code code;

    public LibxlDefaultsException(Code code, String message) {
        super(message);
        this.code = code;
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
}
