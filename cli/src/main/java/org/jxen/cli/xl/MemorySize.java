package org.jxen.cli.xl;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A memory size as {@code xl mem-set} and {@code mem-max} read it (parse_mem_size_kb): C's strtoll
 * of the leading number (a sign allowed, no digits is 0), then at most one suffix, {@code b k m g
 * t} in either case; without one, MiB. In KiB. So "" is 0, "-5m" is -5120 (for jxend to refuse),
 * and "0.1g" or "100mb" are not sizes (measured).
 */
final class MemorySize {
    private static final Pattern LEADING = Pattern.compile("\\s*([+-]?[0-9]*)");

    private MemorySize() {
    }

    static long kib(String text) throws XlFailure {
        Matcher m = LEADING.matcher(text);
        m.lookingAt();
        String digits = m.group(1).replace("+", "");
        String suffix = text.substring(m.end());
        if (suffix.length() > 1 || digits.length() > 15) {
            throw XlFailure.of("invalid memory size: " + text);
        }
        long n = digits.isEmpty() || digits.equals("-") ? 0 : Long.parseLong(digits);
        long kib = switch (suffix.isEmpty() ? 'm' : Character.toLowerCase(suffix.charAt(0))) {
            case 'b' -> n >> 10;
            case 'k' -> n;
            case 'm' -> n << 10;
            case 'g' -> n << 20;
            case 't' -> n << 30;
            default -> throw XlFailure.of("invalid memory size: " + text);
        };
        if (kib == -1) { // xl's "not a size"
            throw XlFailure.of("invalid memory size: " + text);
        }
        return kib;
    }
}
