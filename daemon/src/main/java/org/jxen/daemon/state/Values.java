package org.jxen.daemon.state;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Wire values made immutable, so a stored record can be handed out without copying it deeply. */
final class Values {
    private Values() {
    }

    static Object frozen(Object value) {
        return switch (value) {
            case List<?> list -> {
                List<Object> copy = new ArrayList<>(list.size());
                list.forEach(v -> copy.add(frozen(v)));
                yield Collections.unmodifiableList(copy);
            }
            case Map<?, ?> map -> {
                Map<String, Object> copy = new LinkedHashMap<>();
                map.forEach((k, v) -> copy.put(String.valueOf(k), frozen(v)));
                yield Collections.unmodifiableMap(copy);
            }
            case null, default -> value;
        };
    }
}
