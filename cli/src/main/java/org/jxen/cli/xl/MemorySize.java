package org.jxen.cli.xl;

import java.util.Locale;

/**
 * A memory size as {@code xl mem-set} and {@code mem-max} read it: a number with an optional
 * suffix {@code b k m g t} (either case); without one, MiB. In KiB.
 */
final class MemorySize {
    private MemorySize() {
    }

    static long kib(String text) throws XlFailure {
        String t = text.toLowerCase(Locale.ROOT);
        char last = t.isEmpty() ? ' ' : t.charAt(t.length() - 1);
        String digits = Character.isDigit(last) ? t : t.substring(0, Math.max(0, t.length() - 1));
        if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit) || digits.length() > 15) {
            throw XlFailure.of("invalid memory size: " + text);
        }
        long n = Long.parseLong(digits);
        return switch (Character.isDigit(last) ? 'm' : last) {
            case 'b' -> n / 1024;
            case 'k' -> n;
            case 'm' -> n << 10;
            case 'g' -> n << 20;
            case 't' -> n << 30;
            default -> throw XlFailure.of("invalid memory size: " + text);
        };
    }
}
