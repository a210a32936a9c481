package org.jxen.api.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jxen.api.DateTimes;
import org.jxen.api.FloatText;

/**
 * A field's value as XAPI's database holds it, the text a {@code get_all_records_where}
 * expression compares ({@code DM_to_String} of XAPI's generated db_actions): an int in decimal, a
 * float as {@code %0.18g}, {@code true}/{@code false}, a datetime as {@code 20240131T12:34:56Z}, a
 * ref or an enum as on the wire, a set as {@code ('a' 'b')} and a map as {@code (('k' 'v'))}
 * (XAPI's s-expressions: each string quoted, a backslash or quote in it escaped with a backslash).
 */
public final class DatabaseText {
    private DatabaseText() {
    }

    public static String of(Type type, Object value) {
        return switch (type) {
            case Type.SetType set -> {
                StringBuilder out = new StringBuilder("(");
                for (Object element : (List<?>) value) {
                    separate(out);
                    quote(out, of(set.element(), element));
                }
                yield out.append(')').toString();
            }
            case Type.MapType map -> {
                StringBuilder out = new StringBuilder("(");
                for (var e : ((Map<?, ?>) value).entrySet()) {
                    separate(out);
                    out.append('(');
                    quote(out, of(map.key(), e.getKey()));
                    out.append(' ');
                    quote(out, of(map.value(), e.getValue()));
                    out.append(')');
                }
                yield out.append(')').toString();
            }
            case Type.FloatType f -> value instanceof Double d ? FloatText.database(d) : String.valueOf(value);
            case Type.DateTimeType d -> value instanceof Instant i ? DateTimes.format(i) : String.valueOf(value);
            default -> String.valueOf(value);
        };
    }

    private static void separate(StringBuilder out) {
        if (out.length() > 1) {
            out.append(' ');
        }
    }

    private static void quote(StringBuilder out, String text) {
        out.append('\'');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' || c == '\'') {
                out.append('\\');
            }
            out.append(c);
        }
        out.append('\'');
    }
}
