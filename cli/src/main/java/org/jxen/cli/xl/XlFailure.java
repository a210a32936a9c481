package org.jxen.cli.xl;

/**
 * A jxl command failed: what xl would print on standard error (one or more lines) and the
 * status it would exit with.
 */
public final class XlFailure extends Exception {
    private final int status;

    public XlFailure(String message, int status) {
        super(message, null, false, false);
        this.status = status;
    }

    /** xl's most common failure status. */
    public static XlFailure of(String message) {
        return new XlFailure(message, 1);
    }

    public int status() {
        return status;
    }
}
