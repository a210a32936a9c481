package org.jxen.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A config that cannot be read: where ({@code file:line:column}), what was found, and what was
 * expected or what to do. The message is the whole story; no stack trace is kept. A refusal may
 * carry the warnings xl prints before it.
 */
public final class ConfigException extends Exception {
    private final Position position;
    private final String detail;
    private final List<String> warnings;

    public ConfigException(Position position, String message) {
        this(position, message, List.of());
    }

    private ConfigException(Position position, String detail, List<String> warnings) {
        super(position + ": " + detail, null, false, false);
        this.position = position;
        this.detail = detail;
        this.warnings = List.copyOf(warnings);
    }

    /** Where the problem is; for something missing from the whole file, its end. */
    public Position position() {
        return position;
    }

    /** What xl prints on its way to this refusal, before it, in its order; none for most. */
    public List<String> warnings() {
        return warnings;
    }

    /** What xl prints for this refusal: the warnings before it, then its message, a line each. */
    public String report() {
        return warnings.stream().map(w -> w + "\n").collect(Collectors.joining()) + getMessage();
    }

    /** The same refusal, after {@code earlier}. */
    ConfigException after(List<String> earlier) {
        return new ConfigException(position, detail, earlier);
    }
}
