package org.jxen.toolstack.java;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;

/**
 * A copy of an immutable record with some components changed by name: libxl's setdefault
 * functions fill a few fields of records with dozens, and a wither per field would be most of the
 * code. A misspelt name is an {@link IllegalArgumentException} the first time the rule runs (every
 * rule is covered by a test).
 */
final class RecordEdit<R extends Record> {
    private final Class<R> type;
    private final RecordComponent[] components;
    private final Object[] values;

    private RecordEdit(Class<R> type, Object[] values) {
        this.type = type;
        this.components = type.getRecordComponents();
        this.values = values;
    }

    @SuppressWarnings("unchecked")
    static <R extends Record> RecordEdit<R> of(R record) {
        Class<R> type = (Class<R>) record.getClass();
        RecordComponent[] cs = type.getRecordComponents();
        Object[] values = new Object[cs.length];
        for (int i = 0; i < cs.length; i++) {
            try {
                values[i] = cs[i].getAccessor().invoke(record);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("reading " + type.getSimpleName() + "." + cs[i].getName(), e);
            }
        }
        return new RecordEdit<>(type, values);
    }

    /** The current value of a component (after any {@link #set}). */
    @SuppressWarnings("unchecked")
    <T> T get(String name) {
        return (T) values[index(name)];
    }

    RecordEdit<R> set(String name, Object value) {
        values[index(name)] = value;
        return this;
    }

    /** Sets the component only when it is null: libxl's "if not set, default to". */
    RecordEdit<R> setDefault(String name, Object value) {
        int i = index(name);
        if (values[i] == null) {
            values[i] = value;
        }
        return this;
    }

    R build() {
        Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
        try {
            return type.getDeclaredConstructor(types).newInstance(values);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("building " + type.getSimpleName(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("building " + type.getSimpleName(), e);
        }
    }

    private int index(String name) {
        for (int i = 0; i < components.length; i++) {
            if (components[i].getName().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException(type.getSimpleName() + " has no component " + name);
    }
}
