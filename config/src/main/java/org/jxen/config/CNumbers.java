package org.jxen.config;

import java.math.BigInteger;

/**
 * Numbers in text as glibc's {@code strtol}, {@code strtoul} and {@code atoi} read them. xl and
 * libxlu read most numbers a user writes with one of these, and each has its own answer to a sign,
 * a {@code 0x} or {@code 0} prefix, trailing text and a value out of range; jxen must give the same
 * answers (measured against xl 4.17 in the config corpus: {@code x1-*}, {@code x2-*}).
 */
public final class CNumbers {
    private static final BigInteger ULONG_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private static final BigInteger TWO_TO_64 = BigInteger.ONE.shiftLeft(64);
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private CNumbers() {
    }

    /**
     * What the {@code strto*} calls scan: the number with its sign, whatever its size, and the index
     * just after its last digit (C's {@code endptr}).
     */
    public record Scanned(BigInteger value, int end) {
        /** As {@code strtoul} returns it: modulo 2^64 (so "-1" is ULONG_MAX), ULONG_MAX beyond 64 bits. */
        public long unsignedLong() {
            if (value.abs().compareTo(ULONG_MAX) > 0) {
                return -1L;
            }
            return value.mod(TWO_TO_64).longValue();
        }

        /** As {@code strtol} returns it: saturated to a long. */
        public long signedLong() {
            return value.max(LONG_MIN).min(LONG_MAX).longValue();
        }

        /** Whether {@code strtol} sets ERANGE. */
        public boolean outOfLongRange() {
            return value.compareTo(LONG_MIN) < 0 || value.compareTo(LONG_MAX) > 0;
        }

        /** Whether {@code strtoul} sets ERANGE. */
        public boolean outOfUnsignedLongRange() {
            return value.abs().compareTo(ULONG_MAX) > 0;
        }
    }

    /**
     * Scans {@code text} from {@code at} as {@code strtol} and {@code strtoul} do in {@code base} (0
     * is C's: {@code 0x} hexadecimal, a leading {@code 0} octal, else decimal): blanks, a sign, the
     * prefix, the digits. Null where there are no digits (C leaves {@code endptr} at the start).
     */
    public static Scanned scan(String text, int at, int base) {
        int i = at;
        while (i < text.length() && isCSpace(text.charAt(i))) {
            i++;
        }
        boolean negative = i < text.length() && text.charAt(i) == '-';
        if (i < text.length() && (text.charAt(i) == '-' || text.charAt(i) == '+')) {
            i++;
        }
        int radix = base;
        boolean hexPrefix = (base == 0 || base == 16) && (text.startsWith("0x", i) || text.startsWith("0X", i))
                && i + 2 < text.length() && Character.digit(text.charAt(i + 2), 16) >= 0;
        if (hexPrefix) {
            i += 2;
            radix = 16;
        } else if (base == 0) {
            radix = i < text.length() && text.charAt(i) == '0' ? 8 : 10;
        }
        int digits = i;
        while (i < text.length() && isDigit(text.charAt(i), radix)) {
            i++;
        }
        if (i == digits) {
            return null;
        }
        BigInteger value = new BigInteger(text.substring(digits, i), radix);
        return new Scanned(negative ? value.negate() : value, i);
    }

    /** {@code strtoul(text, NULL, base)}: 0 where there are no digits. */
    public static long strtoul(String text, int base) {
        Scanned s = scan(text, 0, base);
        return s == null ? 0 : s.unsignedLong();
    }

    /** {@code strtol(text, NULL, base)}: 0 where there are no digits. */
    public static long strtol(String text, int base) {
        Scanned s = scan(text, 0, base);
        return s == null ? 0 : s.signedLong();
    }

    /** glibc's {@code atoi}: {@code (int) strtol(text, NULL, 10)}, so a long's low 32 bits ("4294967297" is 1). */
    public static int atoi(String text) {
        return (int) strtol(text, 10);
    }

    /** C's {@code isspace} in the C locale. */
    public static boolean isCSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000b' || c == '\f' || c == '\r';
    }

    private static boolean isDigit(char c, int radix) {
        return c < 128 && Character.digit(c, radix) >= 0;
    }
}
