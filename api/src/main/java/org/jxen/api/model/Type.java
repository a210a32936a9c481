package org.jxen.api.model;

import java.util.List;
import org.jxen.api.XenApiFailure;

/**
 * A XenAPI wire type, as XAPI's datamodel declares fields and parameters. Values are the plain
 * Java objects of {@link org.jxen.api.RpcCall}: String (string, ref, enum), Long (int), Double
 * (float), Boolean, Instant (datetime), List (set), Map (map, record).
 */
public sealed interface Type {
    /** The value of a field of this type in a new object when nothing else is said. */
    Object emptyValue();

    /**
     * A value a client sent, as this type, accepting what XAPI accepts (an int as a numeric
     * string, a float as an int or string, ...); {@code FIELD_TYPE_ERROR [what]} otherwise.
     */
    Object coerce(Object wire, String what) throws XenApiFailure;

    /** As XAPI's docs print it: {@code string}, {@code int}, {@code VM ref}, {@code (string -> string) map}. */
    String describe();

    record StringType() implements Type {
        public Object emptyValue() { throw new UnsupportedOperationException("TODO helper C"); }
        public Object coerce(Object wire, String what) throws XenApiFailure { throw new UnsupportedOperationException("TODO helper C"); }
        public String describe() { return "string"; }
    }

    record IntType() implements Type {
        public Object emptyValue() { throw new UnsupportedOperationException("TODO helper C"); }
        public Object coerce(Object wire, String what) throws XenApiFailure { throw new UnsupportedOperationException("TODO helper C"); }
        public String describe() { return "int"; }
    }

    record FloatType() implements Type {
        public Object emptyValue() { throw new UnsupportedOperationException("TODO helper C"); }
        public Object coerce(Object wire, String what) throws XenApiFailure { throw new UnsupportedOperationException("TODO helper C"); }
        public String describe() { return "float"; }
    }

    record BoolType() implements Type {
        public Object emptyValue() { throw new UnsupportedOperationException("TODO helper C"); }
        public Object coerce(Object wire, String what) throws XenApiFailure { throw new UnsupportedOperationException("TODO helper C"); }
        public String describe() { return "bool"; }
    }

    record DateTimeType() implements Type {
        public Object emptyValue() { throw new UnsupportedOperationException("TODO helper C"); }
        public Object coerce(Object wire, String what) throws XenApiFailure { throw new UnsupportedOperationException("TODO helper C"); }
        public String describe() { return "datetime"; }
    }

    /** A reference to an object of class {@code cls}: {@code OpaqueRef:...}. */
    record RefType(String cls) implements Type {
        public Object emptyValue() { throw new UnsupportedOperationException("TODO helper C"); }
        public Object coerce(Object wire, String what) throws XenApiFailure { throw new UnsupportedOperationException("TODO helper C"); }
        public String describe() { return cls + " ref"; }
    }

    /** One of {@code values}, case-sensitive as on the wire. */
    record EnumType(String name, List<String> values) implements Type {
        public Object emptyValue() { throw new UnsupportedOperationException("TODO helper C"); }
        public Object coerce(Object wire, String what) throws XenApiFailure { throw new UnsupportedOperationException("TODO helper C"); }
        public String describe() { return "enum " + name; }
    }

    record SetType(Type element) implements Type {
        public Object emptyValue() { throw new UnsupportedOperationException("TODO helper C"); }
        public Object coerce(Object wire, String what) throws XenApiFailure { throw new UnsupportedOperationException("TODO helper C"); }
        public String describe() { return "(" + element.describe() + ") set"; }
    }

    record MapType(Type key, Type value) implements Type {
        public Object emptyValue() { throw new UnsupportedOperationException("TODO helper C"); }
        public Object coerce(Object wire, String what) throws XenApiFailure { throw new UnsupportedOperationException("TODO helper C"); }
        public String describe() { return "(" + key.describe() + " -> " + value.describe() + ") map"; }
    }

    /** A whole record of class {@code cls}, as {@code get_record} returns and {@code create} takes. */
    record RecordType(String cls) implements Type {
        public Object emptyValue() { throw new UnsupportedOperationException("TODO helper C"); }
        public Object coerce(Object wire, String what) throws XenApiFailure { throw new UnsupportedOperationException("TODO helper C"); }
        public String describe() { return cls + " record"; }
    }
}
