package org.jxen.xenstore.store;

/** Domain ids as they appear in payloads. */
public final class Domids {
    /** The largest real domain id; above it Xen reserves DOMID_FIRST_RESERVED (0x7ff0) and up. */
    public static final int MAX_REAL = 0x7fef;

    private Domids() {
    }

    /**
     * Parses a whole string like C's {@code strtol(s, &end, 0)} with {@code *end == 0} required:
     * optional sign, then decimal, {@code 0x} hex or {@code 0} octal digits.
     *
     * @return the value (saturated at the long range), or null when the text is empty or not all digits
     */
    public static Long parseCLong(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            negative = s.charAt(i++) == '-';
        }
        int radix = 10;
        if (s.startsWith("0x", i) || s.startsWith("0X", i)) {
            radix = 16;
            i += 2;
        } else if (s.startsWith("0", i) && i + 1 < s.length()) {
            radix = 8;
            i++;
        }
        if (i >= s.length()) {
            return null;
        }
        long v = 0;
        for (; i < s.length(); i++) {
            int d = Character.digit(s.charAt(i), radix);
            if (d < 0) {
                return null;
            }
            v = v > Long.MAX_VALUE / radix - 1 ? Long.MAX_VALUE : v * radix + d;
        }
        return negative ? -v : v;
    }

    /**
     * Parses like glibc's {@code atoi}, which is {@code (int) strtol(s, NULL, 10)}: leading digits
     * (after blanks and a sign), anything else ignored, 0 when there are none; strtol saturates at
     * the long range before the cast keeps the low 32 bits ("99999999999999999999" is -1, measured).
     * C xenstored reads domids this way in GET_DOMAIN_PATH and friends.
     */
    public static int parseLenient(String s) {
        int i = 0;
        boolean negative = false;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        long v = 0;
        boolean saturated = false;
        for (; i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9'; i++) {
            int digit = s.charAt(i) - '0';
            saturated |= v > (Long.MAX_VALUE - digit) / 10;
            v = saturated ? v : v * 10 + digit;
        }
        long strtol = saturated ? (negative ? Long.MIN_VALUE : Long.MAX_VALUE) : (negative ? -v : v);
        return (int) strtol;
    }
}
