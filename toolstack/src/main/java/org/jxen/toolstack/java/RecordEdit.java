package org.jxen.toolstack.java;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;

/**
 * A copy of an immutable record with some components changed by name: libxl's setdefault
 * functions fill a few fields of records with dozens, and a wither per field would be most of the
 * code. A misspelt name is an {@link IllegalArgumentException} the first time the rule runs (every
 * rule is covered by a test). A record class's components, accessors and constructor are looked
 * up once ({@link Shape}): a create edits some thirty records, and reflection each time was a
 * tenth of its wall time.
 */
final class RecordEdit<R extends Record> {
    /** A record class's component names, accessors and canonical constructor (spread over an Object[]). */
    private record Shape(String[] names, MethodHandle[] accessors, MethodHandle constructor) {
        private static final ClassValue<Shape> OF = new ClassValue<>() {
            @Override
            protected Shape computeValue(Class<?> type) {
                RecordComponent[] cs = type.getRecordComponents();
                MethodHandles.Lookup lookup = MethodHandles.lookup();
                try {
                    MethodHandle[] accessors = new MethodHandle[cs.length];
                    for (int i = 0; i < cs.length; i++) {
                        accessors[i] = lookup.unreflect(cs[i].getAccessor()).asType(MethodType.methodType(Object.class,
                                Object.class));
                    }
                    Class<?>[] types = Arrays.stream(cs).map(RecordComponent::getType).toArray(Class<?>[]::new);
                    MethodHandle constructor = lookup.unreflectConstructor(type.getDeclaredConstructor(types))
                            .asSpreader(Object[].class, cs.length).asType(MethodType.methodType(Object.class,
                                    Object[].class));
                    return new Shape(Arrays.stream(cs).map(RecordComponent::getName).toArray(String[]::new), accessors,
                            constructor);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("record " + type.getSimpleName() + " cannot be edited", e);
                }
            }
        };
    }

    private final Class<R> type;
    private final Shape shape;
    private final Object[] values;

    private RecordEdit(Class<R> type, Shape shape, Object[] values) {
        this.type = type;
        this.shape = shape;
        this.values = values;
    }

    @SuppressWarnings("unchecked")
    static <R extends Record> RecordEdit<R> of(R record) {
        Class<R> type = (Class<R>) record.getClass();
        Shape shape = Shape.OF.get(type);
        Object[] values = new Object[shape.accessors().length];
        for (int i = 0; i < values.length; i++) {
            try {
                values[i] = shape.accessors()[i].invoke(record);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException("reading " + type.getSimpleName() + "." + shape.names()[i], e);
            }
        }
        return new RecordEdit<>(type, shape, values);
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
        try {
            return type.cast(shape.constructor().invoke(values));
        } catch (RuntimeException | Error e) {
            throw e; // the record's own checks
        } catch (Throwable e) {
            throw new IllegalStateException("building " + type.getSimpleName(), e);
        }
    }

    private int index(String name) {
        String[] names = shape.names();
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException(type.getSimpleName() + " has no component " + name);
    }
}
