package org.jxen.api.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jxen.api.XenApiFailure;

/**
 * A XenAPI class: its fields in XAPI's order and its messages, the explicit ones and the generic
 * ones XAPI derives from the fields ({@code get_record}, {@code get_all}, {@code get_all_records},
 * {@code get_by_uuid}, {@code get_by_name_label} where there is a name, {@code get_<f>},
 * {@code set_<f>} for RW fields, {@code add_to_<f>}/{@code remove_from_<f>} for RW maps,
 * {@code add_<f>}/{@code remove_<f>} for RW sets), in the order XAPI lists them.
 */
public record ApiClass(String name, List<Field> fields, List<Message> messages) {
    public ApiClass {
        fields = List.copyOf(fields);
        messages = List.copyOf(messages);
    }

    public Optional<Field> field(String fieldName) {
        return fields.stream().filter(f -> f.name().equals(fieldName)).findFirst();
    }

    public Optional<Message> message(String messageName) {
        return messages.stream().filter(m -> m.name().equals(messageName)).findFirst();
    }

    /** A new object's record: every field, in order, at its default (fresh, mutable collections). */
    public Map<String, Object> newRecord() {
        Map<String, Object> record = new LinkedHashMap<>();
        for (Field f : fields) {
            record.put(f.name(), Values.mutableCopy(f.defaultValue()));
        }
        return record;
    }

    /**
     * A {@code create} argument as XAPI's constructor reads it: each RW or StaticRO field the struct
     * has is taken and coerced, the others keep their defaults; DynamicRO fields and unknown keys
     * are ignored (the Java SDK sends every field, with placeholders for read-only ones). XAPI
     * fails when a field without a datamodel default is missing; jxend takes the default.
     */
    public Map<String, Object> coerceRecord(Object wire, String what) throws XenApiFailure {
        if (!(wire instanceof Map<?, ?> given)) {
            throw Coercion.failure(what, name + " record", wire);
        }
        Map<String, Object> record = newRecord();
        for (Field f : fields) {
            if (f.qualifier() != Qualifier.DYNAMIC_RO && given.containsKey(f.name())) {
                record.put(f.name(), f.type().coerce(given.get(f.name()), what + "." + f.name()));
            }
        }
        return record;
    }
}
