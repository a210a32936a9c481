package org.jxen.api;

/** What both writers share about the values of {@link RpcCall}: map keys and the error for anything else. */
final class RpcValues {
    private RpcValues() {
    }

    /** A map key on the wire: a string as is, an integer in decimal (as XAPI prints int-keyed maps). */
    static String key(Object key) {
        if (key instanceof String s) { // instanceof, not a pattern switch: see JsonWriter.value
            return s;
        }
        if (key instanceof Long || key instanceof Integer) {
            return key.toString();
        }
        throw new IllegalArgumentException("cannot encode map key " + describe(key)
                + ": XenAPI map keys are strings or integers");
    }

    static IllegalArgumentException unsupported(Object value) {
        return new IllegalArgumentException("cannot encode " + describe(value) + ": XenAPI values are String, Long,"
                + " Integer, Double, Boolean, Instant, LocalDateTime, byte[], List, Map or null");
    }

    private static String describe(Object value) {
        return value == null ? "null" : value.getClass().getName() + " " + value;
    }
}
