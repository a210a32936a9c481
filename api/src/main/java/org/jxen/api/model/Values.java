package org.jxen.api.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Copies of field values, so a default shared by every new object can't be changed through one of them. */
final class Values {
    private Values() {
    }

    /** A copy of {@code value} whose lists and maps (at any depth) are unmodifiable; maps keep their order. */
    static Object immutable(Object value) {
        return copy(value, true);
    }

    /** A copy of {@code value} whose lists and maps (at any depth) are fresh and modifiable. */
    static Object mutableCopy(Object value) {
        return copy(value, false);
    }

    private static Object copy(Object value, boolean frozen) {
        return switch (value) {
            case List<?> l -> {
                List<Object> c = new ArrayList<>(l.size());
                l.forEach(v -> c.add(copy(v, frozen)));
                yield frozen ? Collections.unmodifiableList(c) : c;
            }
            case Map<?, ?> m -> {
                Map<Object, Object> c = new LinkedHashMap<>();
                m.forEach((k, v) -> c.put(k, copy(v, frozen)));
                yield frozen ? Collections.unmodifiableMap(c) : c;
            }
            default -> value;
        };
    }
}
