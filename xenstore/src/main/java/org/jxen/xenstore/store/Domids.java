package org.jxen.xenstore.store;

/** Domain ids as they appear in payloads. */
public final class Domids {
    /** The largest real domain id; above it Xen reserves DOMID_FIRST_RESERVED (0x7ff0) and up. */
    public static final int MAX_REAL = 0x7fef;

    private Domids() {
    }

    /**
     * Parses an unsigned decimal domid starting at {@code from}. Returns -1 when the text is empty,
     * has anything but digits, or exceeds 65535.
     */
    public static long parseStrict(String s, int from) {
        if (from >= s.length()) {
            return -1;
        }
        long v = 0;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
            if (v > 0xffff) {
                return -1;
            }
        }
        return v;
    }

    /**
     * Parses like C's {@code atoi}: leading digits (after an optional sign), anything else ignored,
     * 0 when there are none. C xenstored reads domids this way in GET_DOMAIN_PATH and friends.
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
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9' && v <= Integer.MAX_VALUE) {
            v = v * 10 + (s.charAt(i++) - '0');
        }
        return (int) (negative ? -v : v);
    }
}
