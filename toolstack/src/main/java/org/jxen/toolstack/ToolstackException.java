package org.jxen.toolstack;

import java.time.Duration;

/**
 * A toolstack operation failed: what kind of failure (so jxl can exit as xl does and jxend can
 * send XAPI's error code), and a message saying what failed and why, in xl's words where xl has
 * them. A failed create also says at which step.
 */
public final class ToolstackException extends Exception {
    /**
     * Failures a caller acts on differently. {@code UNACKNOWLEDGED}: the guest did not take a
     * {@code control/shutdown} request within libxl's 60 s (libxl's ERROR_TIMEDOUT there).
     */
    public enum Kind { NO_SUCH_DOMAIN, DUPLICATE_NAME, INVALID, NO_MEMORY, DEVICE_EXISTS, NO_SUCH_DEVICE, TIMEOUT,
        UNACKNOWLEDGED, BAD_IMAGE, FAILED }

    private final Kind kind;
    private final CreateStep step;

    public ToolstackException(Kind kind, String message) {
        this(kind, null, message, null);
    }

    public ToolstackException(Kind kind, CreateStep step, String message, Throwable cause) {
        super(step == null ? message : step.description() + ": " + message, cause);
        this.kind = kind;
        this.step = step;
    }

    public Kind kind() {
        return kind;
    }

    /** The create step that failed, or null when this is not a failed create. */
    public CreateStep step() {
        return step;
    }

    public static ToolstackException noSuchDomain(int domid) {
        return new ToolstackException(Kind.NO_SUCH_DOMAIN, "domain " + domid + " does not exist");
    }

    /** A domain still running when a wait for its shutdown ended. */
    public static ToolstackException notShutDown(int domid, Duration waited) {
        return new ToolstackException(Kind.TIMEOUT, "domain " + domid + " did not shut down within " + waited.toSeconds()
                + " s: the guest has not acted on control/shutdown; use xl destroy to stop it");
    }
}
