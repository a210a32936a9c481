package org.jxen.api.model;

import com.xensource.xenapi.Marshalling;
import com.xensource.xenapi.XenAPIObject;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The XenAPI Java SDK 8.1.0's records, seen as the wire sees them: which public field of
 * {@code X.Record} becomes which key of {@code toMap()}, and what the SDK sends for a record
 * (toMap, then its own Marshalling.toXMLRPC, then a Date as the Instant jxend's decoder gives).
 */
final class SdkRecords {
    private SdkRecords() {
    }

    /** {@code com.xensource.xenapi.<Name>.Record} for a model class ({@code VM_guest_metrics} -> {@code VMGuestMetrics}), if the SDK has it. */
    static Optional<Class<?>> recordClass(String modelClass) {
        StringBuilder name = new StringBuilder();
        for (String part : modelClass.split("_")) {
            name.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        try {
            return Optional.of(Class.forName("com.xensource.xenapi." + name + "$Record"));
        } catch (ClassNotFoundException e) {
            return Optional.empty();
        }
    }

    /** The SDK class a ref or record of {@code modelClass} maps to, by the SDK's naming. */
    static String sdkName(String modelClass) {
        return recordClass(modelClass).map(c -> c.getEnclosingClass().getSimpleName()).orElse("?" + modelClass);
    }

    /**
     * Wire key -> the Record field toMap() puts there, found by setting each field alone to a
     * value toMap() can only have taken from it (the same object, or a number no placeholder has),
     * so no name guessing is involved.
     */
    static Map<String, Field> wireFields(Class<?> recordClass) throws ReflectiveOperationException {
        Map<String, Field> out = new LinkedHashMap<>();
        for (Field f : recordClass.getFields()) {
            if (Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            Object record = recordClass.getConstructor().newInstance();
            Object sentinel = sentinel(f.getType());
            f.set(record, sentinel);
            List<String> keys = new ArrayList<>();
            toMap(record).forEach((k, v) -> {
                // numbers by value: toMap() unboxes and reboxes them (x == null ? 0.0 : x)
                if (v == sentinel || sentinel instanceof Number && sentinel.equals(v)) {
                    keys.add(k);
                }
            });
            if (keys.size() != 1) {
                throw new AssertionError(recordClass.getName() + "." + f.getName() + " lands on keys " + keys);
            }
            out.put(keys.getFirst(), f);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> toMap(Object record) throws ReflectiveOperationException {
        return (Map<String, Object>) record.getClass().getMethod("toMap").invoke(record);
    }

    /** What a server receives for {@code record}: the SDK's marshalling, dates as jxend's decoder gives them. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> onTheWire(Object record) throws ReflectiveOperationException {
        return (Map<String, Object>) decoded(Marshalling.toXMLRPC(toMap(record)));
    }

    private static Object decoded(Object marshalled) {
        return switch (marshalled) {
            case Date d -> d.toInstant();
            case Map<?, ?> m -> {
                Map<String, Object> out = new LinkedHashMap<>();
                m.forEach((k, v) -> out.put((String) k, decoded(v)));
                yield out;
            }
            case List<?> l -> l.stream().map(SdkRecords::decoded).toList();
            default -> marshalled;
        };
    }

    /** The first constant of an SDK enum that is a real wire value (not UNRECOGNIZED). */
    static Object realConstant(Class<?> enumType) {
        for (Object c : enumType.getEnumConstants()) {
            if (!c.toString().equals("UNRECOGNIZED")) {
                return c;
            }
        }
        throw new AssertionError(enumType + " has no wire value");
    }

    private static Object sentinel(Class<?> type) throws ReflectiveOperationException {
        if (type == String.class) {
            return new String("sentinel");
        } else if (type == Long.class) {
            return Long.valueOf(1_234_567_891L);
        } else if (type == Double.class) {
            return Double.valueOf(1234.5);
        } else if (type == Boolean.class) {
            return Boolean.TRUE;
        } else if (type == Date.class) {
            return new Date(1_700_000_000_000L);
        } else if (type == Set.class) {
            return new LinkedHashSet<>();
        } else if (type == Map.class) {
            return new HashMap<>();
        } else if (type.isEnum()) {
            return realConstant(type);
        } else if (XenAPIObject.class.isAssignableFrom(type)) {
            var ctor = type.getDeclaredConstructor(String.class);
            ctor.setAccessible(true);
            return ctor.newInstance("OpaqueRef:sentinel");
        } else if (type == Object.class) {
            return new Object();
        }
        throw new AssertionError("no sentinel for " + type);
    }
}
