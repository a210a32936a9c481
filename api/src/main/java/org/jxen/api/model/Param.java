package org.jxen.api.model;

/** A message parameter; {@code defaultValue} non-null when a client may leave it out (a trailing, versioned parameter). */
public record Param(String name, Type type, Object defaultValue) {
    public Param {
        defaultValue = defaultValue == null ? null : Values.immutable(defaultValue);
    }

    public boolean optional() {
        return defaultValue != null;
    }
}
