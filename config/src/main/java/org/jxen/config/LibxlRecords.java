package org.jxen.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The records of {@link DomainConfig} to and from libxl's JSON, by the rules of libxl's JSON
 * generator, so that a record declared in the IDL's field order is all a new libxl type needs.
 * Components are named as in the IDL (camelCase here, snake_case there, or {@link Name}); a field
 * at its default is left out:
 * <ul>
 * <li>boxed values ({@code Boolean} is a defbool, {@code "True"}/{@code "False"}), strings,
 * enums (lower-case names), records and lists when null;
 * <li>primitives (libxl's plain {@code bool} and integers) when false or 0, unless {@link AlwaysWritten};
 * <li>lists (bitmaps, string lists and arrays alike) when empty, unless {@link AlwaysWritten};
 *     a list of records that is not there reads as empty, any other list as null (the records
 *     hold an empty bitmap or string list as null);
 * <li>a {@code Map<String, String>} is a key-value list, an object whose keys without a value are
 *     {@code null}, left out when empty;
 * <li>a keyed union, a sealed interface, is written as {@code "component.variant": {...}}.
 * </ul>
 */
final class LibxlRecords {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** The IDL's name for a record component or, on a record, for its variant of a keyed union. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.RECORD_COMPONENT, ElementType.TYPE})
    @interface Name {
        String value();
    }

    /**
     * A value libxl's hand-written generators write even at its default: a list of records as
     * {@code []}, a number as 0.
     */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.RECORD_COMPONENT)
    @interface AlwaysWritten {
    }

    /**
     * An unsigned integer of libxl's ({@code uint32}, {@code uint64}, {@code MemKB}) held in a Java
     * int or long: written as unsigned, as libxl writes what C's wrap-around made of a negative number.
     */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.RECORD_COMPONENT)
    @interface Unsigned {
    }

    /**
     * A map from an enum of libxl field names to their values, its entries written as fields of the
     * record itself in the enum's order (libxl's many flat fields of one kind, such as a NIC's COLO
     * settings).
     */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.RECORD_COMPONENT)
    @interface Inline {
    }

    private LibxlRecords() {
    }

    static ObjectNode write(Record r) {
        ObjectNode o = NODES.objectNode();
        for (RecordComponent c : r.getClass().getRecordComponents()) {
            Object v = value(c, r);
            if (v == null) {
                continue;
            }
            boolean primitiveDefault = c.getType().isPrimitive() && (v.equals(false) || v instanceof Number n && n.longValue() == 0);
            if (primitiveDefault && !c.isAnnotationPresent(AlwaysWritten.class)) {
                continue;
            }
            if ((v instanceof List<?> l && l.isEmpty() || v instanceof Map<?, ?> m && m.isEmpty())
                    && !c.isAnnotationPresent(AlwaysWritten.class)) {
                continue;
            }
            if (c.getType() == boolean.class) {
                o.put(name(c), true);
            } else if (c.isAnnotationPresent(Inline.class)) {
                ((Map<?, ?>) v).forEach((field, value) -> o.set(DomainConfig.jsonName((Enum<?>) field), node(value)));
            } else if (c.getType().isSealed()) {
                o.set(name(c) + "." + variantName(v.getClass()), write((Record) v));
            } else {
                o.set(name(c), c.isAnnotationPresent(Unsigned.class) ? unsigned(v) : node(v));
            }
        }
        return o;
    }

    private static JsonNode unsigned(Object v) {
        return switch (v) {
            case Integer n -> NODES.numberNode(Integer.toUnsignedLong(n));
            case Long n -> NODES.numberNode(new BigInteger(Long.toUnsignedString(n)));
            case List<?> l -> {
                ArrayNode a = NODES.arrayNode();
                l.forEach(e -> a.add(unsigned(e)));
                yield a;
            }
            default -> throw new IllegalArgumentException("not an unsigned number: " + v.getClass());
        };
    }

    private static JsonNode node(Object v) {
        return switch (v) {
            case Boolean b -> NODES.textNode(b ? "True" : "False");
            case String s -> NODES.textNode(s);
            case Long n -> NODES.numberNode(n);
            case Integer n -> NODES.numberNode(n);
            case Enum<?> e -> NODES.textNode(DomainConfig.jsonName(e));
            case Record r -> write(r);
            case Map<?, ?> m -> { // a key_value_list: a key without a value is null
                ObjectNode o = NODES.objectNode();
                m.forEach((k, value) -> o.set((String) k, value == null ? NODES.nullNode() : NODES.textNode((String) value)));
                yield o;
            }
            case List<?> l -> {
                ArrayNode a = NODES.arrayNode();
                l.forEach(e -> a.add(node(e)));
                yield a;
            }
            default -> throw new IllegalArgumentException("no libxl JSON for " + v.getClass());
        };
    }

    /** Reads {@code o} as a {@code type}; {@code where} names it in errors. Fields the record does not hold are an error. */
    static <R extends Record> R read(JsonNode o, Class<R> type, String where) throws ConfigException {
        return read(o, type, where, null);
    }

    /**
     * As {@link #read(JsonNode, Class, String)}, but the paths of fields the record does not hold go
     * into {@code unknown} (when it is not null) instead of failing the read.
     */
    static <R extends Record> R read(JsonNode o, Class<R> type, String where, List<String> unknown) throws ConfigException {
        RecordComponent[] components = type.getRecordComponents();
        Set<String> known = new HashSet<>();
        Object[] args = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            String key = name(c);
            if (c.isAnnotationPresent(Inline.class)) {
                args[i] = inline(o, c, where, known);
            } else if (c.getType().isSealed()) {
                for (Class<?> variant : c.getType().getPermittedSubclasses()) {
                    String k = key + "." + variantName(variant);
                    known.add(k);
                    if (o.has(k)) {
                        args[i] = read(o.get(k), variant.asSubclass(Record.class), at(where, k), unknown);
                    }
                }
            } else {
                known.add(key);
                args[i] = value(o.get(key), c.getType(), c.getGenericType(), at(where, key), unknown);
            }
        }
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!known.contains(k)) {
                if (unknown == null) {
                    throw jsonError(at(where, k), "jxen does not hold this libxl field yet");
                }
                unknown.add(at(where, k));
            }
        }
        try {
            Constructor<R> canonical = type.getDeclaredConstructor(
                    java.util.Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
            return canonical.newInstance(args);
        } catch (InvocationTargetException e) {
            throw jsonError(where, "not a valid " + type.getSimpleName() + ": " + e.getCause().getMessage());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object value(JsonNode n, Class<?> type, Type generic, String where, List<String> unknown)
            throws ConfigException {
        if (n == null || n.isNull()) { // libxl writes null for an enum value it has no name for: not set
            if (type == boolean.class) {
                return false;
            } else if (type == int.class) {
                return 0;
            } else if (type == long.class) {
                return 0L;
            }
            return type == List.class && recordElements(generic) ? List.of() : null;
        }
        if (type == boolean.class) {
            if (!n.isBoolean()) {
                throw jsonError(where, "expected true or false");
            }
            return n.booleanValue();
        } else if (type == Boolean.class) {
            return switch (n.asText()) {
                case "True" -> true;
                case "False" -> false;
                default -> throw jsonError(where, "expected \"True\" or \"False\"");
            };
        } else if (type == int.class || type == Integer.class) {
            return number(n, where).intValue();
        } else if (type == long.class || type == Long.class) {
            return number(n, where).longValue();
        } else if (type == String.class) {
            if (!n.isTextual()) {
                throw jsonError(where, "expected a string");
            }
            return n.asText();
        } else if (type.isEnum()) {
            for (Object e : type.getEnumConstants()) {
                if (DomainConfig.jsonName((Enum<?>) e).equals(n.asText())) {
                    return e;
                }
            }
            throw jsonError(where, "unknown value \"" + n.asText() + "\"");
        } else if (type.isRecord()) {
            return read(n, type.asSubclass(Record.class), where, unknown);
        } else if (type == Map.class) {
            return keyValueList(n, where);
        } else if (type == List.class) {
            if (!n.isArray()) {
                throw jsonError(where, "expected an array");
            }
            Type element = ((ParameterizedType) generic).getActualTypeArguments()[0];
            Class<?> elementClass = (Class<?>) (element instanceof ParameterizedType p ? p.getRawType() : element);
            List<Object> l = new ArrayList<>();
            for (JsonNode e : n) {
                l.add(value(e, elementClass, element, where + "[]", unknown));
            }
            return l;
        }
        throw new IllegalArgumentException("no libxl JSON for " + type);
    }

    /** A libxl key_value_list: an object of strings, a key without a value null. */
    private static Map<String, String> keyValueList(JsonNode n, String where) throws ConfigException {
        if (!n.isObject()) {
            throw jsonError(where, "expected an object of strings");
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : n.properties()) {
            JsonNode v = e.getValue();
            if (!v.isTextual() && !v.isNull()) {
                throw jsonError(at(where, e.getKey()), "expected a string or null");
            }
            map.put(e.getKey(), v.isNull() ? null : v.asText());
        }
        return map;
    }

    /** The fields of {@code o} that an {@link Inline} map holds, by its enum's constants. */
    private static Map<Enum<?>, Object> inline(JsonNode o, RecordComponent c, String where, Set<String> known)
            throws ConfigException {
        Type[] types = ((ParameterizedType) c.getGenericType()).getActualTypeArguments();
        Map<Enum<?>, Object> map = new LinkedHashMap<>();
        for (Object field : ((Class<?>) types[0]).getEnumConstants()) {
            String key = DomainConfig.jsonName((Enum<?>) field);
            known.add(key);
            if (o.has(key)) {
                map.put((Enum<?>) field, value(o.get(key), (Class<?>) types[1], types[1], at(where, key), null));
            }
        }
        return map;
    }

    private static Number number(JsonNode n, String where) throws ConfigException {
        if (!n.isIntegralNumber()) {
            throw jsonError(where, "expected a number");
        }
        return n.numberValue();
    }

    private static boolean recordElements(Type listType) {
        return ((ParameterizedType) listType).getActualTypeArguments()[0] instanceof Class<?> c && c.isRecord();
    }

    private static Object value(RecordComponent c, Record r) {
        try {
            return c.getAccessor().invoke(r);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String name(RecordComponent c) {
        Name n = c.getAnnotation(Name.class);
        return n != null ? n.value() : snakeCase(c.getName());
    }

    private static String variantName(Class<?> variant) {
        Name n = variant.getAnnotation(Name.class);
        return n != null ? n.value() : snakeCase(variant.getSimpleName());
    }

    private static String snakeCase(String camel) {
        StringBuilder s = new StringBuilder();
        for (char ch : camel.toCharArray()) {
            if (Character.isUpperCase(ch)) {
                s.append('_').append(Character.toLowerCase(ch));
            } else {
                s.append(ch);
            }
        }
        return s.toString();
    }

    private static String at(String where, String key) {
        return where.isEmpty() ? key : where + "." + key;
    }

    private static ConfigException jsonError(String where, String what) {
        return new ConfigException(new Position("<json>", 0, 0), where + ": " + what);
    }
}
