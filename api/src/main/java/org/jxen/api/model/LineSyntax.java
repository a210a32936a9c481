package org.jxen.api.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Splitting a model line at separators that are not inside brackets or a JSON string, since
 * types ({@code (string -> string) map}) and defaults ({@code {"a": "b, c"}}) contain separators.
 */
final class LineSyntax {
    private LineSyntax() {
    }

    /** {@code text} cut at each top-level {@code separator}. */
    static List<String> split(String text, char separator) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = top(text, 0, String.valueOf(separator)); i >= 0; i = top(text, start, String.valueOf(separator))) {
            parts.add(text.substring(start, i));
            start = i + 1;
        }
        parts.add(text.substring(start));
        return parts;
    }

    /** {@code [before, after]} around the first top-level {@code separator}, or {@code [text, null]}. */
    static String[] splitOnce(String text, String separator) {
        int i = top(text, 0, separator);
        return i < 0 ? new String[] {text, null} : new String[] {text.substring(0, i), text.substring(i + separator.length())};
    }

    /** The index of the bracket closing the one at {@code open}, or -1. */
    static int closing(String text, int open) {
        return walk(text, open, (i, depth) -> depth == 0);
    }

    /** The first index at or after {@code from} where {@code separator} starts outside brackets and strings, or -1. */
    private static int top(String text, int from, String separator) {
        return walk(text, from, (i, depth) -> depth == 0 && text.startsWith(separator, i));
    }

    private interface Stop {
        boolean at(int index, int depth);
    }

    /** The first index from {@code from}, outside strings, where {@code stop} holds for the bracket depth there. */
    private static int walk(String text, int from, Stop stop) {
        int depth = 0;
        boolean quoted = false;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
                continue;
            }
            if (c == '"') {
                quoted = true;
                continue;
            }
            if ("([{".indexOf(c) >= 0) {
                depth++;
            } else if (")]}".indexOf(c) >= 0) {
                depth--;
            }
            if (stop.at(i, depth)) {
                return i;
            }
        }
        return -1;
    }
}
