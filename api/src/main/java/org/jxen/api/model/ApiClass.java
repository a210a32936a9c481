package org.jxen.api.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jxen.api.ErrorCodes;
import org.jxen.api.XenApiFailure;

/**
 * A XenAPI class: its fields in XAPI's order and its messages, the explicit ones and the generic
 * ones XAPI derives from the fields ({@code get_record}, {@code get_all}, {@code get_all_records},
 * {@code get_by_uuid}, {@code get_by_name_label} where there is a name, {@code get_<f>},
 * {@code set_<f>} for RW fields, {@code add_to_<f>}/{@code remove_from_<f>} for RW maps,
 * {@code add_<f>}/{@code remove_<f>} for RW sets), in the order XAPI lists them. Its
 * {@code namespaces} are XAPI's field namespaces in it ({@code name}, {@code memory}, ...), which
 * name the columns of XAPI's database.
 */
public record ApiClass(String name, List<Field> fields, List<Message> messages, List<String> namespaces) {
    /** The column of XAPI's database that holds an object's reference. */
    public static final String REF_COLUMN = "_ref";

    public ApiClass {
        fields = List.copyOf(fields);
        messages = List.copyOf(messages);
        namespaces = List.copyOf(namespaces);
    }

    public Optional<Field> field(String fieldName) {
        return fields.stream().filter(f -> f.name().equals(fieldName)).findFirst();
    }

    /**
     * The field stored in XAPI's database as {@code column}: a field {@code <ns>_<rest>} of a
     * namespace is column {@code <ns>__<rest>} ({@code name__label}), any other its own name.
     */
    public Optional<Field> fieldOfColumn(String column) {
        for (String ns : namespaces) {
            if (column.startsWith(ns + "__")) {
                return field(ns + "_" + column.substring(ns.length() + 2)).filter(f -> column.equals(column(f)));
            }
        }
        return field(column).filter(f -> column.equals(column(f)));
    }

    /** The column of XAPI's database that holds {@code f}. */
    public String column(Field f) {
        for (String ns : namespaces) {
            if (f.name().startsWith(ns + "_")) {
                return ns + "__" + f.name().substring(ns.length() + 1);
            }
        }
        return f.name();
    }

    /**
     * The columns of object {@code ref} with {@code record}, for a {@link RowFilter}: a column
     * the class does not have is {@code INTERNAL_ERROR ["missing field", column, ""]}, XAPI's answer.
     */
    public RowFilter.Columns columns(String ref, Map<String, Object> record) {
        return column -> {
            if (column.equals(REF_COLUMN)) {
                return ref;
            }
            Field f = fieldOfColumn(column)
                    .orElseThrow(() -> XenApiFailure.of(ErrorCodes.INTERNAL_ERROR, "missing field", column, ""));
            return DatabaseText.of(f.type(), record.get(f.name()));
        };
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
