package org.jxen.api.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jxen.api.DateTimes;
import org.jxen.api.XenApiFailure;

/**
 * A XenAPI wire type, as XAPI's datamodel declares fields and parameters. Values are the plain
 * Java objects of {@link org.jxen.api.RpcCall}: String (string, ref, enum), Long (int), Double
 * (float), Boolean, Instant (datetime), List (set), Map with String keys (map, record; a map's
 * keys are kept as their wire text, e.g. {@code "0"} for an int key).
 */
public sealed interface Type {
    /** The value of a field of this type in a new object when nothing else is said (a fresh, mutable one). */
    Object emptyValue();

    /**
     * A value a client sent, as this type, accepting what XAPI accepts (an int as a numeric
     * string, a float as an int or string, an enum in any case, ...); otherwise
     * {@code INTERNAL_ERROR ["<what>: expected ..., got ..."]}, the code XAPI answers for any
     * value it cannot unmarshal (see Coercion). Collections come back fresh and mutable.
     */
    Object coerce(Object wire, String what) throws XenApiFailure;

    /** As XAPI's docs print it: {@code string}, {@code int}, {@code VM ref}, {@code (string -> string) map}, {@code VDI ref set}. */
    String describe();

    record StringType() implements Type {
        public Object emptyValue() {
            return "";
        }

        public Object coerce(Object wire, String what) throws XenApiFailure {
            if (wire instanceof String s) {
                return s;
            }
            throw Coercion.failure(what, describe(), wire);
        }

        public String describe() {
            return "string";
        }
    }

    /** ocaml-rpc's {@code int64_of_rpc}: an integer, or a string OCaml's {@code Int64.of_string} reads. */
    record IntType() implements Type {
        public Object emptyValue() {
            return 0L;
        }

        public Object coerce(Object wire, String what) throws XenApiFailure {
            return switch (wire) {
                case Long l -> l;
                case Integer i -> i.longValue();
                case String s -> Coercion.parseInt(s, what);
                case null, default -> throw Coercion.failure(what, describe(), wire);
            };
        }

        public String describe() {
            return "int";
        }
    }

    /** ocaml-rpc's {@code float_of_rpc}: a float, an integer, or a string {@code float_of_string} reads. */
    record FloatType() implements Type {
        public Object emptyValue() {
            return 0.0;
        }

        public Object coerce(Object wire, String what) throws XenApiFailure {
            return switch (wire) {
                case Double d -> d;
                case Long l -> l.doubleValue();
                case Integer i -> i.doubleValue();
                case String s -> Coercion.parseFloat(s, what);
                case null, default -> throw Coercion.failure(what, describe(), wire);
            };
        }

        public String describe() {
            return "float";
        }
    }

    /** ocaml-rpc's {@code bool_of_rpc} takes a boolean and nothing else (no "true", no 1). */
    record BoolType() implements Type {
        public Object emptyValue() {
            return false;
        }

        public Object coerce(Object wire, String what) throws XenApiFailure {
            if (wire instanceof Boolean b) {
                return b;
            }
            throw Coercion.failure(what, describe(), wire);
        }

        public String describe() {
            return "bool";
        }
    }

    /** A dateTime.iso8601 or a string in a form {@link DateTimes#parse} reads, as XAPI's {@code Date.t_of_rpc}. */
    record DateTimeType() implements Type {
        public Object emptyValue() {
            return DateTimes.NEVER;
        }

        public Object coerce(Object wire, String what) throws XenApiFailure {
            if (wire instanceof Instant i) {
                return i;
            }
            if (wire instanceof String s) {
                try {
                    return DateTimes.parse(s);
                } catch (IllegalArgumentException e) {
                    throw Coercion.failure(what, describe(), wire);
                }
            }
            throw Coercion.failure(what, describe(), wire);
        }

        public String describe() {
            return "datetime";
        }
    }

    /**
     * A reference to an object of class {@code cls}: {@code OpaqueRef:...}. Any string is taken,
     * as XAPI's {@code Ref.of_string} takes it; one naming no object fails later, when looked up
     * ({@code HANDLE_INVALID}).
     */
    record RefType(String cls) implements Type {
        public static final String NULL = "OpaqueRef:NULL";

        public Object emptyValue() {
            return NULL;
        }

        public Object coerce(Object wire, String what) throws XenApiFailure {
            if (wire instanceof String s) {
                return s;
            }
            throw Coercion.failure(what, describe(), wire);
        }

        public String describe() {
            return cls + " ref";
        }
    }

    /**
     * One of {@code values}, sent as on the wire; XAPI's readers (derived by ocaml-rpc's ppx)
     * compare lower-cased, so any case is taken and the value comes back as {@code values} spell it.
     */
    record EnumType(String name, List<String> values) implements Type {
        public EnumType {
            values = List.copyOf(values);
        }

        public Object emptyValue() {
            return values.getFirst();
        }

        public Object coerce(Object wire, String what) throws XenApiFailure {
            if (wire instanceof String s) {
                for (String value : values) {
                    if (value.equalsIgnoreCase(s)) {
                        return value;
                    }
                }
            }
            throw Coercion.failure(what, "one of " + String.join(", ", values), wire);
        }

        public String describe() {
            return "enum " + name;
        }
    }

    record SetType(Type element) implements Type {
        public Object emptyValue() {
            return new ArrayList<>();
        }

        public Object coerce(Object wire, String what) throws XenApiFailure {
            if (!(wire instanceof List<?> list)) {
                throw Coercion.failure(what, describe(), wire);
            }
            List<Object> out = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                out.add(element.coerce(list.get(i), what + "[" + i + "]"));
            }
            return out;
        }

        public String describe() {
            return element.describe() + " set";
        }
    }

    /** A struct; each key is read as {@code key} (an int key from its decimal text) and kept as wire text. */
    record MapType(Type key, Type value) implements Type {
        public Object emptyValue() {
            return new LinkedHashMap<String, Object>();
        }

        public Object coerce(Object wire, String what) throws XenApiFailure {
            if (!(wire instanceof Map<?, ?> map)) {
                throw Coercion.failure(what, describe(), wire);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            for (var e : map.entrySet()) {
                String k = String.valueOf(key.coerce(e.getKey(), what + " key"));
                out.put(k, value.coerce(e.getValue(), what + "[" + k + "]"));
            }
            return out;
        }

        public String describe() {
            return "(" + key.describe() + " -> " + value.describe() + ") map";
        }
    }

    /**
     * A whole record of class {@code cls}, as {@code get_record} returns and {@code create} takes;
     * the class is looked up in {@link DataModel#xenApi()}.
     */
    record RecordType(String cls) implements Type {
        public Object emptyValue() {
            return DataModel.xenApi().cls(cls).newRecord();
        }

        /** A {@code create} input: see {@link ApiClass#coerceRecord}. */
        public Object coerce(Object wire, String what) throws XenApiFailure {
            return DataModel.xenApi().cls(cls).coerceRecord(wire, what);
        }

        public String describe() {
            return cls + " record";
        }
    }
}
