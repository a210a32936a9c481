package org.jxen.config;

import java.util.List;

/** A value in an xl.cfg file: a string or number as written (an atom), or a list of values. */
public sealed interface Value {
    Position position();

    /** A string (quotes removed, escapes applied) or a bare number, as text. */
    record Atom(String text, boolean quoted, Position position) implements Value {
    }

    /** {@code [ v, v, ... ]}; lists nest and may mix atoms and lists. */
    record ListValue(List<Value> items, Position position) implements Value {
        public ListValue {
            items = List.copyOf(items);
        }
    }
}
