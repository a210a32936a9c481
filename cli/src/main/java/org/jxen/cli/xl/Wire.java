package org.jxen.cli.xl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Fields of the structs jxend answers, read with their wire types (JSON numbers, strings, lists). */
final class Wire {
    private Wire() {
    }

    static String string(Map<?, ?> m, String key) {
        return String.valueOf(field(m, key));
    }

    static long number(Map<?, ?> m, String key) {
        return asLong(field(m, key));
    }

    static int integer(Map<?, ?> m, String key) {
        return (int) number(m, key);
    }

    static boolean bool(Map<?, ?> m, String key) {
        return Boolean.TRUE.equals(field(m, key));
    }

    static List<String> strings(Map<?, ?> m, String key) {
        List<String> out = new ArrayList<>();
        for (Object o : (List<?>) field(m, key)) {
            out.add(String.valueOf(o));
        }
        return out;
    }

    static List<Integer> integers(Map<?, ?> m, String key) {
        List<Integer> out = new ArrayList<>();
        for (Object o : (List<?>) field(m, key)) {
            out.add((int) asLong(o));
        }
        return out;
    }

    static long asLong(Object o) {
        return o instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(o));
    }

    private static Object field(Map<?, ?> m, String key) {
        Object v = m.get(key);
        if (v == null) {
            throw new IllegalStateException("jxend's answer has no " + key + ": " + m.keySet());
        }
        return v;
    }
}
