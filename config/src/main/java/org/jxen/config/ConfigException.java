package org.jxen.config;

/**
 * A config that cannot be read: where ({@code file:line:column}), what was found, and what was
 * expected or what to do. The message is the whole story; no stack trace is kept.
 */
public final class ConfigException extends Exception {
    private final Position position;

    public ConfigException(Position position, String message) {
        super(position + ": " + message, null, false, false);
        this.position = position;
    }

    /** Where the problem is; for something missing from the whole file, its end. */
    public Position position() {
        return position;
    }
}
