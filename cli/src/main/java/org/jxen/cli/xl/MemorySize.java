package org.jxen.cli.xl;

import org.jxen.config.CNumbers;

/**
 * A memory size as {@code xl mem-set} and {@code mem-max} read it (parse_mem_size_kb): C's strtoll
 * of the leading number (a sign allowed, no digits is 0), then at most one suffix, {@code b k m g
 * t} in either case; without one, MiB. In KiB. So "" is 0, "-5m" is -5120 (for jxend to refuse),
 * and "0.1g", "100mb", "-" or " m" are not sizes (measured).
 */
final class MemorySize {
    private MemorySize() {
    }

    static long kib(String text) throws XlFailure {
        CNumbers.Scanned n = CNumbers.scan(text, 0, 10); // strtoll: without digits nothing is read, not even a sign
        long number = n == null ? 0 : n.signedLong();
        String suffix = text.substring(n == null ? 0 : n.end());
        if (suffix.length() > 1) {
            throw XlFailure.of("invalid memory size: " + text);
        }
        long kib = switch (suffix.isEmpty() ? 'm' : Character.toLowerCase(suffix.charAt(0))) {
            case 'b' -> number >> 10;
            case 'k' -> number;
            case 'm' -> number << 10;
            case 'g' -> number << 20;
            case 't' -> number << 30;
            default -> throw XlFailure.of("invalid memory size: " + text);
        };
        if (kib == -1) { // xl's "not a size"
            throw XlFailure.of("invalid memory size: " + text);
        }
        return kib;
    }
}
